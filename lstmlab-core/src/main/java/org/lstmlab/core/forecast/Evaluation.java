package org.lstmlab.core.forecast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lstmlab.core.data.Split;
import org.lstmlab.core.metrics.Metrics;

/**
 * Scores of a model and of the classical baselines on the same windows of one part of the data,
 * in the data's own units: the honest answer to "is the model worth it?".
 *
 * <p>For each forecaster (the model, then {@link WindowPredictions.Baseline}s), over every window
 * of the part in every series and every step of the horizon: the {@link Metrics} and MASE, the
 * mean absolute error divided by each series' in-sample seasonal-naive MAE on its training part
 * (Hyndman &amp; Koehler 2006, "Another look at measures of forecast accuracy": below 1 beats
 * the seasonal naive forecast's typical training error, and comparable across series). The
 * model's metrics are also given per step ahead.
 *
 * <p>MAPE misleads near zero (one small actual value blows it up): where any actual value of the
 * part is within 1% of the part's mean absolute value, MAPE is reported as NaN and {@link
 * #mapeUnreliable()} says so.
 */
public final class Evaluation {

  /** The model's name in {@link #scores()}. */
  public static final String MODEL = "model";

  private final WindowPredictions.Part part;
  private final Map<String, Score> scores;
  private final Map<String, List<Metrics>> perStep;
  private final boolean mapeUnreliable;
  private final int windows;

  private Evaluation(WindowPredictions.Part part, Map<String, Score> scores,
      Map<String, List<Metrics>> perStep, boolean mapeUnreliable, int windows) {
    this.part = part;
    this.scores = scores;
    this.perStep = perStep;
    this.mapeUnreliable = mapeUnreliable;
    this.windows = windows;
  }

  /**
   * Scores {@code predictions} (one per series) on {@code part}.
   *
   * @param forecaster the fitted forecaster that made them (its season and series statistics)
   * @throws IllegalArgumentException if the part holds no window in any series
   */
  public static Evaluation of(FittedForecaster forecaster, List<WindowPredictions> predictions,
      WindowPredictions.Part part) {
    int h = forecaster.spec().horizon();
    int season = forecaster.spec().season();
    Map<String, List<double[]>> pred = new LinkedHashMap<>();
    List<double[]> actual = new ArrayList<>();
    List<Double> scale = new ArrayList<>();
    pred.put(MODEL, new ArrayList<>());
    for (WindowPredictions.Baseline b : WindowPredictions.Baseline.values()) {
      pred.put(b.id(), new ArrayList<>());
    }
    int windows = 0;
    for (WindowPredictions wp : predictions) {
      Split.Range r = wp.range(part);
      if (r.isEmpty()) {
        continue;
      }
      SeriesState st = forecaster.state(wp.series().id());
      double mean = Double.isNaN(st.trainMean())
          ? SeriesState.trainStats(wp.series().targetRef(), wp.parts().trainEnd(), season)[0]
          : st.trainMean();
      double mase = Double.isNaN(st.maseScale())
          ? SeriesState.trainStats(wp.series().targetRef(), wp.parts().trainEnd(), season)[1]
          : st.maseScale();
      windows += r.size();
      actual.add(wp.rows(wp.actual(), r));
      pred.get(MODEL).add(wp.rows(wp.predicted(), r));
      for (WindowPredictions.Baseline b : WindowPredictions.Baseline.values()) {
        pred.get(b.id()).add(wp.rows(wp.baseline(b, season, mean), r));
      }
      scale.add(mase);
    }
    if (windows == 0) {
      throw new IllegalArgumentException("the " + part.id() + " part holds no window");
    }
    float[] a = flat(actual);
    boolean unreliable = mapeUnreliable(a);
    Map<String, Score> scores = new LinkedHashMap<>();
    pred.forEach((name, p) -> scores.put(name, score(actual, p, scale)));
    Map<String, List<Metrics>> perStep = new LinkedHashMap<>();
    int n = a.length / h;
    pred.forEach((name, p) -> {
      float[] mp = flat(p);
      List<Metrics> steps = new ArrayList<>();
      for (int k = 0; k < h; k++) {
        float[] ak = new float[n];
        float[] pk = new float[n];
        for (int w = 0; w < n; w++) {
          ak[w] = a[w * h + k];
          pk[w] = mp[w * h + k];
        }
        steps.add(Metrics.of(ak, pk));
      }
      perStep.put(name, List.copyOf(steps));
    });
    return new Evaluation(part, scores, perStep, unreliable, windows);
  }

