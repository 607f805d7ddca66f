/**
 * The forecasting pipeline: from raw series to forecasts in the data's own units, the one copy of
 * windowing, scaling and target transforms that the command line, the web app and Spark call.
 *
 * <p>Data flows one way: {@link org.lstmlab.core.forecast.SeriesDataset} (one or many {@link
 * org.lstmlab.core.forecast.TimeSeries}: target, past and known-future covariates, time labels;
 * {@link org.lstmlab.core.forecast.MissingValues} for gaps) → {@link
 * org.lstmlab.core.forecast.Forecaster} (resolves season, window and transform; per-series split
 * and scaling fitted on the training part; windows; the trainer) → {@link
 * org.lstmlab.core.forecast.FittedForecaster} (model + {@link
 * org.lstmlab.core.forecast.ForecastSpec} + per-series {@link
 * org.lstmlab.core.forecast.SeriesState}) → {@link org.lstmlab.core.forecast.Forecast}s with
 * continued time labels ({@link org.lstmlab.core.forecast.TimeAxis}) and {@link
 * org.lstmlab.core.forecast.Evaluation}s against the classical baselines, with MASE. {@link
 * org.lstmlab.core.forecast.FittedForecaster#windows} gives the model's own inputs and targets per
 * part, for views inside the model; {@link org.lstmlab.core.forecast.NotebookForecast} is the
 * tutorial notebook's experiment as a configuration, shared by {@code lstmlab demo} and the web
 * app.
 *
 * <p>Like {@code data}, this package is not compiled into the double-precision test twin.
 */
package org.lstmlab.core.forecast;
