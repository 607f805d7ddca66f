/**
 * Series and the windows cut from them: the tutorial notebook's synthetic series ({@link
 * org.lstmlab.core.data.NotebookSeries}) and the sliding windows that turn a series into (input,
 * target) pairs ({@link org.lstmlab.core.data.Windows}), the scalers fitted on the training part
 * ({@link org.lstmlab.core.data.Scaler}) and the chronological split into training, validation
 * and test ({@link org.lstmlab.core.data.Split}). CSV files are read in {@code lstmlab-io}; the
 * long-lag tasks are in {@code org.lstmlab.core.lags}.
 *
 * <p>Unlike {@code nn}, {@code kernel}, {@code loss} and {@code optim}, this package is not
 * compiled into the double-precision test twin, so it may use {@code double} and {@code float}
 * freely: series are generated in double and handed to the models as float.
 */
package org.lstmlab.core.data;
