package org.lstmlab.core.loss;

/** The argument checks every {@link Loss} makes, with messages naming the argument. */
final class LossChecks {
  private LossChecks() {}

  /** Requires non-null, non-empty {@code pred} and {@code target} of one length; returns it. */
  static int requirePair(float[] pred, float[] target) {
    if (pred == null) {
      throw new IllegalArgumentException("pred is null; expected at least one element");
    }
    if (pred.length == 0) {
      throw new IllegalArgumentException("pred is empty; expected at least one element");
    }
    requireLike("target", target, pred.length);
    return pred.length;
  }

  /** As {@link #requirePair}, and {@code dPred} of the same length too. */
  static int requireTriple(float[] pred, float[] target, float[] dPred) {
    int n = requirePair(pred, target);
    requireLike("dPred", dPred, n);
    return n;
  }

  private static void requireLike(String name, float[] array, int n) {
    if (array == null) {
      throw new IllegalArgumentException(name + " is null; expected " + n + " elements like pred");
    }
    if (array.length != n) {
      throw new IllegalArgumentException(
          name + " has " + array.length + " elements; expected " + n + " like pred");
    }
  }
}
