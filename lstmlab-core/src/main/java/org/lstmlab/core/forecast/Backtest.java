package org.lstmlab.core.forecast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.lstmlab.core.metrics.Metrics;
import org.lstmlab.core.train.TrainingResult;

/**
 * Rolling-origin evaluation ("time series cross-validation", Hyndman &amp; Athanasopoulos,
 * <i>Forecasting: Principles and Practice</i>, 3rd ed., §5.10): the forecaster is fitted on the
 * data up to a cut, forecasts the next h values, and is scored on them; the cut then moves on by a
 * stride, and again, K times. Unlike one split, every fold forecasts from a different origin, so
 * the scores say how a model does over time, not on one stretch.
 *
 * <p>Fold i of K (0-based) cuts each series of n values at {@code c_i = n − h − (K − 1 − i) ·
 * stride}: the fold trains on {@code [0, c_i)} ({@link Window#EXPANDING}) or on the last {@code
 * size} values before the cut ({@link Window#SLIDING}), with the forecaster's own validation split
 * inside it for early stopping, and forecasts {@code [c_i, c_i + h)}. With {@code refit} off the
 * model of the first fold forecasts every later fold from its longer history, as a model in
 * service would until it is retrained. The baselines forecast from the same origins; MASE scales
 * each fold by its own training part.
 *
 * <p>Order of use: {@link #run}. A run is deterministic given the forecaster's seed.
 */
public final class Backtest {

  /** How much history each fold trains on. */
  public enum Window {
    /** Everything before the cut. */
    EXPANDING,
    /** The last {@code size} values before the cut. */
    SLIDING
  }

  /**
   * A backtest's settings.
   *
   * @param folds K ≥ 1
   * @param horizon h ≥ 1, the values forecast after each cut
   * @param stride ≥ 1, how far the cut moves between folds
   * @param window expanding or sliding
   * @param size the sliding window's length (ignored when expanding)
   * @param refit whether every fold trains its own model (else the first fold's is reused)
   */
  public record Config(int folds, int horizon, int stride, Window window, int size,
      boolean refit) {

    /** Validates the sizes. */
    public Config {
      if (folds < 1 || horizon < 1 || stride < 1) {
        throw new IllegalArgumentException("folds, horizon and stride must be >= 1, got " + folds
            + ", " + horizon + ", " + stride);
      }
      if (window == Window.SLIDING && size < 2) {
        throw new IllegalArgumentException("a sliding window needs a size >= 2, got " + size);
      }
    }
  }

  /** Hears each fold as it ends. */
  @FunctionalInterface
  public interface Listener {
    /** Called after fold {@code fold} (from 1) of {@code folds}. */
    void foldDone(int fold, int folds, Fold result);
  }

  private Backtest() {}

  /**
   * Runs the backtest.
   *
   * @param forecaster the settings each fold trains with
   * @param cancelled polled between folds and by each fold's training; or null
   * @throws IllegalArgumentException naming the series too short for a fold's cut
   */
  public static Result run(Forecaster forecaster, SeriesDataset data, Config c, Listener listener,
      BooleanSupplier cancelled) {
    List<Fold> folds = new ArrayList<>();
    FittedForecaster reused = null;
    int season = 0;
    for (int i = 0; i < c.folds(); i++) {
      if (cancelled != null && cancelled.getAsBoolean()) {
        break;
      }
      int back = c.horizon() + (c.folds() - 1 - i) * c.stride();
      List<TimeSeries> train = new ArrayList<>();
      for (TimeSeries s : data.series()) {
        int cut = s.length() - back;
        int from = c.window() == Window.SLIDING ? Math.max(0, cut - c.size()) : 0;
        if (cut - from < 2) {
          throw new IllegalArgumentException(s.where() + "fold " + (i + 1) + " cuts the "
              + s.length() + " values at " + cut + ", leaving nothing to train on; use fewer"
              + " folds, a smaller stride or horizon");
        }
        train.add(s.slice(from, cut));
      }
      SeriesDataset part = data.withSeries(train);
      TrainingResult result = null;
      FittedForecaster f;
      if (reused == null || c.refit()) {
        Forecaster.Fit fit = forecaster.fit(part, null, cancelled);
        f = fit.forecaster();
        result = fit.result();
        if (result.diverged()) {
          throw new IllegalArgumentException("fold " + (i + 1) + ": " + result.message());
        }
        reused = f;
      } else {
        f = reused;
      }
      season = f.spec().season();
      folds.add(score(f, data, part, i, back, c.horizon(), result));
      if (listener != null) {
        listener.foldDone(i + 1, c.folds(), folds.get(folds.size() - 1));
      }
    }
    return new Result(c, folds, season);
  }

