package org.lstmlab.core.forecast;

import java.util.Arrays;
import org.lstmlab.core.data.Split;

/**
 * A model's forecasts from every window of one series that has all its h targets, in the data's
 * units, with the actual values and the part (training, validation, test) of each window.
 *
 * <p>Window w has origin o = first + w (its last observed step) and forecasts steps o + 1 … o +
 * h. Shapes: {@code predicted} and {@code actual} are (N, h).
 *
 * @param series the series
 * @param first the first window's origin
 * @param horizon h
 * @param predicted (N, h) the model's forecasts
 * @param actual (N, h) the values that came
 * @param parts the split of the series' windows into parts
 */
public record WindowPredictions(TimeSeries series, int first, int horizon, double[] predicted,
    double[] actual, Split.Parts parts) {

  /** N. */
  public int count() {
    return predicted.length / horizon;
  }

  /** The window range of a part: {@code train}, {@code validation}, {@code test} or {@code all}. */
  public Split.Range range(Part part) {
    return switch (part) {
      case TRAIN -> parts.train();
      case VALIDATION -> parts.validation();
      case TEST -> parts.test();
      case ALL -> new Split.Range(0, count());
    };
  }

  /** Rows {@code range} of an (N, h) array. */
  double[] rows(double[] a, Split.Range range) {
    return Arrays.copyOfRange(a, range.from() * horizon, range.to() * horizon);
  }

  /**
   * A baseline's forecasts for every window, (N, h): what the model must beat.
   *
   * @param season m for the seasonal naive forecast
   * @param trainMean the mean forecast's value
   */
  double[] baseline(Baseline b, int season, double trainMean) {
    double[] y = series.targetRef();
    int n = count();
    double[] out = new double[n * horizon];
    for (int w = 0; w < n; w++) {
      for (int k = 1; k <= horizon; k++) {
        out[w * horizon + k - 1] = b.forecast(y, first + w, k, season, trainMean);
      }
    }
    return out;
  }

  /** A part of a series' windows. */
  public enum Part {
    TRAIN, VALIDATION, TEST, ALL;

    /** The name the command line takes: train, validation, test, all. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The part called {@code id}.
     *
     * @throws IllegalArgumentException for another name
     */
    public static Part of(String id) {
      for (Part p : values()) {
        if (p.id().equals(id)) {
          return p;
        }
      }
      throw new IllegalArgumentException("split must be one of train, validation, test, all; got '"
          + id + "'");
    }
  }

  /**
   * The classical forecasts every model is compared with [Hyndman &amp; Athanasopoulos,
   * <i>Forecasting: Principles and Practice</i>, 3rd ed., §5.2]: the last value (naive), the
   * last value of the same season (seasonal naive, lag m), the line from the first to the last
   * value carried on (drift), and the training part's mean.
   */
  public enum Baseline {
    NAIVE("naive"), SEASONAL_NAIVE("seasonal_naive"), DRIFT("drift"), MEAN("mean");

    private final String id;

    Baseline(String id) {
      this.id = id;
    }

    /**
     * This baseline's forecast of {@code y[origin + k]} from the values up to {@code origin}.
     *
     * @param season m for the seasonal naive forecast
     * @param trainMean the mean forecast's value
     */
    public double forecast(double[] y, int origin, int k, int season, double trainMean) {
      return switch (this) {
        case NAIVE -> y[origin];
        case SEASONAL_NAIVE -> {
          int m = Math.max(1, season);
          int back = m * ((k + m - 1) / m); // the same season's last observed step
          yield origin + k - back >= 0 ? y[origin + k - back] : y[origin];
        }
        case DRIFT -> origin == 0 ? y[origin] : y[origin] + k * (y[origin] - y[0]) / origin;
        case MEAN -> trainMean;
      };
    }

    /**
     * This baseline's one-step forecasts from {@code count} consecutive origins, of
     * {@code y[firstOrigin + 1]} to {@code y[firstOrigin + count]}: the fitted values a chart
     * draws next to the model's.
     *
     * @param season m for the seasonal naive forecast
     * @param trainMean the mean forecast's value
     */
    public double[] oneStep(double[] y, int firstOrigin, int count, int season, double trainMean) {
      double[] out = new double[count];
      for (int w = 0; w < count; w++) {
        out[w] = forecast(y, firstOrigin + w, 1, season, trainMean);
      }
      return out;
    }

    /** The name in tables and JSON. */
    public String id() {
      return id;
    }
  }
}
