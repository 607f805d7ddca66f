package org.lstmlab.core.forecast;

/**
 * The windows of one part of one series exactly as a fitted forecaster's model reads them: the
 * inputs after the transform, the series' scaler and the relative shift, and the targets in the
 * same units as the model's outputs. For a front end that looks inside the model (its gates, its
 * gradients) on the pipeline's own data, and for tests.
 *
 * <p>Window n has origin {@code firstOrigin + n}, the last step it observes; the origins are those
 * {@link WindowPredictions} numbers, so window n here is window {@code firstOrigin + n − first}
 * there. Shapes, with N = {@code count}, T = {@code steps}, I = {@code inputs}, h = {@code
 * horizon}:
 *
 * <pre>
 *   float[] x;      // (N, T, I)
 *   float[] y;      // (N, h)  what the model is trained to output
 *   float[] base;   // (N)     each window's relative shift b (0 without relative windows)
 * </pre>
 *
 * @param seriesId the series' id
 * @param part the part the windows belong to
 * @param firstOrigin the origin of window 0, a row index of the series
 * @param count N
 * @param steps T
 * @param inputs I
 * @param horizon h
 * @param x (N, T, I) the model's inputs
 * @param y (N, h) the model's targets
 * @param base (N) the relative shift of each window
 */
public record ModelWindows(String seriesId, WindowPredictions.Part part, int firstOrigin,
    int count, int steps, int inputs, int horizon, float[] x, float[] y, float[] base) {

  /** (T, I) the inputs of window {@code n}, a copy. */
  public float[] window(int n) {
    if (n < 0 || n >= count) {
      throw new IllegalArgumentException("window must be in [0, " + (count - 1) + "], got " + n);
    }
    int size = steps * inputs;
    return java.util.Arrays.copyOfRange(x, n * size, (n + 1) * size);
  }
}
