package org.lstmlab.core.forecast;

import java.util.List;

/**
 * Forecasts of one series past its last observation, in the data's own units.
 *
 * @param series the series' id
 * @param times (N) the labels of the forecast steps, continuing the series' time axis
 * @param values (N) the forecasts
 * @param lower (N) the lower bound of the prediction interval, or null
 * @param upper (N) the upper bound of the prediction interval, or null
 * @param coverage the interval's nominal coverage, e.g. 0.8, or NaN without one
 */
public record Forecast(String series, List<String> times, double[] values, double[] lower,
    double[] upper, double coverage) {

  /** N. */
  public int size() {
    return values.length;
  }
}
