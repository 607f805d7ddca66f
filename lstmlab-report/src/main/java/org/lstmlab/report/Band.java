package org.lstmlab.report;

/**
 * A shaded band between a lower and an upper curve on the series axis: a model's prediction
 * interval around its forecast.
 *
 * <p>{@code x} are positions on the {@link Series}' axis; lower ≤ upper at every point (NaN marks
 * a gap). The model name picks the colour, as for {@link Trace}s, so a forecast and its band look
 * alike. Immutable.
 */
public final class Band {

  private final String model;
  private final String label;
  private final double[] x; // (P)
  private final double[] lower; // (P)
  private final double[] upper; // (P)

  private Band(String model, String label, double[] x, double[] lower, double[] upper) {
    this.model = model;
    this.label = label;
    this.x = x;
    this.lower = lower;
    this.upper = upper;
  }

  /**
   * The band of {@code model} named {@code label} in the legend ("LSTM 80% interval").
   *
   * @throws IllegalArgumentException if the arrays differ in length, an x is not finite, or a
   *     lower bound lies above its upper bound
   */
  public static Band of(String model, String label, double[] x, double[] lower, double[] upper) {
    double[] xs = Checks.copy(x, "x");
    double[] lo = Checks.copy(lower, "lower");
    double[] hi = Checks.copy(upper, "upper");
    Checks.sameLength(xs, "x", lo.length, "lower");
    Checks.sameLength(xs, "x", hi.length, "upper");
    Checks.finite(xs, "x");
    for (int i = 0; i < lo.length; i++) {
      if (lo[i] > hi[i]) {
        throw new IllegalArgumentException(
            "band '" + label + "': lower[" + i + "] = " + lo[i] + " lies above upper[" + i + "] = "
                + hi[i]);
      }
    }
    return new Band(Checks.text(model, "model"), Checks.text(label, "label"), xs, lo, hi);
  }

  /** The model whose colour the band takes. */
  public String model() {
    return model;
  }

  /** The legend name. */
  public String label() {
    return label;
  }

  /** The x positions (a copy). */
  public double[] x() {
    return x.clone();
  }

  /** The lower bounds (a copy). */
  public double[] lower() {
    return lower.clone();
  }

  /** The upper bounds (a copy). */
  public double[] upper() {
    return upper.clone();
  }
}
