package org.lstmlab.report;

/**
 * One model's values along an x axis: its predictions over the data, a forecast past its end, or a
 * learning curve in a {@link CurveChart}.
 *
 * <p>For predictions and forecasts {@code x} are positions on the {@link Series}' axis (x values,
 * or row indices when the series is labelled); in a curve chart they are the chart's own steps. A
 * value may be {@code NaN} for a gap. Several traces may share a model
 * name (a prediction and a forecast): the model name picks the colour, so one model looks the same
 * in every chart. Immutable.
 */
public final class Trace {

  private final String model;
  private final double[] x; // (P)
  private final double[] values; // (P)

  private Trace(String model, double[] x, double[] values) {
    this.model = model;
    this.x = x;
    this.values = values;
  }

  /** A trace of {@code model} ("LSTM", "RNN", "naive", …) with values at positions {@code x}. */
  public static Trace of(String model, double[] x, double[] values) {
    double[] xs = Checks.copy(x, "x");
    double[] v = Checks.copy(values, "values");
    Checks.sameLength(xs, "x", v.length, "values");
    Checks.finite(xs, "x");
    return new Trace(Checks.text(model, "model"), xs, v);
  }

  /**
   * A trace at consecutive positions {@code start, start+1, …}: the usual shape of windowed
   * predictions (start = window) and of forecasts (start = N).
   */
  public static Trace from(String model, int start, double[] values) {
    double[] v = Checks.copy(values, "values");
    double[] xs = new double[v.length];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = start + i;
    }
    return new Trace(Checks.text(model, "model"), xs, v);
  }

  /** The model's name, as in the legend and the metrics table. */
  public String model() {
    return model;
  }

  /** The x positions (a copy). */
  public double[] x() {
    return x.clone();
  }

  /** The values (a copy); {@code NaN} marks a gap. */
  public double[] values() {
    return values.clone();
  }

  /** P, the number of points. */
  public int size() {
    return values.length;
  }
}
