/**
 * The {@code lstmlab} command: {@link org.lstmlab.cli.Main} (the top command, error handling and
 * exit codes) and one class per subcommand: {@code demo} (the notebook's experiment), {@code
 * generate}, {@code train}, {@code predict} and {@code evaluate}.
 *
 * <p>Commands parse and range-check flags ({@code Flags}), read files through lstmlab-io, train and
 * measure with the core ({@code Trainer}, {@code Predictor}, {@code Metrics}, {@code Baselines}),
 * write reports through lstmlab-report, and print. Their helpers: {@code Dataset} (a CSV series'
 * columns, scaling and windows of several input columns, until the core's {@code Windows} takes
 * more than one), {@code SavedModel} (a model file with the data it is applied to), {@code
 * LossPrinter} (the notebook's loss lines and a progress bar), {@code MetricsTable}, {@code Json}
 * and {@code ReportFiles}. A user's mistake ends in a {@code CommandFailure} or a file format
 * exception, printed by {@code Main} as one line.
 */
package org.lstmlab.cli;
