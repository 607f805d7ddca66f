package org.lstmlab.web;

import org.lstmlab.core.data.NotebookSeries;

/**
 * Which synthetic series a request is about: the notebook's series ({@link NotebookSeries}) of
 * {@code length} points with Gaussian noise of standard deviation {@code noise}, drawn from
 * {@code seed}. The same three numbers give the same series on every run and every JDK.
 *
 * @param length points, in [{@value Limits#MIN_LENGTH}, {@value Limits#MAX_LENGTH}]
 * @param noise standard deviation of the noise, in [0, {@value Limits#MAX_NOISE}]
 * @param seed seed of the noise
 */
record SeriesSettings(int length, double noise, long seed) {

  /** The notebook's defaults: 100 points, noise 0.5, seed 0. */
  static final SeriesSettings DEFAULT =
      new SeriesSettings(NotebookSeries.DEFAULT_SIZE, NotebookSeries.DEFAULT_NOISE, 0);

  /** Reads {@code length}, {@code noise} and {@code seed}, each optional. */
  static SeriesSettings from(Params p) {
    return from(p, DEFAULT.length);
  }

  /** As {@link #from(Params)}, with another default length. */
  static SeriesSettings from(Params p, int defaultLength) {
    return new SeriesSettings(
        p.intIn("length", defaultLength, Limits.MIN_LENGTH, Limits.MAX_LENGTH),
        p.doubleIn("noise", DEFAULT.noise, 0, Limits.MAX_NOISE, false),
        p.longValue("seed", DEFAULT.seed));
  }

  /** The series' values. */
  double[] values() {
    return NotebookSeries.values(length, noise, seed);
  }

  /** The time points t_i in [0, 10π]. */
  double[] time() {
    return NotebookSeries.time(length);
  }
}
