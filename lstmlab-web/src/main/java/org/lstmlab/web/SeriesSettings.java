package org.lstmlab.web;

import org.lstmlab.core.data.NotebookSeries;
import org.lstmlab.core.forecast.NotebookForecast;
import org.lstmlab.core.forecast.SeriesDataset;

/**
 * Which synthetic series a request is about: the notebook's series ({@link NotebookSeries}) of
 * {@code length} points with Gaussian noise of standard deviation {@code noise}, drawn from
 * {@code seed}. The same three numbers give the same series on every run and every JDK, and the
 * defaults ({@link Fields#SERIES}) give {@code lstmlab demo}'s series.
 *
 * @param length points, in [{@value Limits#MIN_LENGTH}, {@value Limits#MAX_LENGTH}]
 * @param noise standard deviation of the noise, in [0, {@value Limits#MAX_NOISE}]
 * @param seed seed of the noise
 */
record SeriesSettings(int length, double noise, long seed) {

  /** Reads {@code length}, {@code noise} and {@code seed}, each optional. */
  static SeriesSettings from(Params p) {
    return from(p, Fields.LENGTH);
  }

  /** As {@link #from(Params)}, with another length field (another default). */
  static SeriesSettings from(Params p, Field length) {
    return new SeriesSettings(length.readInt(p), Fields.NOISE.readDouble(p),
        Fields.SEED.readSeed(p));
  }

  /** The series' values. */
  double[] values() {
    return NotebookSeries.values(length, noise, seed);
  }

  /** The series as the forecasting pipeline's one-series dataset. */
  SeriesDataset dataset() {
    return NotebookForecast.data(length, noise, seed);
  }

  /** The time points t_i in [0, 10π]. */
  double[] time() {
    return NotebookSeries.time(length);
  }
}
