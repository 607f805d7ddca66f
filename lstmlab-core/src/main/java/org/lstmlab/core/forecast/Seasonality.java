package org.lstmlab.core.forecast;

/**
 * Finds a series' season length m from its autocorrelation, for the seasonal naive baseline,
 * MASE's scale and the default window.
 *
 * <p>The series is first differenced once, so that a trend does not make every lag look
 * correlated; then its sample autocorrelation r_k (divisor n, as {@code statsmodels}' {@code
 * acf}) is computed for k = 2 … {@code min(n/3, 400)}. The season is the lag of the highest local
 * peak of r_k (r_{k−1} &lt; r_k ≥ r_{k+1}) that clears both 0.2 and the 95% band of white noise,
 * 1.96/√n [Box &amp; Jenkins]; with no such peak the series has no season (m = 1, the naive
 * forecast). A peak at a multiple of a smaller qualifying peak whose value is within 0.1 of it is
 * read as that smaller season's echo, so monthly data gives 12, not 24.
 *
 * <p>When the time labels name a calendar cycle ({@link TimeAxis#calendarSeason}: 12 for months,
 * 52 for weeks, 7 for days), that cycle is taken if the autocorrelation has a qualifying peak
 * within 5% of it (at least one lag either side): a year of weekly data is 52.18 steps, so its
 * peaks wander off the multiples of any whole lag, and in the noisy weekly differences of
 * statsmodels' CO2 the highest peak is at 104 and the one nearest a year at 54.
 *
 * <p>Stateless.
 */
public final class Seasonality {

  /** Smallest autocorrelation a season's peak must reach. */
  static final double MIN_PEAK = 0.2;

  private Seasonality() {}

  /**
   * The season length of {@code y}, or 1 if it has none.
   *
   * @param y the series, finite, in time order
   */
  public static int detect(double[] y) {
    return detect(y, 0);
  }

  /**
   * The season length of {@code y}: {@code calendar} if the data show it, else as {@link
   * #detect(double[])}.
   *
   * @param y the series, finite, in time order
   * @param calendar the cycle its time labels suggest ({@link TimeAxis#calendarSeason}), or 0
   */
  public static int detect(double[] y, int calendar) {
    int n = y.length - 1;
    if (n < 8) {
      return 1;
    }
    double[] d = new double[n];
    double mean = 0;
    for (int t = 0; t < n; t++) {
      d[t] = y[t + 1] - y[t];
      mean += d[t];
    }
    mean /= n;
    double var = 0;
    for (int t = 0; t < n; t++) {
      d[t] -= mean;
      var += d[t] * d[t];
    }
    if (var == 0) {
      return 1;
    }
    int maxLag = Math.min(n / 3, 400);
    double[] r = new double[maxLag + 2];
    for (int k = 1; k <= maxLag + 1 && k < n; k++) {
      double s = 0;
      for (int t = k; t < n; t++) {
        s += d[t] * d[t - k];
      }
      r[k] = s / var;
    }
    double floor = Math.max(MIN_PEAK, 1.96 / Math.sqrt(n));
    if (calendar > 1 && calendar <= maxLag) {
      int tolerance = Math.max(1, (int) Math.round(0.05 * calendar));
      for (int k = Math.max(2, calendar - tolerance); k <= Math.min(maxLag, calendar + tolerance);
          k++) {
        if (r[k] >= floor && r[k] > r[k - 1] && r[k] >= r[k + 1]) {
          return calendar;
        }
      }
    }
    int best = 1;
    double bestR = floor;
    for (int k = 2; k <= maxLag; k++) {
      boolean peak = r[k] >= floor && r[k] > r[k - 1] && r[k] >= r[k + 1];
      if (!peak) {
        continue;
      }
      if (best > 1 && k % best == 0 && r[k] - r[best] < 0.1) {
        continue; // an echo of the shorter season
      }
      if (r[k] > bestR) {
        best = k;
        bestR = r[k];
      }
    }
    return best;
  }
}
