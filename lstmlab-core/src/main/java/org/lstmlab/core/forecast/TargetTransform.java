package org.lstmlab.core.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * Differencing of the target before it is scaled and windowed, for series with a trend or a
 * season: a seasonal difference at lag m, then a first difference, either or both.
 *
 * <p>With y the raw target, the transformed value at time t is
 *
 * <pre>
 *   s_t = y_t − y_{t−m}          (seasonal difference; s_t = y_t when m = 0)
 *   z_t = s_t − s_{t−1}          (first difference;    z_t = s_t when d = 0)
 * </pre>
 *
 * defined from t = {@link #lost()} = m + d on. A model trained on z forecasts changes, so a level
 * it never saw in training (a trend that leaves the scaler's range, the CO2 case) costs it
 * nothing; the seasonal difference removes a fixed seasonal pattern, which otherwise the window
 * would have to span [Hyndman &amp; Athanasopoulos, <i>Forecasting: Principles and Practice</i>,
 * 3rd ed., §9.1]. {@link #invert} undoes both from the raw history: a forecast of z_{t+1..t+h}
 * becomes y_{t+1..t+h} step by step, each step using the values before it (observed or already
 * forecast).
 *
 * <p>Immutable. Its name ({@link #toString()}, parsed by {@link #parse}) is what the command line
 * takes and the model file records: {@code none}, {@code diff}, {@code seasonal:12},
 * {@code seasonal:12+diff}.
 */
public record TargetTransform(boolean difference, int seasonalLag) {

  /** The transform that leaves the target as it is. */
  public static final TargetTransform NONE = new TargetTransform(false, 0);

  /**
   * Validates the lag.
   *
   * @throws IllegalArgumentException if {@code seasonalLag} is negative
   */
  public TargetTransform {
    if (seasonalLag < 0) {
      throw new IllegalArgumentException("seasonal lag must be >= 0 (0 = none), got " + seasonalLag);
    }
  }

  /** The first difference alone. */
  public static TargetTransform firstDifference() {
    return new TargetTransform(true, 0);
  }

  /** The seasonal difference at lag m alone. */
  public static TargetTransform seasonal(int m) {
    if (m < 1) {
      throw new IllegalArgumentException("seasonal lag must be >= 1, got " + m);
    }
    return new TargetTransform(false, m);
  }

  /**
   * Reads a name written by {@link #toString()}: {@code none}, {@code diff}, {@code seasonal:M},
   * {@code seasonal:M+diff} (the parts in either order).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static TargetTransform parse(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("transform is empty; expected none, diff, seasonal:M or"
          + " seasonal:M+diff");
    }
    if (name.equals("none")) {
      return NONE;
    }
    boolean diff = false;
    int lag = 0;
    for (String part : name.split("\\+", -1)) {
      if (part.equals("diff") && !diff) {
        diff = true;
      } else if (part.startsWith("seasonal:") && lag == 0) {
        try {
          lag = Integer.parseInt(part.substring("seasonal:".length()));
        } catch (NumberFormatException e) {
          lag = -1;
        }
        if (lag < 1) {
          throw new IllegalArgumentException("transform '" + name + "': the seasonal lag must be"
              + " a whole number >= 1, as in seasonal:12");
        }
      } else {
        throw new IllegalArgumentException("transform '" + name + "' is not one of none, diff,"
            + " seasonal:M, seasonal:M+diff");
      }
    }
    return new TargetTransform(diff, lag);
  }

  /** m + d: the leading values that have no transformed value. */
  public int lost() {
    return seasonalLag + (difference ? 1 : 0);
  }

  /** Whether the transform changes nothing. */
  public boolean isNone() {
    return !difference && seasonalLag == 0;
  }

  /**
   * The transformed series: z_t for t ≥ {@link #lost()}, NaN before.
   *
   * @param y (n) the raw target
   */
  public double[] apply(double[] y) {
    int n = y.length;
    double[] z = new double[n];
    int m = seasonalLag;
    for (int t = 0; t < n; t++) {
      if (t < lost()) {
        z[t] = Double.NaN;
        continue;
      }
      double s = m > 0 ? y[t] - y[t - m] : y[t];
      if (difference) {
        s -= m > 0 ? y[t - 1] - y[t - 1 - m] : y[t - 1];
      }
      z[t] = s;
    }
    return z;
  }

  /**
   * The raw values that follow {@code history} given their transformed values.
   *
   * @param history the raw target up to and including the forecast origin, at least {@link
   *     #lost()} values
   * @param z (k) transformed values of the k steps after the history
   * @return (k) the raw values
   * @throws IllegalArgumentException if the history is shorter than {@link #lost()}
   */
  public double[] invert(double[] history, double[] z) {
    int n = history.length;
    if (n < lost()) {
      throw new IllegalArgumentException("the history has " + n + " values; the transform "
          + this + " needs at least " + lost());
    }
    int m = seasonalLag;
    double[] y = new double[n + z.length];
    System.arraycopy(history, 0, y, 0, n);
    for (int k = 0; k < z.length; k++) {
      int t = n + k;
      double s = z[k];
      if (difference) {
        s += m > 0 ? y[t - 1] - y[t - 1 - m] : y[t - 1];
      }
      y[t] = m > 0 ? s + y[t - m] : s;
    }
    double[] out = new double[z.length];
    System.arraycopy(y, n, out, 0, z.length);
    return out;
  }

  @Override
  public String toString() {
    if (isNone()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    if (seasonalLag > 0) {
      parts.add("seasonal:" + seasonalLag);
    }
    if (difference) {
      parts.add("diff");
    }
    return String.join("+", parts);
  }
}
