package org.lstmlab.core.data;

import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.Sizes;

/**
 * Sliding windows over a univariate series: each run of {@code window} consecutive values is an
 * input, and the {@code horizon} values right after it are its target. This is the notebook's
 * {@code create_inout_sequences} (there with horizon 1).
 *
 * <pre>
 *   N   values in the series,  W = window,  h = horizon
 *   N_w = N − W − h + 1 windows, n = 0 .. N_w−1, in series order
 *   x[n] = series[n .. n+W)        y[n] = series[n+W .. n+W+h)
 *   float[] x;  // (N_w, W, 1)  as a model's input: batch(), with B = N_w, T = W, I = 1
 *   float[] y;  // (N_w, h)     the targets for a model with outputSize h
 * </pre>
 *
 * <p>Windows overlap, so every value except the first and the last few appears in several windows;
 * the arrays are copies, independent of the series. A {@code Windows} is immutable except that
 * {@link #x()} and {@link #y()} hand out the backing arrays without copying (they are the batch a
 * trainer reads); do not write to them.
 */
public final class Windows {

  /** The default horizon: predict the next value only, as the notebook does. */
  public static final int DEFAULT_HORIZON = 1;

  private final int count; // N_w
  private final int window; // W
  private final int horizon; // h
  private final float[] x; // (N_w, W, 1)
  private final float[] y; // (N_w, h)

  private Windows(int count, int window, int horizon, float[] x, float[] y) {
    this.count = count;
    this.window = window;
    this.horizon = horizon;
    this.x = x;
    this.y = y;
  }

  /** Windows of {@code window} values predicting the next one. */
  public static Windows of(double[] series, int window) {
    return of(series, window, DEFAULT_HORIZON);
  }

  /**
   * Windows of {@code window} values predicting the next {@code horizon} values; the values are
   * rounded to float.
   *
   * @throws IllegalArgumentException if {@code series} is null, {@code window < 1}, {@code
   *     horizon < 1}, or the series is shorter than {@code window + horizon} (no window fits)
   */
  public static Windows of(double[] series, int window, int horizon) {
    if (series == null) {
      throw new IllegalArgumentException("series must not be null");
    }
    int count = count(series.length, window, horizon);
    float[] x = new float[Sizes.elements("windows x", count, window)];
    float[] y = new float[Sizes.elements("windows y", count, horizon)];
    for (int n = 0; n < count; n++) {
      for (int k = 0; k < window; k++) {
        x[n * window + k] = (float) series[n + k];
      }
      for (int k = 0; k < horizon; k++) {
        y[n * horizon + k] = (float) series[n + window + k];
      }
    }
    return new Windows(count, window, horizon, x, y);
  }

  /** As {@link #of(double[], int, int)}, for a series already in float. */
  public static Windows of(float[] series, int window, int horizon) {
    if (series == null) {
      throw new IllegalArgumentException("series must not be null");
    }
    int count = count(series.length, window, horizon);
    float[] x = new float[Sizes.elements("windows x", count, window)];
    float[] y = new float[Sizes.elements("windows y", count, horizon)];
    for (int n = 0; n < count; n++) {
      System.arraycopy(series, n, x, n * window, window);
      System.arraycopy(series, n + window, y, n * horizon, horizon);
    }
    return new Windows(count, window, horizon, x, y);
  }

  /**
   * N_w = N − W − h + 1: how many windows a series of {@code length} values gives.
   *
   * @throws IllegalArgumentException as {@link #of(double[], int, int)}
   */
  public static int count(int length, int window, int horizon) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1, got " + window);
    }
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
    }
    long needed = (long) window + horizon;
    if (length < needed) {
      throw new IllegalArgumentException(
          "series has "
              + length
              + " values; window "
              + window
              + " + horizon "
              + horizon
              + " needs at least "
              + needed);
    }
    return (int) (length - needed + 1);
  }

  /** N_w: the number of windows. */
  public int count() {
    return count;
  }

  /** W: values per input window. */
  public int window() {
    return window;
  }

  /** h: values per target. */
  public int horizon() {
    return horizon;
  }

  /**
   * The inputs as a model reads them, (B = N_w, T = W, I = 1), shaped by the windows themselves;
   * over the backing array.
   */
  public SequenceBatch batch() {
    return SequenceBatch.of(x, count, window, 1);
  }

  /**
   * The windows of one part of a split, (B = the range's size, T = W, I = 1), copied.
   *
   * @throws IllegalArgumentException if the range is empty or reaches past the windows
   */
  public SequenceBatch batch(Split.Range range) {
    if (range == null || range.isEmpty() || range.to() > count) {
      throw new IllegalArgumentException("range " + range + " must be a non-empty part of the "
          + count + " windows");
    }
    return SequenceBatch.of(range.slice(x, window), range.size(), window, 1);
  }

  /** (N_w, W, 1) the inputs, window n at {@code [n·W, (n+1)·W)}; the backing array. */
  public float[] x() {
    return x;
  }

  /** (N_w, h) the targets, window n's at {@code [n·h, (n+1)·h)}; the backing array. */
  public float[] y() {
    return y;
  }
}
