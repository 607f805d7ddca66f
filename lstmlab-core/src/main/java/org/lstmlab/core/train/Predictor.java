package org.lstmlab.core.train;

import java.util.function.Function;
import org.lstmlab.core.nn.Checks;
import org.lstmlab.core.nn.FrozenModel;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;

/**
 * Predictions of a trained many-to-one {@link SequenceModel}: one step ahead over given windows,
 * and recursive forecasts past the end of a series.
 *
 * <p>{@link #predict} runs the model without dropout on windows x (N, T, I) in batches, giving
 * (N, O), the same numbers as one {@code model.predict} over all windows (the rows are
 * independent).
 *
 * <p>{@link #forecast} is the notebook's recursive forecast: start from the last T values of the
 * series, predict, append the prediction to the inputs, drop the oldest value, repeat. A model
 * with horizon O &gt; 1 contributes a block of O values per call, all appended before the next
 * call. Limitation: feeding predictions back as inputs needs the input to be the predicted
 * quantity, so only univariate models (I = 1) are supported; a multivariate model would also need
 * forecasts of its other input features. Errors compound: each step's error becomes the next
 * step's input (Taieb et al. 2012, "A review and comparison of strategies for multi-step ahead
 * time series forecasting").
 *
 * <p>Values are in the units the model was trained in: scale the series before and
 * inverse-transform the forecast after. Not thread-safe (the model is not).
 */
public final class Predictor {

  /** Windows per forward pass in {@link #predict(SequenceBatch)}. */
  public static final int DEFAULT_BATCH = 256;

  private final Function<SequenceBatch, float[]> model; // a model's or a frozen model's predict
  private final int in; // the model's I
  private final int out; // the model's O

  /**
   * A predictor for {@code model}, which it runs as the model is at each call.
   *
   * @throws IllegalArgumentException if the model is null or predicts every step (outputs ALL)
   */
  public Predictor(SequenceModel model) {
    this(nonNull(model).outputs(), model::predict, model.inputSize(), model.outputSize());
  }

  /**
   * A predictor for a frozen model (see {@link SequenceModel#freeze()}): the same predictions as
   * its source's at the time of freezing, faster for small ones.
   *
   * @throws IllegalArgumentException if the model is null or predicts every step (outputs ALL)
   */
  public Predictor(FrozenModel model) {
    this(nonNull(model).outputs(), model::predict, model.inputSize(), model.outputSize());
  }

  private static <M> M nonNull(M model) {
    if (model == null) {
      throw new IllegalArgumentException("model must not be null");
    }
    return model;
  }

  private Predictor(SequenceModel.Outputs outputs, Function<SequenceBatch, float[]> model,
      int in, int out) {
    if (outputs != SequenceModel.Outputs.LAST) {
      throw new IllegalArgumentException(
          "the predictor needs a many-to-one model (outputs LAST), got outputs " + outputs);
    }
    this.model = model;
    this.in = in;
    this.out = out;
  }

  /** One-step predictions in batches of {@value #DEFAULT_BATCH}. */
  public float[] predict(SequenceBatch x) {
    return predict(x, DEFAULT_BATCH);
  }

  /**
   * One-step predictions for every window, without dropout.
   *
   * @param x (N, T, I) windows, from zero states
   * @param batchSize windows per forward pass, &gt; 0
   * @return (N, O) predictions
   * @throws IllegalArgumentException if batchSize is not positive, x is null, has initial states
   *     or its I is not the model's
   */
  public float[] predict(SequenceBatch x, int batchSize) {
    Checks.requirePositive("batchSize", batchSize);
    Trainer.requireWindows("x", x, in, -1);
    int windows = x.batch();
    int steps = x.steps();
    if (windows <= batchSize) {
      return model.apply(x);
    }
    int xw = steps * in;
    float[] pred = new float[windows * out];
    float[] chunk = new float[batchSize * xw];
    for (int from = 0; from < windows; from += batchSize) {
      int size = Math.min(batchSize, windows - from);
      float[] buf = size == batchSize ? chunk : new float[size * xw];
      System.arraycopy(x.values(), from * xw, buf, 0, size * xw);
      float[] p = model.apply(SequenceBatch.of(buf, size, steps, in));
      System.arraycopy(p, 0, pred, from * out, size * out);
    }
    return pred;
  }

  /**
   * Forecasts {@code count} values past the end of a univariate series, feeding each prediction
   * back as the next input.
   *
   * @param series the series so far, in the model's units; its last {@code window} values are the
   *     first input
   * @param window T, input steps per prediction, {@code 0 < window <= series.length}
   * @param count how many future values, > 0
   * @return (count) the forecast; with horizon O &gt; 1 the last block is cut to fit
   * @throws IllegalArgumentException if the model is not univariate (I ≠ 1), or an argument is out
   *     of range
   */
  public float[] forecast(float[] series, int window, int count) {
    if (in != 1) {
      throw new IllegalArgumentException(
          "recursive forecasting feeds predictions back as inputs and needs a univariate model"
              + " (I = 1), got I = " + in + "; forecast the other features too, or predict"
              + " one step over windows instead");
    }
    if (series == null || window <= 0 || window > series.length) {
      throw new IllegalArgumentException(
          "window must be in [1, " + (series == null ? 0 : series.length)
              + "] (the series' length), got " + window);
    }
    if (count <= 0) {
      throw new IllegalArgumentException("count must be > 0, got " + count);
    }
    // The window's values followed by the forecast so far; each prediction reads the last T.
    float[] values = new float[window + count + out];
    System.arraycopy(series, series.length - window, values, 0, window);
    float[] input = new float[window]; // (1, T, 1)
    SequenceBatch batch = SequenceBatch.of(input, 1, window, 1);
    int have = 0;
    while (have < count) {
      System.arraycopy(values, have, input, 0, window);
      float[] p = model.apply(batch);
      System.arraycopy(p, 0, values, window + have, out);
      have += out;
    }
    float[] forecast = new float[count];
    System.arraycopy(values, window, forecast, 0, count);
    return forecast;
  }
}
