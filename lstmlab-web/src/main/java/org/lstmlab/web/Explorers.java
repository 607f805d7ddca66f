package org.lstmlab.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.lstmlab.core.data.Split;
import org.lstmlab.core.loss.Loss;
import org.lstmlab.core.loss.Losses;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Mode;
import org.lstmlab.core.nn.Parameters;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.train.Trainer;
import org.lstmlab.core.train.TrainerConfig;

/**
 * The two views inside the networks: the gate explorer and the gradient flow. Each builds small
 * models from the request's seed, optionally trains them briefly (the {@code epochs} field; 0
 * means freshly initialised), runs them on a window of the series, and returns the numbers the
 * page plots. Stateless; each call builds its own models.
 */
final class Explorers {
  private static final double LR = 0.01;
  private static final int BATCH = 8;

  private Explorers() {}

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
    SeriesSettings series = SeriesSettings.from(p);
    int hidden = p.intIn("hidden", 8, 1, Limits.MAX_EXPLORER_HIDDEN);
    int window = p.intIn("window", 12, Limits.MIN_WINDOW, Limits.MAX_WINDOW);
    int epochs = p.intIn("epochs", 20, 0, Limits.MAX_EXPLORER_EPOCHS);
    Prepared data = new Prepared(series, window);
    int maxStart = data.raw.length - window;
    int start = p.intIn("start", Math.max(0, data.parts.test().from()), 0, maxStart);

    SequenceModel m = model(CellType.LSTM, hidden, series.seed(), data, epochs);
    float[] x = new float[window]; // (1, T, 1)
    System.arraycopy(data.scaled, start, x, 0, window);
    float[] pred = m.predict(SequenceBatch.of(x, 1, window, 1));
    float[] gates = m.gateActivations(0); // (1, T, 4H), i f g o
    float[] c = m.cellStates(0); // (1, T, H)
    float[] h = m.hiddenStates(); // (1, T, H)

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
    out.put("maxStart", maxStart);
    out.put("input", Json.nums(x));
    out.put("inputRaw", Json.nums(java.util.Arrays.copyOfRange(data.raw, start, start + window)));
    out.put("prediction", (double) data.scaler.inverseTransform(pred)[0]);
    out.put("predictionScaled", (double) pred[0]);
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
    SeriesSettings series = SeriesSettings.from(p, 400);
    int hidden = p.intIn("hidden", 16, 1, Limits.MAX_EXPLORER_HIDDEN);
    int window = p.intIn("window", 40, Limits.MIN_WINDOW, Limits.MAX_GRADIENT_WINDOW);
    int epochs = p.intIn("epochs", 0, 0, Limits.MAX_EXPLORER_EPOCHS);
    String fb = p.raw("forgetBias");
    Double forgetBias = fb == null || fb.isBlank() ? null
        : p.doubleIn("forgetBias", 0, -Limits.MAX_FORGET_BIAS, Limits.MAX_FORGET_BIAS, false);
    Prepared data = new Prepared(series, window);
    Split.Range test = data.parts.test();
    int batch = Math.max(1, test.size());
    SequenceBatch x = data.x(test); // (B, T, 1)
    float[] y = data.y(test); // (B, 1)
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("hidden", hidden);
    out.put("window", window);
    out.put("epochs", epochs);
    out.put("windows", batch);
    out.put("forgetBias", forgetBias);
    for (CellType cell : new CellType[] {CellType.RNN_TANH, CellType.LSTM}) {
      SequenceModel m = SequenceModel.builder(cell, 1, hidden).seed(series.seed()).build();
      if (cell == CellType.LSTM && forgetBias != null) {
        setForgetBias(m, hidden, forgetBias);
      }
      train(m, series.seed(), data, epochs);
      m.parameters().zeroGrad();
      float[] pred = m.forward(x, Mode.INFERENCE);
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

  private static SequenceModel model(CellType cell, int hidden, long seed, Prepared data,
      int epochs) {
    SequenceModel m = SequenceModel.builder(cell, 1, hidden).seed(seed).build();
    train(m, seed, data, epochs);
    return m;
  }

  private static void train(SequenceModel m, long seed, Prepared data, int epochs) {
    if (epochs > 0) {
      int h = m.config().hidden();
      double work = (double) epochs * data.parts.train().size() * data.window * (h + 1) * (h + 1);
      if (work > Limits.MAX_WORK / 4) {
        throw ApiError.badRequest(String.format(java.util.Locale.ROOT,
            "the quick training is too large: epochs × training windows × window × (hidden + 1)²"
                + " = %.3g, at most %.0e here (a few seconds); lower epochs, hidden, window or"
                + " length", work, (double) (Limits.MAX_WORK / 4)));
      }
      Split.Range train = data.parts.train();
      TrainerConfig config = TrainerConfig.builder().epochs(epochs).batchSize(BATCH).lr(LR)
          .seed(seed).build();
      new Trainer(m, config).fit(data.x(train), data.y(train));
    }
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
