package org.lstmlab.core.lags;

import java.util.SplittableRandom;
import org.lstmlab.core.loss.Mse;
import org.lstmlab.core.nn.SequenceModel;

/**
 * The adding problem: remember two marked numbers among T and output their sum.
 *
 * <p>Encoding, as in Arjovsky, Shah &amp; Bengio 2016, "Unitary Evolution Recurrent Neural
 * Networks", §4.2 (after Hochreiter &amp; Schmidhuber 1997, experiment 4): I = 2 features per step,
 * {@code x[b, t, 0]} a value drawn from U[0, 1) and {@code x[b, t, 1]} a marker, 1 at exactly two
 * steps and 0 elsewhere; one marked step is drawn uniformly from the first half {@code [0, ⌊T/2⌋)},
 * the other from the second half {@code [⌊T/2⌋, T)}. The target y[b] is the sum of the two marked
 * values, read from the model's last step (O = 1, mean squared error).
 *
 * <p>Baseline: always predicting 1, the target's mean, whatever the input. Its MSE is the variance
 * of a sum of two independent U[0, 1) numbers, 2 · 1/12 = 1/6 ≈ 0.167. A model below it has used
 * the markers; one at about 0.167 has learned only the mean. Since the first marker can be as early
 * as step 0, a model must carry a value across up to T − 1 steps.
 */
public final class AddingProblem implements LagTask {

  /** The name {@link LagTask#create} knows this task by. */
  public static final String NAME = "adding";

  /** The smallest T: each half must hold at least one step. */
  public static final int MIN_LENGTH = 2;

  /** The baseline's constant prediction: E[y] = 1. */
  public static final double BASELINE_PREDICTION = 1.0;

  /** The baseline's expected MSE: Var(u1 + u2) = 2/12. */
  public static final double BASELINE_MSE = 1.0 / 6.0;

  private static final Mse MSE = new Mse();

  private final int length;

  /**
   * The adding problem over sequences of {@code length} steps.
   *
   * @throws IllegalArgumentException if {@code length < 2}
   */
  public AddingProblem(int length) {
    if (length < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "length must be >= " + MIN_LENGTH + " for the adding problem, got " + length);
    }
    this.length = length;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String title() {
    return "The adding problem";
  }

  @Override
  public String description() {
    return "Each sequence has " + length + " random numbers between 0 and 1, two of them marked:"
        + " one in the first half, one in the second. The target is the sum of the two marked"
        + " numbers, asked for after the last step, so the network must carry the first one"
        + " across up to " + (length - 1) + " steps. Scored by mean squared error.";
  }

  @Override
  public String baselineDescription() {
    return "A network that remembers nothing can do no better than always predicting 1, the"
        + " average sum: mean squared error 1/6 \u2248 0.167.";
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public int steps() {
    return length;
  }

  @Override
  public int inputSize() {
    return 2;
  }

  @Override
  public int outputSize() {
    return 1;
  }

  @Override
  public SequenceModel.Outputs outputs() {
    return SequenceModel.Outputs.LAST;
  }

  @Override
  public String lossName() {
    return Mse.NAME;
  }

  @Override
  public Batch batch(int size, SplittableRandom random) {
    LagTask.requireBatchArguments(size, random);
    int half = length / 2;
    float[] x = new float[size * length * 2]; // (B, T, 2): value, marker
    float[] y = new float[size]; // (B)
    for (int b = 0; b < size; b++) {
      int row = b * length * 2;
      for (int t = 0; t < length; t++) {
        x[row + 2 * t] = (float) random.nextDouble();
      }
      int first = random.nextInt(half);
      int second = half + random.nextInt(length - half);
      x[row + 2 * first + 1] = 1f;
      x[row + 2 * second + 1] = 1f;
      y[b] = x[row + 2 * first] + x[row + 2 * second];
    }
    return new Batch(size, length, x, y);
  }

  @Override
  public double lossAndGradient(float[] pred, Batch batch, float[] dPred) {
    return MSE.gradient(pred, batch.y(), dPred);
  }

  @Override
  public Score score(float[] pred, Batch batch) {
    return new Score(MSE.value(pred, batch.y()), Double.NaN);
  }

  /** The MSE of predicting {@value #BASELINE_PREDICTION} for every sequence of {@code batch}. */
  @Override
  public Score baseline(Batch batch) {
    float[] constant = new float[batch.size()];
    java.util.Arrays.fill(constant, (float) BASELINE_PREDICTION);
    return new Score(MSE.value(constant, batch.y()), Double.NaN);
  }

  @Override
  public Score expectedBaseline() {
    return new Score(BASELINE_MSE, Double.NaN);
  }

  @Override
  public String toString() {
    return NAME + "(T=" + length + ")";
  }
}
