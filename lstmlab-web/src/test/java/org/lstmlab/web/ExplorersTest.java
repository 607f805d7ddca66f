package org.lstmlab.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The explorers' numbers against the LSTM's own equations: the terms the page fills in must give
 * back the activations the engine computed, so the equations on the page are the real ones.
 */
class ExplorersTest {

  static Params params(Map<String, String> m) {
    return new Params(m::get);
  }

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  @ParameterizedTest
  @CsvSource({"0, 4, 9", "15, 7, 12", "5, 1, 3"})
  @SuppressWarnings("unchecked")
  void gates_termsReproduceTheSixEquations(int epochs, int hidden, int window) {
    Map<String, Object> g = Explorers.gates(params(Map.of("epochs", "" + epochs,
        "hidden", "" + hidden, "window", "" + window, "seed", "5")));
    Map<String, double[][]> act = (Map<String, double[][]>) g.get("gates");
    Map<String, double[][]> wx = (Map<String, double[][]>) g.get("wx");
    Map<String, double[][]> wh = (Map<String, double[][]>) g.get("wh");
    Map<String, double[]> b = (Map<String, double[]>) g.get("bias");
    for (int t = 0; t < window; t++) {
      for (int j = 0; j < hidden; j++) {
        for (String k : new String[] {"i", "f", "o"}) {
          double z = wx.get(k)[t][j] + wh.get(k)[t][j] + b.get(k)[j];
          assertThat(act.get(k)[t][j]).as("%s t=%d j=%d", k, t, j)
              .isCloseTo(sigmoid(z), within(1e-5));
        }
        double zg = wx.get("g")[t][j] + wh.get("g")[t][j] + b.get("g")[j];
        assertThat(act.get("g")[t][j]).isCloseTo(Math.tanh(zg), within(1e-5));
        double cPrev = t == 0 ? 0 : act.get("c")[t - 1][j];
        double c = act.get("f")[t][j] * cPrev + act.get("i")[t][j] * act.get("g")[t][j];
        assertThat(act.get("c")[t][j]).isCloseTo(c, within(1e-5));
        assertThat(act.get("h")[t][j])
            .isCloseTo(act.get("o")[t][j] * Math.tanh(act.get("c")[t][j]), within(1e-5));
      }
    }
  }

  /**
   * The gate explorer reads the pipeline's window: the series standardised with the mean and
   * population standard deviation of its first 70 points (its training part), computed here; its
   * prediction is the model's output in the series' units, the actual value the next point.
   */
  @Test
  void gates_inputIsTheStandardisedWindow_byHand() {
    Map<String, Object> g = Explorers.gates(params(Map.of("epochs", "0", "hidden", "3",
        "window", "6", "start", "20", "seed", "9", "length", "100")));
    double[] y = org.lstmlab.core.data.NotebookSeries.values(100, 0.5, 9);
    double mean = 0;
    for (int t = 0; t < 70; t++) {
      mean += y[t];
    }
    mean /= 70;
    double var = 0;
    for (int t = 0; t < 70; t++) {
      var += (y[t] - mean) * (y[t] - mean);
    }
    double std = Math.sqrt(var / 70);
    Double[] input = (Double[]) g.get("input");
    Double[] raw = (Double[]) g.get("input_raw");
    for (int t = 0; t < 6; t++) {
      assertThat(raw[t]).isEqualTo(y[20 + t]);
      assertThat(input[t]).isCloseTo((y[20 + t] - mean) / std, within(1e-5));
    }
    assertThat((Double) g.get("actual")).isEqualTo(y[26]);
    assertThat((Double) g.get("prediction"))
        .isCloseTo((Double) g.get("prediction_scaled") * std + mean, within(1e-5));
    assertThat(g.get("max_start")).isEqualTo(100 - 6 - 1);
  }

  static double[] ratios(int window, int epochs, String forgetBias) {
    Map<String, String> m = new java.util.HashMap<>(Map.of("window", "" + window,
        "hidden", "16", "epochs", "" + epochs, "length", "400", "seed", "0"));
    if (forgetBias != null) {
      m.put("forget_bias", forgetBias);
    }
    Map<String, Object> g = Explorers.gradients(params(m));
    @SuppressWarnings("unchecked")
    Double[] rnn = (Double[]) ((Map<String, Object>) g.get("rnn")).get("norm");
    @SuppressWarnings("unchecked")
    Double[] lstm = (Double[]) ((Map<String, Object>) g.get("lstm")).get("norm");
    double[] r = {rnn[0] / rnn[window - 1], lstm[0] / lstm[window - 1]};
    System.out.printf("gradient ratio oldest/newest, T=%d H=16 epochs=%d forgetBias=%s:"
        + " rnn %.3g lstm %.3g%n", window, epochs, forgetBias, r[0], r[1]);
    return r;
  }

  /** Fresh models: both gradients vanish over 40 steps, the RNN's at least as fast. */
  @ParameterizedTest
  @CsvSource({"40", "80"})
  void gradients_freshModels_bothVanish(int window) {
    double[] r = ratios(window, 0, null);
    assertThat(r[0]).isLessThan(1e-6);
    assertThat(r[1]).isLessThan(1e-6).isGreaterThan(r[0]);
  }

  /**
   * An open forget gate (b_f = 3, f ≈ 0.95) keeps the LSTM's gradient alive over 40 steps through
   * the additive cell path, while the RNN's, with the same seed, still vanishes.
   */
  @ParameterizedTest
  @CsvSource({"3, 1e-3", "5, 1e-2"})
  void gradients_openForgetGate_keepsLstmGradientAlive(String forgetBias, double atLeast) {
    double[] r = ratios(40, 0, forgetBias);
    assertThat(r[1]).isGreaterThan(atLeast);
    assertThat(r[0]).isLessThan(1e-6);
  }
}
