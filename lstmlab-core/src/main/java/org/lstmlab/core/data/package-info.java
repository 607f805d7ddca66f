/**
 * Series and the windows cut from them: the tutorial notebook's synthetic series ({@link
 * org.lstmlab.core.data.NotebookSeries}) and the sliding windows that turn a series into (input,
 * target) pairs ({@link org.lstmlab.core.data.Windows}). Scalers, splits, CSV series and the
 * long-lag tasks are planned for this package.
 *
 * <p>Unlike {@code nn}, {@code kernel}, {@code loss} and {@code optim}, this package is not
 * compiled into the double-precision test twin, so it may use {@code double} and {@code float}
 * freely: series are generated in double and handed to the models as float.
 */
package org.lstmlab.core.data;
