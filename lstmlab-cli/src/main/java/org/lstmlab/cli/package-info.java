/**
 * The {@code lstmlab} command: {@link org.lstmlab.cli.Main} (the top command, error handling and
 * exit codes) and one class per subcommand: {@code demo} (the notebook's experiment), {@code
 * generate}, {@code train}, {@code predict}, {@code evaluate}, {@code backtest}, {@code
 * experiment}, {@code text} (language models: train, sample, evaluate), {@code bench}, {@code
 * quiz} and {@code serve}.
 *
 * <p>Thin shells: commands parse and range-check flags ({@code Flags}, the pipeline's shared flags
 * in the {@code PipelineFlags} mixins), read files through lstmlab-io, forecast, evaluate and
 * backtest with the core's forecasting pipeline ({@code org.lstmlab.core.forecast}), write reports
 * through lstmlab-report, and print. Their helpers: {@code SavedModel} (a model file as a fitted
 * forecaster, with the data it is applied to), {@code LossPrinter} (the notebook's loss lines and
 * a progress bar), {@code MetricsTable} and {@code Scoreboard} (scores against the baselines),
 * {@code Json} and {@code ReportFiles}. A user's mistake ends in a {@code CommandFailure} or a file
 * format exception, printed by {@code Main} as one line.
 */
package org.lstmlab.cli;
