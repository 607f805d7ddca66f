/**
 * Reports of a run: one self-contained HTML page and one PNG chart, made from a plain data model.
 *
 * <p>{@link org.lstmlab.report.Report} (built with {@link org.lstmlab.report.Report.Builder}) holds
 * what a report shows: the {@link org.lstmlab.report.Series}, each model's prediction and forecast
 * {@link org.lstmlab.report.Trace}s, {@link org.lstmlab.report.LossCurve}s, {@link
 * org.lstmlab.report.CurveChart}s (curves against training steps with dashed {@link
 * org.lstmlab.report.ReferenceLine}s, such as learning curves against a baseline), {@link
 * org.lstmlab.report.MetricRow}s, the run's configuration and free-form notes. A report has a
 * series, curve charts, or both. It knows nothing of training, so the CLI and the web app can both
 * fill it from what they have.
 *
 * <p>{@link org.lstmlab.report.HtmlReport} writes the page: ECharts is read from its webjar on the
 * class path and inlined with the styles and the data, so the file opens offline in any browser,
 * with zoom, pan, hover readouts and series toggling. {@link org.lstmlab.report.PngChart} draws the
 * main chart (actual against predictions, or without a series the first curve chart) with
 * JFreeChart for documents and terminals, in the same colours. Both write atomically: a temporary file beside the target, then a move.
 *
 * <p>Every string in a report may come from a user (titles, model names, column names,
 * configuration values) and is escaped wherever it lands: as HTML text, as JSON inside a script
 * element, or as text drawn on a canvas.
 */
package org.lstmlab.report;
