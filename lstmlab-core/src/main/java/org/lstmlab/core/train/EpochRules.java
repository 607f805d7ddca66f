package org.lstmlab.core.train;

import java.io.Serializable;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The rules between epochs that every trainer of windows follows: the epoch order's shuffle,
 * divergence of the validation loss, and early stopping with the best epoch's parameters kept and
 * put back at the end.
 *
 * <p>Order of use: construct over the live parameters; per epoch {@link #shuffle} the order, train,
 * then {@link #afterEpoch} with the validation loss (a non-null stop ends the run); at the end
 * {@link #finish}. {@link Trainer} runs them in this JVM; a distributed trainer (the Spark module's
 * averaging mode) runs the same object on its driver, and carries {@link #snapshot} in its
 * checkpoints.
 */
public final class EpochRules {

  private final int patience;
  private final int epochs;
  private final float[] w; // the live parameters
  private float[] best; // the best epoch's parameters, with early stopping
  private double bestVal = Double.POSITIVE_INFINITY;
  private int bestEpoch;
  private int sinceBest;

  /**
   * Rules for a run of {@code epochs} epochs over the parameters {@code w}.
   *
   * @param patience epochs without a lower validation loss before stopping; 0 = never
   */
  public EpochRules(int patience, int epochs, float[] w) {
    if (patience < 0 || w == null) {
      throw new IllegalArgumentException("patience must be >= 0 and w not null, got " + patience);
    }
    this.patience = patience;
    this.epochs = epochs;
    this.w = w;
    this.best = patience > 0 ? new float[w.length] : null;
  }

  /** Shuffles the epoch order in place (Fisher-Yates), as every trainer draws it from its seed. */
  public static void shuffle(int[] order, SplittableRandom rng) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  /**
   * After an epoch: divergence if {@code val} is not finite, else a new best (its parameters kept
   * with early stopping), else one more epoch without one.
   *
   * @param hint appended to the divergence message (what to try), or ""
   * @return why the run stops now, or null to go on
   */
  public TrainingLoop.Stop afterEpoch(int epoch, double val, String hint) {
    if (!Double.isFinite(val)) {
      return new TrainingLoop.Stop(StopReason.DIVERGED, "training diverged at epoch " + epoch
          + ": validation loss is " + val + hint);
    }
    if (val < bestVal) {
      bestVal = val;
      bestEpoch = epoch;
      sinceBest = 0;
      if (best != null) {
        System.arraycopy(w, 0, best, 0, w.length);
      }
    } else if (patience > 0 && ++sinceBest >= patience) {
      return new TrainingLoop.Stop(StopReason.EARLY_STOPPED, String.format(Locale.ROOT,
          "early stopping at epoch %d: no lower validation loss for %d epochs", epoch, patience));
    }
    return null;
  }

  /**
   * With early stopping, puts the best epoch's parameters back.
   *
   * @param message why the run stopped, or null when it completed its epochs
   * @return the run's message, saying which epoch was restored
   */
  public String finish(String message) {
    if (best != null && bestEpoch > 0) {
      System.arraycopy(best, 0, w, 0, w.length);
      String restored = String.format(Locale.ROOT,
          "best epoch %d restored (validation loss %.4g)", bestEpoch, bestVal);
      return message == null ? "completed " + epochs + " epochs; " + restored
          : message + "; " + restored;
    }
    return message == null ? "completed " + epochs + " epochs" : message;
  }

  /** The epoch with the lowest validation loss so far, 0 before any. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The rules' state, copied, for a checkpoint. */
  public Snapshot snapshot() {
    return new Snapshot(best == null ? null : best.clone(), bestVal, bestEpoch, sinceBest);
  }

  /** Continues from a {@link #snapshot} of rules over the same parameters and patience. */
  public void restore(Snapshot s) {
    if ((s.best() == null) != (best == null)
        || (best != null && s.best().length != best.length)) {
      throw new IllegalArgumentException("the snapshot's best parameters do not fit these rules");
    }
    best = s.best() == null ? null : s.best().clone();
    bestVal = s.bestVal();
    bestEpoch = s.bestEpoch();
    sinceBest = s.sinceBest();
  }

  /**
   * The state of {@link EpochRules} between epochs.
   *
   * @param best the best epoch's parameters, null without early stopping
   */
  public record Snapshot(float[] best, double bestVal, int bestEpoch, int sinceBest)
      implements Serializable {}
}
