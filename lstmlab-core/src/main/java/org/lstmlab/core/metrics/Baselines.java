package org.lstmlab.core.metrics;

/**
 * The forecasts a model must beat to be worth its training, on the same windows as the model.
 *
 * <ul>
 *   <li>{@link #naive}: the last observed value repeats, {@code ŷ_{t+k} = y_t} for every step k of
 *       the horizon (the "naïve" or random-walk forecast, Hyndman &amp; Athanasopoulos,
 *       <i>Forecasting: Principles and Practice</i>, §5.2). On a smooth series it is hard to beat
 *       one step ahead.
 *   <li>{@link #mean}: the mean of the training targets, the same for every window (scikit-learn's
 *       {@code DummyRegressor(strategy="mean")}, one mean per output column). Its MSE on the
 *       training windows is their variance, so R² = 0 there by construction.
 * </ul>
 *
 * <p>Windows are laid out as the trainer takes them: inputs x (N, T, I), targets y (N, O).
 * Stateless.
 */
public final class Baselines {

  private Baselines() {}

  /**
   * The naive forecast of a univariate series: each window's last value, repeated {@code horizon}
   * times.
   *
   * @param x (N, T) windows of a univariate series (I = 1)
   * @param windows N, > 0
   * @param horizon O, the predictions per window, > 0
   * @return (N, O) predictions
   * @throws IllegalArgumentException if a count is not positive or x's length is not a multiple
   *     of N
   */
  public static float[] naive(float[] x, int windows, int horizon) {
    return naive(x, windows, 1, 0, horizon);
  }

  /**
   * The naive forecast of one feature of a multivariate series: each window's last value of
   * {@code feature}, repeated {@code horizon} times.
   *
   * @param x (N, T, I) windows
   * @param windows N, > 0
   * @param inputs I, > 0
   * @param feature the target's column in the input, {@code 0 <= feature < I}
   * @param horizon O, the predictions per window, > 0
   * @return (N, O) predictions
   * @throws IllegalArgumentException if a count is not positive, the feature is out of range, or
   *     x's length is not N·T·I for some T ≥ 1
   */
  public static float[] naive(float[] x, int windows, int inputs, int feature, int horizon) {
    positive("windows", windows);
    positive("inputs", inputs);
    positive("horizon", horizon);
    if (feature < 0 || feature >= inputs) {
      throw new IllegalArgumentException(
          "feature must be in [0, " + inputs + "), got " + feature);
    }
    if (x == null || x.length == 0 || x.length % (windows * inputs) != 0) {
      throw new IllegalArgumentException(
          "x has " + (x == null ? "no" : x.length) + " elements; expected (N=" + windows
              + ", T, I=" + inputs + ") with T >= 1");
    }
    int steps = x.length / (windows * inputs);
    float[] pred = new float[windows * horizon];
    for (int w = 0; w < windows; w++) {
      float last = x[(w * steps + steps - 1) * inputs + feature];
      for (int k = 0; k < horizon; k++) {
        pred[w * horizon + k] = last;
      }
    }
    return pred;
  }

  /**
   * The mean forecast: every window predicts the per-column mean of the training targets.
   *
   * @param trainTargets (N_train, O) the training windows' targets
   * @param trainWindows N_train, > 0
   * @param windows N, the windows to predict for, > 0
   * @return (N, O) predictions, every row the same
   * @throws IllegalArgumentException if a count is not positive or the targets' length is not a
   *     multiple of N_train
   */
  public static float[] mean(float[] trainTargets, int trainWindows, int windows) {
    positive("trainWindows", trainWindows);
    positive("windows", windows);
    if (trainTargets == null || trainTargets.length == 0
        || trainTargets.length % trainWindows != 0) {
      throw new IllegalArgumentException(
          "trainTargets has " + (trainTargets == null ? "no" : trainTargets.length)
              + " elements; expected (N_train=" + trainWindows + ", O) with O >= 1");
    }
    int outputs = trainTargets.length / trainWindows;
    double[] sum = new double[outputs];
    for (int i = 0; i < trainTargets.length; i++) {
      sum[i % outputs] += trainTargets[i];
    }
    float[] pred = new float[windows * outputs];
    for (int i = 0; i < pred.length; i++) {
      pred[i] = (float) (sum[i % outputs] / trainWindows);
    }
    return pred;
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }
}
