package org.lstmlab.core.forecast;

import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.data.Split;
import org.lstmlab.core.nn.SequenceBatch;

/**
 * Cuts one series into a model's windows and turns the model's outputs back into raw values:
 * the one place where the pipeline's windowing lives.
 *
 * <p>Per series, with L = the transform's {@link TargetTransform#lost()}, the C scaled columns of
 * time t are {@code row_t = scaler([z_t, past_t, future_t])}, z the transformed target, defined
 * for t ≥ L. A window is named by its origin o, the last time step it observes; it reads
 *
 * <pre>
 *   x[j] = [row_t[0] − b, row_t[1..P], row_t[P+1..P+F], 1]     t = o − W + 1 + j,   j &lt; W
 *   x[j] = [0,            0 …,          row_t[P+1..P+F], 0]     t = o + 1 + j − W,   W ≤ j &lt; W + h
 *   y[k] = row_{o+1+k}[0] − b                                    k &lt; h
 * </pre>
 *
 * with b = row_o[0] when windows are relative, else 0; a model that does not read the target
 * (one trained elsewhere on covariates alone) gets x without its first column. The last two columns of x and the last h
 * steps exist only with known-future covariates (F &gt; 0): over the horizon the model sees them
 * and a 0 flag that says the target is not observed there. Origins run from L + W − 1; {@link
 * Split#apply} with a window of W + L assigns origin o to the part holding its targets (window
 * index k = o − (L + W − 1)).
 */
final class SeriesWindows {

  private final ForecastSpec spec;
  private final int p;
  private final int f;
  private final int c;

  SeriesWindows(ForecastSpec spec) {
    this.spec = spec;
    this.p = spec.past().size();
    this.f = spec.future().size();
    this.c = spec.scaledColumns();
  }

  /** The first origin with a full window. */
  int firstOrigin() {
    return spec.span() - 1;
  }

  /** The split of a series of n points into parts, by the windows' targets. */
  Split.Parts parts(int n) {
    return spec.split().apply(n, spec.span(), spec.horizon());
  }

  /** (n, C) the unscaled columns, NaN in the first L rows' target. */
  float[] rows(TimeSeries s) {
    int n = s.length();
    double[] z = spec.transform().apply(s.targetRef());
    double[] past = s.pastRef();
    double[] fut = s.futureRef();
    float[] rows = new float[n * c];
    for (int t = 0; t < n; t++) {
      rows[t * c] = (float) z[t];
      for (int k = 0; k < p; k++) {
        rows[t * c + 1 + k] = (float) past[t * p + k];
      }
      for (int k = 0; k < f; k++) {
        rows[t * c + 1 + p + k] = (float) fut[t * f + k];
      }
    }
    return rows;
  }

  /**
   * The scaler fitted on the transformed rows {@code [L, trainEnd)} of {@code s}.
   *
   * @throws IllegalArgumentException naming the series if a value there is not finite
   */
  Scaler fitScaler(TimeSeries s, int trainEnd) {
    int lost = spec.transform().lost();
    float[] rows = rows(s);
    float[] fit = java.util.Arrays.copyOfRange(rows, lost * c, trainEnd * c);
    try {
      return Scaler.fit(spec.scaler(), fit, c, 0, trainEnd - lost);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(s.where() + e.getMessage(), e);
    }
  }

  /** (n, C) the scaled rows; the first L rows hold zeros. */
  float[] scaledRows(TimeSeries s, Scaler scaler) {
    int lost = spec.transform().lost();
    float[] rows = rows(s);
    int n = s.length();
    float[] out = new float[n * c];
    if (n > lost) {
      float[] tail = java.util.Arrays.copyOfRange(rows, lost * c, n * c);
      float[] scaled = scaler.features() == 0 ? tail : scaler.transform(tail);
      System.arraycopy(scaled, 0, out, lost * c, scaled.length);
    }
    return out;
  }

  /**
   * Windows of a series, every origin in {@code [from, to)}.
   *
   * @param rows (n', C) scaled rows, n' covering o + h for every origin when targets are wanted,
   *     and the horizon's known-future rows when F &gt; 0
   * @param targets whether to fill y (needs rows up to o + h)
   */
  Cut cut(float[] rows, int from, int to, boolean targets) {
    int w = spec.window();
    int h = spec.horizon();
    int steps = spec.steps();
    int in = spec.inputs();
    int y0 = spec.readsTarget() ? 1 : 0; // where the covariates start in x
    int count = to - from;
    float[] x = new float[count * steps * in];
    float[] y = targets ? new float[count * h] : null;
    float[] base = new float[count];
    for (int n = 0; n < count; n++) {
      int o = from + n;
      float b = spec.relative() ? rows[o * c] : 0f;
      base[n] = b;
      for (int j = 0; j < steps; j++) {
        int at = (n * steps + j) * in;
        if (j < w) {
          int t = o - w + 1 + j;
          if (y0 == 1) {
            x[at] = rows[t * c] - b;
          }
          System.arraycopy(rows, t * c + 1, x, at + y0, p + f);
          if (f > 0) {
            x[at + in - 1] = 1f;
          }
        } else {
          int t = o + 1 + j - w;
          System.arraycopy(rows, t * c + 1 + p, x, at + y0 + p, f);
        }
      }
      if (targets) {
        for (int k = 0; k < h; k++) {
          y[n * h + k] = rows[(o + 1 + k) * c] - b;
        }
      }
    }
    return new Cut(count, x, y, base);
  }

  /** (N, T, I) a cut's windows as the model's input. */
  SequenceBatch batch(Cut cut) {
    return SequenceBatch.of(cut.x(), cut.count(), spec.steps(), spec.inputs());
  }

  /**
   * The raw values a window's output stands for.
   *
   * @param raw the raw target; values up to and including the origin are read
   * @param origin o
   * @param out (h) the model's output for the window
   * @param base the window's b
   * @param target the target's scaler
   */
  double[] toRaw(double[] raw, int origin, float[] out, float base, Scaler target) {
    int h = out.length;
    float[] shifted = new float[h];
    for (int k = 0; k < h; k++) {
      shifted[k] = out[k] + base;
    }
    float[] z;
    try {
      z = target.features() == 0 ? shifted : target.inverseTransform(shifted);
    } catch (IllegalArgumentException e) { // the model's own scaler overflows
      throw new OutputOverflowException("prediction " + e.getMessage(), e);
    }
    double[] zd = new double[h];
    for (int k = 0; k < h; k++) {
      zd[k] = z[k];
    }
    int lost = spec.transform().lost(); // invert reads only the last L values
    return spec.transform().invert(
        java.util.Arrays.copyOfRange(raw, origin + 1 - lost, origin + 1), zd);
  }

  /**
   * Windows ready for the model.
   *
   * @param count N
   * @param x (N, T, I)
   * @param y (N, h), or null
   * @param base (N) each window's b
   */
  record Cut(int count, float[] x, float[] y, float[] base) {}
}
