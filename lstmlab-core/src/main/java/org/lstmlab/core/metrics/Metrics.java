package org.lstmlab.core.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Error metrics of a forecast against the actual values: MSE, MAE, RMSE, MAPE, sMAPE and R².
 *
 * <p>Over n pairs (actual a, predicted p), all sums in double:
 *
 * <pre>
 * mse   = (1/n) Σ (a − p)²                    rmse = √mse
 * mae   = (1/n) Σ |a − p|
 * mape  = (100/m) Σ |a − p| / |a|             over the m terms with |a| ≥ 1e-12, in percent
 * smape = (100/n) Σ 2 |a − p| / (|a| + |p|)   in percent, 0..200; a term with a = p = 0 is 0
 * r2    = 1 − Σ (a − p)² / Σ (a − ā)²         ā the mean of the actual values
 * </pre>
 *
 * <p>Choices where definitions differ: MAPE and sMAPE are in percent (scikit-learn's {@code
 * mean_absolute_percentage_error} returns a fraction, 100 times smaller). MAPE is undefined where
 * the actual value is 0; instead of dividing by a tiny epsilon (scikit-learn, which yields
 * astronomically large values) the terms with {@code |a| < 1e-12} are left out and counted in
 * {@link #mapeSkipped()}; if every term is left out, MAPE is NaN. sMAPE is the 0..200% form of
 * Makridakis (1993) with the absolute-value denominator of Hyndman &amp; Koehler (2006), "Another
 * look at measures of forecast accuracy"; the 0/0 term counts as a perfect 0. R² is NaN when the
 * actual values are constant (Σ (a − ā)² = 0), as scikit-learn's {@code
 * r2_score(force_finite=False)} for a perfect forecast; scikit-learn's default would report 1 or 0
 * there, which hides that R² says nothing about a constant target. Consumers that write JSON must
 * map NaN (MAPE, R²) to null.
 *
 * <p>Immutable. Multi-output predictions (N, O) are compared element by element, as if flattened.
 */
public final class Metrics {

  /** The keys of {@link #toMap()}, in its order. */
  public static final List<String> KEYS = List.of("mse", "mae", "rmse", "mape", "smape", "r2");

  /** Actual values with a smaller magnitude are left out of MAPE. */
  public static final double MAPE_ZERO = 1e-12;

  private final int count;
  private final double mse;
  private final double mae;
  private final double mape;
  private final int mapeSkipped;
  private final double smape;
  private final double r2;

  private Metrics(int count, double mse, double mae, double mape, int mapeSkipped, double smape,
      double r2) {
    this.count = count;
    this.mse = mse;
    this.mae = mae;
    this.mape = mape;
    this.mapeSkipped = mapeSkipped;
    this.smape = smape;
    this.r2 = r2;
  }

  /**
   * The metrics of {@code predicted} against {@code actual}.
   *
   * @param actual n actual values, finite
   * @param predicted n predictions, finite
   * @throws IllegalArgumentException if an array is null or empty, the lengths differ, or a value
   *     is not finite (naming the array and index)
   */
  public static Metrics of(float[] actual, float[] predicted) {
    if (actual == null || predicted == null) {
      throw new IllegalArgumentException("actual and predicted must not be null");
    }
    if (actual.length != predicted.length) {
      throw new IllegalArgumentException(
          "actual has " + actual.length + " values but predicted has " + predicted.length
              + "; expected the same length");
    }
    int n = actual.length;
    if (n == 0) {
      throw new IllegalArgumentException("cannot compute metrics of 0 values");
    }
    requireFinite("actual", actual);
    requireFinite("predicted", predicted);
    double sumActual = 0;
    for (float a : actual) {
      sumActual += a;
    }
    double mean = sumActual / n;
    double ssRes = 0;
    double ssTot = 0;
    double sumAbs = 0;
    double sumApe = 0;
    int apeTerms = 0;
    double sumSape = 0;
    for (int i = 0; i < n; i++) {
      double a = actual[i];
      double p = predicted[i];
      double e = a - p;
      double abs = Math.abs(e);
      ssRes += e * e;
      sumAbs += abs;
      double dev = a - mean;
      ssTot += dev * dev;
      if (Math.abs(a) >= MAPE_ZERO) {
        sumApe += abs / Math.abs(a);
        apeTerms++;
      }
      double denom = Math.abs(a) + Math.abs(p);
      if (denom > 0) {
        sumSape += 2 * abs / denom;
      }
    }
    double mse = ssRes / n;
    double mape = apeTerms == 0 ? Double.NaN : 100 * sumApe / apeTerms;
    double r2 = ssTot == 0 ? Double.NaN : 1 - ssRes / ssTot;
    return new Metrics(n, mse, sumAbs / n, mape, n - apeTerms, 100 * sumSape / n, r2);
  }

  private static void requireFinite(String name, float[] a) {
    for (int i = 0; i < a.length; i++) {
      if (!Float.isFinite(a[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is " + a[i] + "; expected finite");
      }
    }
  }

  /** n: the number of (actual, predicted) pairs. */
  public int count() {
    return count;
  }

  /** Mean squared error. */
  public double mse() {
    return mse;
  }

  /** Mean absolute error. */
  public double mae() {
    return mae;
  }

  /** Root mean squared error, {@code √mse}. */
  public double rmse() {
    return Math.sqrt(mse);
  }

  /** MAPE in percent over the terms with {@code |a| ≥ 1e-12}; NaN if none. */
  public double mape() {
    return mape;
  }

  /** How many terms MAPE left out because the actual value was (nearly) 0. */
  public int mapeSkipped() {
    return mapeSkipped;
  }

  /** Symmetric MAPE in percent, 0..200. */
  public double smape() {
    return smape;
  }

  /** Coefficient of determination; NaN if the actual values are constant. */
  public double r2() {
    return r2;
  }

  /** The metrics by the names of {@link #KEYS}, in that order; values may be NaN (see above). */
  public Map<String, Double> toMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("mse", mse);
    m.put("mae", mae);
    m.put("rmse", rmse());
    m.put("mape", mape);
    m.put("smape", smape);
    m.put("r2", r2);
    return m;
  }

  @Override
  public String toString() {
    return "Metrics{n=" + count + ", mse=" + mse + ", mae=" + mae + ", rmse=" + rmse() + ", mape="
        + mape + (mapeSkipped > 0 ? " (" + mapeSkipped + " zero actuals skipped)" : "")
        + ", smape=" + smape + ", r2=" + r2 + "}";
  }
}
