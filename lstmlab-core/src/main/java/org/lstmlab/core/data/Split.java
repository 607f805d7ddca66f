package org.lstmlab.core.data;

import java.util.Arrays;

/**
 * A chronological train / validation / test split of a series and of the windows cut from it.
 *
 * <p>The series of n points is cut at two points into consecutive parts, oldest first:
 *
 * <pre>
 *   series  [0 ........ trainEnd) [trainEnd ... validationEnd) [validationEnd ... n)
 *            train                 validation                    test
 * </pre>
 *
 * with {@code n − validationEnd = round(test · n)} and {@code validationEnd − trainEnd =
 * round(validation · n)} (or given counts, {@link #lastPoints}). Windows are then assigned by
 * their <em>targets</em>: window k reads inputs {@code [k, k + window)} and predicts targets {@code
 * [k + window, k + window + horizon)} (stride 1, as {@code Windows} cuts them), and it belongs to
 * the part that holds all of its targets.
 *
 * <p>Why by targets: a training window never touches a value at or after {@code trainEnd}, neither
 * as input nor as target, so nothing of the validation or test part leaks into training, and a
 * scaler fitted on {@code [0, trainEnd)} sees exactly the values training sees. A validation or
 * test window may read inputs from the part before it: that is history the forecaster would have
 * at that time, not leakage, and it keeps every target of every part usable (splitting the series
 * first and windowing each part alone would lose {@code window} targets per part). With {@code
 * horizon = 1} the three window ranges tile all windows; with {@code horizon > 1} the {@code
 * horizon − 1} windows whose targets straddle a cut belong to no part and are dropped.
 *
 * <p>Immutable. A fraction of 0 (or a count of 0) turns its part off; a part asked for but left
 * without a window is an error, as is an empty training part.
 */
public final class Split {

  private final double validation;
  private final double test;
  private final int validationPoints; // -1 when given as a fraction
  private final int testPoints; // -1 when given as a fraction

  private Split(double validation, double test, int validationPoints, int testPoints) {
    this.validation = validation;
    this.test = test;
    this.validationPoints = validationPoints;
    this.testPoints = testPoints;
  }

  /**
   * A split by fractions of the series' points; training gets the rest, {@code 1 − validation −
   * test}.
   *
   * @param validation fraction for validation, in [0, 1)
   * @param test fraction for test, in [0, 1)
   * @throws IllegalArgumentException if a fraction is outside [0, 1) or their sum is not &lt; 1
   */
  public static Split fractions(double validation, double test) {
    fraction("validation", validation);
    fraction("test", test);
    if (!(validation + test < 1)) {
      throw new IllegalArgumentException(
          "validation + test must be < 1 to leave points for training, got " + validation + " + "
              + test + " = " + (validation + test));
    }
    return new Split(validation, test, -1, -1);
  }

  /**
   * A split holding out the last points by count, as the notebook's "the last 12 months are the
   * test set": the final {@code test} points for test, the {@code validation} points before them
   * for validation.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public static Split lastPoints(int validation, int test) {
    if (validation < 0 || test < 0) {
      throw new IllegalArgumentException(
          "validation and test point counts must be >= 0, got " + validation + " and " + test);
    }
    return new Split(Double.NaN, Double.NaN, validation, test);
  }

  private static void fraction(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " fraction must be in [0, 1), got " + value);
    }
  }

  /**
   * Cuts a series of {@code length} points into parts and assigns its windows to them.
   *
   * @param length n, the series' points
   * @param window input steps per window, > 0
   * @param horizon target steps per window, > 0
   * @throws IllegalArgumentException if the series holds no window, the training part holds no
   *     window, or a validation or test part asked for (fraction or count &gt; 0) holds no window,
   *     e.g. because its share of the points rounds to 0
   */
  public Parts apply(int length, int window, int horizon) {
    if (window <= 0 || horizon <= 0) {
      throw new IllegalArgumentException(
          "window and horizon must be > 0, got window " + window + ", horizon " + horizon);
    }
    int windows = length - window - horizon + 1;
    if (windows <= 0) {
      throw new IllegalArgumentException(
          "a series of " + length + " points holds no window of window " + window + " + horizon "
              + horizon + "; need at least " + (window + horizon) + " points");
    }
    int nTest = testPoints >= 0 ? testPoints : (int) Math.round(test * length);
    int nVal = validationPoints >= 0 ? validationPoints : (int) Math.round(validation * length);
    int validationEnd = length - nTest;
    int trainEnd = validationEnd - nVal;
    if (trainEnd < window + horizon) {
      throw new IllegalArgumentException(
          "training part would be empty: its " + Math.max(trainEnd, 0) + " of " + length
              + " points hold no window of window " + window + " + horizon " + horizon
              + "; lower validation/test or shorten the window");
    }
    Range train = new Range(0, trainEnd - window - horizon + 1);
    int valFrom = trainEnd - window;
    Range val = new Range(valFrom, Math.max(valFrom, validationEnd - window - horizon + 1));
    Range tst = new Range(validationEnd - window, Math.max(validationEnd - window, windows));
    requireWindows("validation", validationPoints >= 0 ? validationPoints : validation, nVal, val,
        horizon);
    requireWindows("test", testPoints >= 0 ? testPoints : test, nTest, tst, horizon);
    return new Parts(length, window, horizon, trainEnd, validationEnd, train, val, tst);
  }