  /**
   * The score of forecasts against actual values, both per series, with each series' MASE scale.
   */
  static Score score(List<double[]> actual, List<double[]> pred, List<Double> scale) {
    return new Score(Metrics.of(flat(actual), flat(pred)), mase(actual, pred, scale));
  }

  private static float[] flat(List<double[]> parts) {
    int n = 0;
    for (double[] p : parts) {
      n += p.length;
    }
    float[] out = new float[n];
    int i = 0;
    for (double[] p : parts) {
      for (double v : p) {
        out[i++] = (float) v;
      }
    }
    return out;
  }

  private static double mase(List<double[]> actual, List<double[]> pred, List<Double> scale) {
    double sum = 0;
    long count = 0;
    for (int s = 0; s < actual.size(); s++) {
      double q = scale.get(s);
      if (!(q > 0)) {
        return Double.NaN;
      }
      double[] a = actual.get(s);
      double[] p = pred.get(s);
      for (int i = 0; i < a.length; i++) {
        sum += Math.abs(a[i] - p[i]) / q;
        count++;
      }
    }
    return sum / count;
  }

  private static boolean mapeUnreliable(float[] a) {
    double mean = 0;
    for (float v : a) {
      mean += Math.abs(v);
    }
    mean /= a.length;
    for (float v : a) {
      if (Math.abs(v) < 0.01 * mean) {
        return true;
      }
    }
    return false;
  }

  /** The part scored. */
  public WindowPredictions.Part part() {
    return part;
  }

  /** Windows scored, over all series. */
  public int windows() {
    return windows;
  }

  /** The model's then each baseline's score, by name ({@link #MODEL}, naive, …). */
  public Map<String, Score> scores() {
    return scores;
  }

  /** The model's score. */
  public Score model() {
    return scores.get(MODEL);
  }

  /** (h) the model's metrics for each step ahead. */
  public List<Metrics> perStep() {
    return perStep.get(MODEL);
  }

  /**
   * The metrics of {@code name} (the {@link #MODEL} or a baseline's id) at each step ahead, 1 … h.
   *
   * @throws IllegalArgumentException if {@code name} was not scored
   */
  public List<Metrics> perStep(String name) {
    List<Metrics> m = perStep.get(name);
    if (m == null) {
      throw new IllegalArgumentException("no forecasts named '" + name + "'; scored: "
          + perStep.keySet());
    }
    return m;
  }

  /** Whether MAPE was left out because actual values come close to zero. */
  public boolean mapeUnreliable() {
    return mapeUnreliable;
  }

  /** The baseline with the lowest MSE. */
  public String bestBaseline() {
    return bestBaseline(scores);
  }

  /** The baseline with the lowest MSE among {@code scores} (the model's left out). */
  public static String bestBaseline(Map<String, Score> scores) {
    String best = null;
    for (Map.Entry<String, Score> e : scores.entrySet()) {
      if (!e.getKey().equals(MODEL)
          && (best == null || e.getValue().metrics().mse() < scores.get(best).metrics().mse())) {
        best = e.getKey();
      }
    }
    return best;
  }

  /** Whether the model's MSE is below every baseline's. */
  public boolean modelBeatsBaselines() {
    return model().metrics().mse() < scores.get(bestBaseline()).metrics().mse();
  }

  /**
   * One forecaster's score.
   *
   * @param metrics MSE, MAE, RMSE, MAPE, sMAPE, R²
   * @param mase the mean absolute scaled error, NaN if a series' scale is 0 or unknown
   */
  public record Score(Metrics metrics, double mase) {}
}
