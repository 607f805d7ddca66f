package org.lstmlab.web;

import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.data.Split;
import org.lstmlab.core.data.Windows;
import org.lstmlab.core.nn.SequenceBatch;

/**
 * A series made ready for training: standardised with the statistics of its training part, cut into
 * windows of T values predicting the next one, and split in time order into training, validation
 * and test windows (70 / 15 / 15 % of the points).
 *
 * <pre>
 *   raw      (N)           the series in its own units
 *   scaled   (N)           (raw − mean) / std, mean and std of raw[0, trainEnd)
 *   windows  x (N_w, T, 1), y (N_w, 1) over scaled;  rawWindows the same over raw
 * </pre>
 *
 * Scaling with training statistics only keeps the validation and test values out of training.
 */
final class Prepared {
  static final double VALIDATION = 0.15;
  static final double TEST = 0.15;

  final double[] raw; // (N)
  final float[] scaled; // (N)
  final Scaler scaler;
  final Windows windows; // over scaled
  final Windows rawWindows; // over raw, for the baselines in the series' units
  final Split.Parts parts;
  final int window;

  Prepared(SeriesSettings series, int window) {
    this.raw = series.values();
    this.window = window;
    if (window > raw.length / 4) {
      throw ApiError.badRequest("window must be at most a quarter of the series' length ("
          + raw.length / 4 + " for length " + raw.length + "), got " + window);
    }
    float[] f = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      f[i] = (float) raw[i];
    }
    this.parts = Split.fractions(VALIDATION, TEST).apply(raw.length, window, 1);
    this.scaler = Scaler.fit(Scaler.STANDARD, f, 1, 0, parts.trainEnd());
    this.scaled = scaler.transform(f);
    this.windows = Windows.of(scaled, window, 1);
    this.rawWindows = Windows.of(raw, window, 1);
  }

  SequenceBatch x(Split.Range r) {
    return windows.batch(r);
  }

  float[] y(Split.Range r) {
    return r.slice(windows.y(), 1);
  }
}
