package org.lstmlab.core.forecast;

import org.lstmlab.core.data.Scaler;

/**
 * What a fitted forecaster keeps of each series it was trained on: the scaler fitted on the
 * series' training part and the statistics of that part that the baselines and MASE use.
 *
 * @param id the series' id ("" for the one series of a file without an id column)
 * @param scaler fitted on the transformed training rows, over the spec's C columns
 * @param rows n, the series' length when fitted
 * @param trainEnd where its training part ends (a row index, exclusive)
 * @param validationEnd where its validation part ends and its test part begins
 * @param trainMean the mean of the raw target over the training part (the mean baseline)
 * @param maseScale the in-sample MAE of the seasonal naive forecast (lag m, or 1 without a season)
 *     over the training part: MASE's denominator [Hyndman &amp; Koehler 2006]
 */
public record SeriesState(String id, Scaler scaler, int rows, int trainEnd, int validationEnd,
    double trainMean, double maseScale) {

  /** The state of a series for a forecaster fitted elsewhere: a given scaler, no statistics. */
  public static SeriesState of(String id, Scaler scaler) {
    return new SeriesState(id, scaler, 0, 0, 0, Double.NaN, Double.NaN);
  }

  /** The training part's raw statistics of {@code y} up to {@code trainEnd}. */
  static double[] trainStats(double[] y, int trainEnd, int season) {
    double sum = 0;
    for (int t = 0; t < trainEnd; t++) {
      sum += y[t];
    }
    int lag = Math.min(season, trainEnd - 1);
    double abs = 0;
    for (int t = lag; t < trainEnd; t++) {
      abs += Math.abs(y[t] - y[t - lag]);
    }
    return new double[] {sum / trainEnd, lag < 1 ? Double.NaN : abs / (trainEnd - lag)};
  }
}