  private static void requireWindows(String part, double asked, int points, Range range,
      int horizon) {
    if (asked > 0 && range.isEmpty()) {
      throw new IllegalArgumentException(
          part + " part would be empty: its " + points + " points hold no target block of horizon "
              + horizon + "; use a larger " + part + " share or a shorter horizon");
    }
  }

  @Override
  public String toString() {
    return validationPoints >= 0
        ? "Split{last validation=" + validationPoints + ", test=" + testPoints + " points}"
        : "Split{validation=" + validation + ", test=" + test + "}";
  }

  /**
   * A half-open range {@code [from, to)} of window indices.
   *
   * @param from first index
   * @param to end index, exclusive, ≥ from
   */
  public record Range(int from, int to) {
    /**
     * Validates the bounds.
     *
     * @throws IllegalArgumentException unless {@code 0 <= from <= to}
     */
    public Range {
      if (from < 0 || to < from) {
        throw new IllegalArgumentException(
            "range must have 0 <= from <= to, got [" + from + ", " + to + ")");
      }
    }

    /** Number of indices. */
    public int size() {
      return to - from;
    }

    /**
     * The rows of this range from an array of windows, e.g. {@code parts.train().slice(x, T·I)}
     * for inputs (N, T, I) or {@code slice(y, O)} for targets (N, O).
     *
     * @param windows the (N, ...) array, {@code perWindow} elements per window
     * @param perWindow elements per window, > 0
     * @return a copy of windows {@code [from, to)}
     * @throws IllegalArgumentException if the array is too short for the range
     */
    public float[] slice(float[] windows, int perWindow) {
      if (perWindow <= 0) {
        throw new IllegalArgumentException("perWindow must be > 0, got " + perWindow);
      }
      if (windows == null || (long) to * perWindow > windows.length) {
        throw new IllegalArgumentException(
            "window range [" + from + ", " + to + ") of " + perWindow + " elements each needs "
                + (long) to * perWindow + " elements, got "
                + (windows == null ? "null" : windows.length));
      }
      return Arrays.copyOfRange(windows, from * perWindow, to * perWindow);
    }

    /** Whether the range holds no index. */
    public boolean isEmpty() {
      return to == from;
    }
  }

  /**
   * A split applied to one series: the cut points in the series and the window ranges of each
   * part.
   *
   * @param length n, the series' points
   * @param window input steps per window
   * @param horizon target steps per window
   * @param trainEnd series index where training ends: fit scalers on rows {@code [0, trainEnd)}
   * @param validationEnd series index where validation ends and test begins
   * @param train windows whose targets lie in {@code [0, trainEnd)}
   * @param validation windows whose targets lie in {@code [trainEnd, validationEnd)}
   * @param test windows whose targets lie in {@code [validationEnd, n)}
   */
  public record Parts(
      int length,
      int window,
      int horizon,
      int trainEnd,
      int validationEnd,
      Range train,
      Range validation,
      Range test) {

    /** All windows of the series, {@code n − window − horizon + 1}, including dropped ones. */
    public int windows() {
      return length - window - horizon + 1;
    }
  }
}
