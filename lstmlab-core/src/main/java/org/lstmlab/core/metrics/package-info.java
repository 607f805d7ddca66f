/**
 * How good a forecast is: {@link org.lstmlab.core.metrics.Metrics} (MSE, MAE, RMSE, MAPE, sMAPE,
 * R²) between actual and predicted values, and {@link org.lstmlab.core.metrics.Baselines}, the
 * naive and mean forecasts every model should beat on the same windows. For classifiers, {@link
 * org.lstmlab.core.metrics.Classification}: the confusion matrix, accuracy, macro-F1 and the
 * majority-class baseline.
 *
 * <p>Metrics are computed in the units they are given; to report them in the series' own units,
 * inverse-transform predictions and targets with the {@link org.lstmlab.core.data.Scaler} first.
 * Sums are accumulated in double. Left out: weighted metrics, per-output breakdowns, MASE.
 */
package org.lstmlab.core.metrics;