  /** One fold's forecasts and scores over every series. */
  private static Fold score(FittedForecaster f, SeriesDataset data, SeriesDataset train, int index,
      int back, int h, TrainingResult result) {
    int season = f.spec().season();
    List<double[]> actual = new ArrayList<>();
    Map<String, List<double[]>> pred = new LinkedHashMap<>();
    pred.put(Evaluation.MODEL, new ArrayList<>());
    for (WindowPredictions.Baseline b : WindowPredictions.Baseline.values()) {
      pred.put(b.id(), new ArrayList<>());
    }
    List<Double> scales = new ArrayList<>();
    String cutLabel = "";
    for (int s = 0; s < data.series().size(); s++) {
      TimeSeries full = data.series().get(s);
      TimeSeries hist = train.series().get(s);
      int cut = full.length() - back;
      TimeSeries history = full.slice(0, cut); // the model may read all of the history
      double[] y = full.targetRef();
      double[] stats = SeriesState.trainStats(hist.targetRef(), hist.length(), season);
      double[] a = java.util.Arrays.copyOfRange(y, cut, cut + h);
      double[] fut = null;
      if (!f.spec().future().isEmpty()) {
        int ahead = ((h + f.spec().horizon() - 1) / f.spec().horizon()) * f.spec().horizon();
        int fc = f.spec().future().size();
        fut = new double[ahead * fc];
        double[] all = full.futureRef();
        int rows = Math.min(ahead, full.length() - cut);
        System.arraycopy(all, cut * fc, fut, 0, rows * fc);
      }
      double[] m = f.forecast(history, h, fut).values();
      actual.add(a);
      pred.get(Evaluation.MODEL).add(m);
      for (WindowPredictions.Baseline b : WindowPredictions.Baseline.values()) {
        double[] p = new double[h];
        for (int k = 1; k <= h; k++) {
          p[k - 1] = b.forecast(y, cut - 1, k, season, stats[0]);
        }
        pred.get(b.id()).add(p);
      }
      scales.add(stats[1]);
      if (s == 0 && !full.times().isEmpty()) {
        cutLabel = full.times().get(cut);
      }
    }
    Map<String, Evaluation.Score> scores = new LinkedHashMap<>();
    pred.forEach((name, p) -> scores.put(name, Evaluation.score(actual, p, scales)));
    return new Fold(index + 1, cutLabel, scores, actual, pred, result);
  }

  /**
   * One fold.
   *
   * @param number from 1
   * @param cut the first forecast step's time label in the first series, or ""
   * @param scores the model's and each baseline's, over every series
   * @param actual per series, (h) the values that came
   * @param forecasts by name (the model, each baseline), per series, (h) the forecasts
   * @param training the fold's training result, or null when the model was reused
   */
  public record Fold(int number, String cut, Map<String, Evaluation.Score> scores,
      List<double[]> actual, Map<String, List<double[]>> forecasts, TrainingResult training) {}

  /**
   * All folds.
   *
   * @param config the settings
   * @param folds the folds run (fewer than asked if cancelled)
   * @param season the season the baselines used
   */
  public record Result(Config config, List<Fold> folds, int season) {

    /**
     * The model's and each baseline's scores over every fold, series and step: the metrics of
     * all forecasts pooled, and the mean of the folds' MASE.
     */
    public Map<String, Evaluation.Score> aggregate() {
      Map<String, Evaluation.Score> out = new LinkedHashMap<>();
      if (folds.isEmpty()) {
        return out;
      }
      for (String name : folds.get(0).scores().keySet()) {
        List<double[]> actual = new ArrayList<>();
        List<double[]> pred = new ArrayList<>();
        double mase = 0;
        for (Fold f : folds) {
          actual.addAll(f.actual());
          pred.addAll(f.forecasts().get(name));
          mase += f.scores().get(name).mase();
        }
        Metrics m = Evaluation.score(actual, pred, java.util.Collections.nCopies(actual.size(),
            Double.NaN)).metrics();
        out.put(name, new Evaluation.Score(m, mase / folds.size()));
      }
      return out;
    }

    /**
     * (h, 2) the empirical quantiles of the model's errors (actual − forecast) at each step
     * ahead over all folds and series, for a central interval of {@code coverage}: forecast +
     * [q_lo, q_hi] is then the interval; NaN where fewer than 2 errors are known.
     */
    public double[][] errorQuantiles(double coverage) {
      int h = config.horizon();
      double[][] q = new double[h][];
      for (int k = 0; k < h; k++) {
        List<Double> e = new ArrayList<>();
        for (Fold f : folds) {
          List<double[]> pred = f.forecasts().get(Evaluation.MODEL);
          for (int s = 0; s < f.actual().size(); s++) {
            e.add(f.actual().get(s)[k] - pred.get(s)[k]);
          }
        }
        q[k] = Intervals.quantiles(e, coverage);
      }
      return q;
    }
  }
}
