package org.lstmlab.core.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prediction intervals from a model's own past errors: empirical, distribution-free intervals
 * ("bootstrapped residuals", Hyndman &amp; Athanasopoulos, <i>Forecasting: Principles and
 * Practice</i>, 3rd ed., §5.5), per step ahead.
 *
 * <p>{@link #of} forecasts from every origin in the series' held-out part (from the end of its
 * training part on; the last {@link #MAX_ORIGINS} of them), k = 1 … N steps ahead, exactly as {@link FittedForecaster#forecast} would
 * from there, and collects the errors actual − forecast at each step k. The interval at step k is
 * the forecast plus the errors' quantiles (1 − coverage)/2 and (1 + coverage)/2, linearly
 * interpolated as numpy's default. Errors at step k exist only for origins at least k steps
 * before the end; where fewer than {@link #MIN_ERRORS} are known, the last step that has enough
 * is widened by √(k / k_last), the random walk's growth.
 */
public final class Intervals {

  /** Fewest errors a step's quantiles are taken from. */
  public static final int MIN_ERRORS = 10;

  /**
   * Most origins forecast from, the latest ones: 2000 errors per step pin the 10% and 90%
   * quantiles to about ±1.3 percentile points, and a long series' held-out part costs no more.
   */
  public static final int MAX_ORIGINS = 2000;

  private Intervals() {}

  /**
   * The forecast {@code fc} of series {@code s} with intervals of {@code coverage}.
   *
   * @param coverage in (0, 1), e.g. 0.8
   * @throws IllegalArgumentException if the held-out part gives fewer than {@link #MIN_ERRORS}
   *     one-step errors
   */
  public static Forecast of(FittedForecaster f, TimeSeries s, Forecast fc, double coverage) {
    if (!(coverage > 0 && coverage < 1)) {
      throw new IllegalArgumentException("coverage must be in (0, 1), got " + coverage);
    }
    int n = s.length();
    int steps = fc.size();
    SeriesState state = f.state(s.id());
    int from = state.trainEnd() > 0 && state.trainEnd() < n
        ? state.trainEnd() : n - Math.max(MIN_ERRORS + steps, n / 5);
    from = Math.max(from, f.spec().span());
    from = Math.max(from, n - MAX_ORIGINS); // plenty for quantiles, bounded work on long series
    List<List<Double>> errors = new ArrayList<>();
    for (int k = 0; k < steps; k++) {
      errors.add(new ArrayList<>());
    }
    if (!f.spec().future().isEmpty()) {
      throw new IllegalArgumentException("intervals for a model with known-future covariates"
          + " are not made yet");
    }
    double[] y = s.target();
    for (int cut = from; cut < n; cut++) { // forecast from origin cut − 1
      int ahead = Math.min(steps, n - cut);
      double[] p = f.forecast(s.slice(0, cut), ahead).values();
      for (int k = 0; k < ahead; k++) {
        errors.get(k).add(y[cut + k] - p[k]);
      }
    }
    if (errors.get(0).size() < MIN_ERRORS) {
      throw new IllegalArgumentException(s.where() + "the held-out part gives "
          + errors.get(0).size() + " one-step errors; intervals need at least " + MIN_ERRORS);
    }
    double[] lower = new double[steps];
    double[] upper = new double[steps];
    int last = 0;
    double[] lastQ = null;
    for (int k = 0; k < steps; k++) {
      double[] q;
      if (errors.get(k).size() >= MIN_ERRORS) {
        q = quantiles(errors.get(k), coverage);
        last = k;
        lastQ = q;
      } else {
        double grow = Math.sqrt((k + 1.0) / (last + 1.0));
        q = new double[] {lastQ[0] * grow, lastQ[1] * grow};
      }
      lower[k] = fc.values()[k] + q[0];
      upper[k] = fc.values()[k] + q[1];
    }
    return new Forecast(fc.series(), fc.times(), fc.values(), lower, upper, coverage);
  }

  /** The (1 − coverage)/2 and (1 + coverage)/2 quantiles; NaN for fewer than 2 values. */
  static double[] quantiles(List<Double> values, double coverage) {
    if (values.size() < 2) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return new double[] {quantile(v, (1 - coverage) / 2), quantile(v, (1 + coverage) / 2)};
  }

  /** The q-quantile of sorted values, linear between order statistics (numpy's default). */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
