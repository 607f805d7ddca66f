package org.lstmlab.core.train;

import java.util.Locale;

/**
 * The divergence rule of {@link TrainingLoop}, for every kind of run: a step's loss is refused if
 * it is NaN or infinite, or if it is more than {@link #GROWTH} times the reference, the largest
 * loss of the run's first {@link #WARMUP} steps; during those first steps, more than GROWTH² times
 * the largest so far.
 *
 * <p>Why a reference taken at the start and not the best loss so far: the first steps' loss is
 * that of a model that has not learnt yet, so it measures the scale of the targets (for MSE about
 * their mean square; for cross-entropy about log C). A run that works moves below it; a loss ten
 * thousand times above it means predictions about a hundred times the targets' scale (MSE grows
 * with the square), which no run that is still learning produces, while Adam or RMSprop at lr 1e6
 * reach 1e12 and more from their second step on. The best loss so far would be a reference that
 * shrinks as a model fits: on a noiseless series a good fit reaches 1e-6 per window, and an
 * ordinary later window would count as growth.
 *
 * <p>Why the largest of several steps, and GROWTH² before there are several: with batch 1 the
 * first window can lie by chance right on the untrained model's prediction. For two errors drawn
 * from one centred Gaussian, their ratio is Cauchy-distributed, and the chance that the first
 * squared error is below 1/GROWTH of the second is (2/π)·atan(0.01) ≈ 0.6%, too often for a check
 * that ends runs; below 1/GROWTH² it is (2/π)·atan(1e-4) ≈ 0.006%, while an exploding optimizer
 * still jumps by 1e12. Ten steps make the largest loss a sound scale. Only steps that passed the check
 * enter the reference.
 *
 * <p>Order of use: one guard per run; {@link #check} once per step with the step's loss, before
 * the step is applied. Not thread-safe.
 */
final class DivergenceGuard {

  /**
   * A loss more than this many times the reference is divergence: predictions about √GROWTH = 100
   * times the targets' scale. See the class comment for why no working run comes near it.
   */
  static final double GROWTH = 1e4;

  /** Steps whose losses make the reference: enough that one lucky window does not set it. */
  static final int WARMUP = 10;

  /** The largest loss among the first accepted steps; 0 before the first. */
  private double reference;

  /** Steps accepted so far, counted up to {@link #WARMUP}. */
  private int seen;

  /**
   * Checks one step's loss and, during the first {@link #WARMUP} steps, adds it to the reference.
   *
   * @return null if the loss is acceptable, else what is wrong with it, for a message
   */
  String check(double loss) {
    if (!Double.isFinite(loss)) {
      return "loss is " + loss;
    }
    double factor = seen < WARMUP ? GROWTH * GROWTH : GROWTH;
    if (seen > 0 && reference > 0 && loss > factor * reference) {
      return String.format(Locale.ROOT,
          "loss is %.4g, over %.0f times the largest loss of the first steps (%.4g)", loss, factor,
          reference);
    }
    if (seen < WARMUP) {
      reference = Math.max(reference, loss);
      seen++;
    }
    return null;
  }

  /** The reference loss, 0 before the first step. */
  double reference() {
    return reference;
  }

  /** Steps that made the reference, at most {@link #WARMUP}. */
  int seen() {
    return seen;
  }

  /** Continues from another guard's {@link #reference} and {@link #seen}. */
  void restore(double reference, int seen) {
    this.reference = reference;
    this.seen = seen;
  }
}
