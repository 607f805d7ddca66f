package org.lstmlab.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.ModelWindows;
import org.lstmlab.core.forecast.SeriesDataset;
import org.lstmlab.core.forecast.TargetTransform;
import org.lstmlab.core.forecast.TimeSeries;
import org.lstmlab.core.forecast.WindowPredictions;
import org.lstmlab.core.loss.Loss;
import org.lstmlab.core.loss.Losses;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Mode;
import org.lstmlab.core.nn.Parameters;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.train.TrainerConfig;

/**
 * The two views inside the networks: the gate explorer and the gradient flow. Each goes through
 * the library's forecasting pipeline: the series standardised with the statistics of its first
 * 70% (training), windows of T values predicting the next, split 70 / 15 / 15 by their targets;
 * it builds small models from the request's seed, optionally trains them briefly ({@link
 * Forecaster#fit}; {@code epochs} 0 means freshly initialised, {@link Forecaster#untrained}), runs
 * them on the pipeline's own windows ({@link FittedForecaster#windows}) and returns the numbers the
 * page plots. Stateless; each call builds its own models.
 */
final class Explorers {
  private static final double LR = 0.01;
  private static final int BATCH = 8;
  private static final double VALIDATION = 0.15;
  private static final double TEST = 0.15;

  private Explorers() {}

  /**
   * The explorers' pipeline: standardised raw values (no transform, no relative windows), one
   * step ahead, Adam at lr {@value #LR} in batches of {@value #BATCH} for {@code epochs} (at least
   * 1; 0 is handled by not training).
   */
  static ForecastConfig config(CellType cell, int hidden, int window, int epochs, long seed) {
    return ForecastConfig.builder().cell(cell).hidden(hidden).window(window).horizon(1)
        .transform(TargetTransform.NONE).relative(false).season(1).scaler(Scaler.STANDARD)
        .split(VALIDATION, TEST)
        .training(TrainerConfig.builder().epochs(Math.max(1, epochs)).batchSize(BATCH).lr(LR)
            .seed(seed).build())
        .build();
  }

