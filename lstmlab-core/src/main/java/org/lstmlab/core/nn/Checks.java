package org.lstmlab.core.nn;

/**
 * Argument checks shared by the layers. Every failure is an {@link IllegalArgumentException} whose
 * message names the argument and says what was expected.
 */
public final class Checks {
  private Checks() {}

  /** Requires {@code value > 0}. */
  public static int requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
    return value;
  }

  /** Requires {@code array} to be non-null with exactly {@code length} elements. */
  public static void requireLength(String name, float[] array, int length, String shape) {
    if (array == null) {
      throw new IllegalArgumentException(name + " is null; expected shape " + shape);
    }
    if (array.length != length) {
      throw new IllegalArgumentException(
          name + " has " + array.length + " elements; expected shape " + shape + " = " + length);
    }
  }

  /**
   * {@link #requireLength(String, float[], int, String)} with the expected shape given as its
   * dimensions, written out only when the check fails: the forward and backward passes check their
   * arrays at every call, and building the message first cost a string a call.
   */
  static void requireShape(String name, float[] array, int length, int... dims) {
    if (array == null || array.length != length) {
      requireLength(name, array, length, Recurrent.shape(dims));
    }
  }

  /** Requires every element to be finite (no NaN, no infinity). */
  public static void requireFinite(String name, float[] array) {
    for (int i = 0; i < array.length; i++) {
      if (!Float.isFinite(array[i])) {
        throw new IllegalArgumentException(
            name + " has a non-finite value " + array[i] + " at flat index " + i);
      }
    }
  }

  /** Requires a finite number within {@code [min, max]}. */
  public static double requireRange(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          name + " must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }
}