  /**
   * The model of {@code config} on {@code data}, starting from {@code start} (or the seed's
   * parameters), trained {@code epochs} by the pipeline, or untrained for 0.
   *
   * @throws ApiError 400 if the series is too short for the window, or the training is over the
   *     explorers' budget
   */
  static FittedForecaster model(ForecastConfig config, SeriesDataset data, SequenceModel start,
      int epochs) {
    Forecaster forecaster = new Forecaster(config);
    FittedForecaster untrained;
    try {
      untrained = forecaster.untrained(data, start);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    if (epochs == 0) {
      return untrained;
    }
    int h = config.hidden();
    int trainWindows = untrained.windows(data.series().get(0), WindowPredictions.Part.TRAIN)
        .count();
    double work = (double) epochs * trainWindows * config.window() * (h + 1) * (h + 1);
    if (work > Limits.MAX_WORK / 4) {
      throw ApiError.badRequest(String.format(java.util.Locale.ROOT,
          "the quick training is too large: epochs × training windows × window × (hidden + 1)²"
              + " = %.3g, at most %.0e here (a few seconds); lower epochs, hidden, window or"
              + " length", work, (double) (Limits.MAX_WORK / 4)));
    }
    return forecaster.fit(data, null, null, start).forecaster();
  }

  /**
   * The gate explorer: an LSTM's i, f, g, o, c and h at every step of one window, and the terms of
   * its pre-activations so the page can fill the equations in with live numbers.
   *
   * <p>Fields read: the series' ({@link SeriesSettings}), {@code hidden} (H ≤ {@value
   * Limits#MAX_EXPLORER_HIDDEN}), {@code window} (T), {@code start} (the window's first point),
   * {@code epochs} (quick training with Adam, lr 0.01, batch 8, on the training windows; 0 = fresh
   * initialisation).
   *
   * <p>For gate k ∈ (i, f, g, o), unit j and step t, with PyTorch's stacked weights: {@code
   * wx[k][t][j] = W_ih[kH+j]·x_t}, {@code wh[k][t][j] = W_hh[kH+j]·h_{t−1}}, {@code b[k][j] =
   * b_ih[kH+j] + b_hh[kH+j]}; the gate is σ (tanh for g) of their sum. Arrays are [t][j].
   */
  static Map<String, Object> gates(Params p) {
    p.requireOnly(Fields.GATES.stream().map(Field::name).toList());
    SeriesSettings series = SeriesSettings.from(p);
    int hidden = Fields.GATES_HIDDEN.readInt(p);
    int window = Fields.GATES_WINDOW.readInt(p);
    int epochs = Fields.GATES_EPOCHS.readInt(p);
    SeriesDataset data = series.dataset();
    TimeSeries ts = data.series().get(0);
    FittedForecaster f = model(config(CellType.LSTM, hidden, window, epochs, series.seed()), data,
        null, epochs);
    // Window n of all reads points [n, n + T) and predicts point n + T: n is the window's start.
    ModelWindows all = f.windows(ts, WindowPredictions.Part.ALL);
    int maxStart = all.count() - 1;
    int testStart = f.windows(ts, WindowPredictions.Part.TEST).firstOrigin() - all.firstOrigin();
    int start = Fields.START.readInt(p, testStart, maxStart);

    SequenceModel m = f.model();
    float[] x = all.window(start); // (1, T, 1)
    float[] pred = m.predict(SequenceBatch.of(x, 1, window, 1));
    float[] gates = m.gateActivations(0); // (1, T, 4H), i f g o
    float[] c = m.cellStates(0); // (1, T, H)
    float[] h = m.hiddenStates(); // (1, T, H)
    WindowPredictions wp = f.predictions(ts);

    Parameters params = m.parameters();
    float[] wIh = params.get("rnn.weight_ih_l0"); // (4H, 1)
    float[] wHh = params.get("rnn.weight_hh_l0"); // (4H, H)
    float[] bIh = params.get("rnn.bias_ih_l0"); // (4H)
    float[] bHh = params.get("rnn.bias_hh_l0"); // (4H)

    String[] names = {"i", "f", "g", "o"};
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("hidden", hidden);
    out.put("window", window);
    out.put("start", start);
    out.put("epochs", epochs);
    out.put("max_start", maxStart);
    out.put("input", Json.nums(x));
    out.put("input_raw", Json.nums(java.util.Arrays.copyOfRange(ts.target(), start,
        start + window)));
    out.put("prediction", Json.num(wp.predicted()[start]));
    out.put("prediction_scaled", (double) pred[0]);
    out.put("actual", Json.num(wp.actual()[start]));
    Map<String, Object> act = new LinkedHashMap<>();
    Map<String, Object> wx = new LinkedHashMap<>();
    Map<String, Object> wh = new LinkedHashMap<>();
    Map<String, Object> bias = new LinkedHashMap<>();
    int g4 = 4 * hidden;
    for (int k = 0; k < 4; k++) {
      double[][] a = new double[window][hidden];
      double[][] tx = new double[window][hidden];
      double[][] th = new double[window][hidden];
      double[] b = new double[hidden];
      for (int j = 0; j < hidden; j++) {
        int row = k * hidden + j;
        b[j] = (double) bIh[row] + bHh[row];
        for (int t = 0; t < window; t++) {
          a[t][j] = gates[t * g4 + row];
          tx[t][j] = (double) wIh[row] * x[t];
          double s = 0;
          if (t > 0) {
            for (int q = 0; q < hidden; q++) {
              s += (double) wHh[row * hidden + q] * h[(t - 1) * hidden + q];
            }
          }
          th[t][j] = s;
        }
      }
      act.put(names[k], a);
      wx.put(names[k], tx);
      wh.put(names[k], th);
      bias.put(names[k], b);
    }
    act.put("c", grid(c, window, hidden));
    act.put("h", grid(h, window, hidden));
    out.put("gates", act);
    out.put("wx", wx);
    out.put("wh", wh);
    out.put("bias", bias);
    return out;
  }

  /**
   * The gradient flow: ‖∂L/∂x_t‖ for every input step t of the same windows, for an RNN (tanh) and
   * an LSTM of the same size and seed. L is the MSE of the last-step prediction over a batch of
   * windows; the norm at step t is over the batch, √(Σ_b (∂L/∂x_{b,t})²).
   *
   * <p>Fields read: the series', {@code hidden}, {@code window} (T ≤ {@value
   * Limits#MAX_GRADIENT_WINDOW}), {@code epochs} (0 = fresh initialisation).
   */
  static Map<String, Object> gradients(Params p) {
    p.requireOnly(Fields.GRADIENTS.stream().map(Field::name).toList());
    SeriesSettings series = SeriesSettings.from(p, Fields.GRADIENT_LENGTH);
    int hidden = Fields.GRADIENT_HIDDEN.readInt(p);
    int window = Fields.GRADIENT_WINDOW.readInt(p);
    int epochs = Fields.GRADIENT_EPOCHS.readInt(p);
    String fb = p.raw(Fields.FORGET_BIAS.name());
    Double forgetBias = fb == null || fb.isBlank() ? null : Fields.FORGET_BIAS.readDouble(p);
    SeriesDataset data = series.dataset();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("hidden", hidden);
    out.put("window", window);
    out.put("epochs", epochs);
    out.put("forget_bias", forgetBias);
    for (CellType cell : new CellType[] {CellType.RNN_TANH, CellType.LSTM}) {
      ForecastConfig config = config(cell, hidden, window, epochs, series.seed());
      SequenceModel start = null;
      if (cell == CellType.LSTM && forgetBias != null) {
        start = SequenceModel.builder(cell, 1, hidden).seed(series.seed()).build();
        setForgetBias(start, hidden, forgetBias);
      }
      FittedForecaster f = model(config, data, start, epochs);
      ModelWindows test = f.windows(data.series().get(0), WindowPredictions.Part.TEST);
      int batch = test.count();
      float[] x = test.x(); // (B, T, 1)
      float[] y = test.y(); // (B, 1)
      out.put("windows", batch);
      SequenceModel m = f.model();
      m.parameters().zeroGrad();
      float[] pred = m.forward(SequenceBatch.of(x, batch, window, 1), Mode.INFERENCE);
      Loss mse = Losses.byName("mse");
      float[] dPred = new float[pred.length];
      double loss = mse.gradient(pred, y, dPred);
      float[] dx = m.backward(dPred); // (B, T, 1)
      double[] norm = new double[window];
      for (int b = 0; b < batch; b++) {
        for (int t = 0; t < window; t++) {
          double v = dx[b * window + t];
          norm[t] += v * v;
        }
      }
      for (int t = 0; t < window; t++) {
        norm[t] = Math.sqrt(norm[t]);
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("loss", Json.num(loss));
      r.put("norm", Json.nums(norm));
      out.put(cell == CellType.LSTM ? "lstm" : "rnn", r);
    }
    return out;
  }

  /**
   * Sets the LSTM's forget-gate bias b_f = bias_ih[H:2H] + bias_hh[H:2H] to {@code value} (all in
   * bias_ih). A large b_f opens the forget gate, f = σ(b_f + ...) near 1, so the cell state's
   * additive path c_t = f_t c_{t−1} + ... passes the gradient back almost unchanged: the
   * mechanism of [Hochreiter &amp; Schmidhuber 1997]; Jozefowicz et al. 2015 recommend b_f = 1
   * at initialisation.
   */
  static void setForgetBias(SequenceModel m, int hidden, double value) {
    Parameters params = m.parameters();
    float[] bIh = params.get("rnn.bias_ih_l0");
    float[] bHh = params.get("rnn.bias_hh_l0");
    for (int j = hidden; j < 2 * hidden; j++) {
      bIh[j] = (float) value;
      bHh[j] = 0f;
    }
    params.set("rnn.bias_ih_l0", bIh);
    params.set("rnn.bias_hh_l0", bHh);
  }

  private static double[][] grid(float[] v, int steps, int hidden) {
    double[][] g = new double[steps][hidden];
    for (int t = 0; t < steps; t++) {
      for (int j = 0; j < hidden; j++) {
        g[t][j] = v[t * hidden + j];
      }
    }
    return g;
  }
}
