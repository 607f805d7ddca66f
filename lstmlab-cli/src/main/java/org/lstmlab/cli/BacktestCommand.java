package org.lstmlab.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lstmlab.core.forecast.Backtest;
import org.lstmlab.core.forecast.Evaluation;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.SeriesDataset;
import org.lstmlab.core.forecast.TimeSeries;
import org.lstmlab.report.Region;
import org.lstmlab.report.Report;
import org.lstmlab.report.Series;
import org.lstmlab.report.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlab backtest}: rolling-origin evaluation of the forecasting pipeline on a CSV file
 * ({@link Backtest}): K folds, each trained on the data before its cut and scored on the next N
 * values, next to the baselines from the same origins; per-fold lines, then the scores over all
 * folds with MASE and whether the model beats the best baseline.
 */
@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Rolling-origin evaluation: train on the data before each of K cuts, forecast"
        + " the next N values, and score them next to the baselines.")
final class BacktestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin PipelineFlags.Data data;
  @Mixin PipelineFlags.Model model;
  @Mixin PipelineFlags.Training training;

  @Option(names = "--folds", paramLabel = "K", defaultValue = "5",
      description = "Cuts, each a fold (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--forecast", paramLabel = "N",
      description = "Values forecast after each cut (default: --horizon).")
  Integer forecast;

  @Option(names = "--stride", paramLabel = "S",
      description = "How far the cut moves between folds (default: --forecast).")
  Integer stride;

  @Option(names = "--history", paramLabel = "KIND", defaultValue = "expanding",
      description = "expanding (all data before the cut) or sliding (the last --history-size"
          + " values) (default: ${DEFAULT-VALUE}).")
  String history;

  @Option(names = "--history-size", paramLabel = "N", defaultValue = "0",
      description = "Values a sliding history holds.")
  int historySize;

  @Option(names = "--refit", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Train a model for every fold; --no-refit reuses the first fold's model"
          + " (default: refit).")
  boolean refit;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Also write report.html and report.png into this directory.")
  Path report;

  @Option(names = "--json", description = "Print one JSON object instead of the text.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    ForecastConfig config = PipelineFlags.config(spec, model, training);
    Flags.modelSize(spec, model.cell, 1 + data.past.size() + data.future.size() * 2, model.hidden,
        model.layers, model.horizon);
    int n = forecast == null ? model.horizon : forecast;
    Flags.range(spec, "--forecast", n, 1, Flags.MAX_SIZE);
    Flags.range(spec, "--folds", folds, 1, 1000);
    int s = stride == null ? n : stride;
    Flags.range(spec, "--stride", s, 1, Flags.MAX_SIZE);
    Flags.oneOf(spec, "--history", history, List.of("expanding", "sliding"));
    Backtest.Window w = history.equals("sliding") ? Backtest.Window.SLIDING
        : Backtest.Window.EXPANDING;
    if (w == Backtest.Window.SLIDING) {
      Flags.range(spec, "--history-size", historySize, 2, Integer.MAX_VALUE);
    }
    if (report != null) {
      ReportFiles.check(report);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter text = json ? new PrintWriter(Writer.nullWriter()) : stdout;
    SeriesDataset ds = data.read(spec);
    Backtest.Config bc = new Backtest.Config(folds, n, s, w, historySize, refit);
    text.printf(Locale.ROOT, "%s: %d fold%s, each forecasting %d value%s, the cut moving by %d;"
            + " %s history, %s%n", data.file, folds, folds == 1 ? "" : "s", n, n == 1 ? "" : "s",
        s, history, refit ? "a model trained per fold" : "the first fold's model reused");
    text.flush();
    String name = config.cell().id().toUpperCase(Locale.ROOT);
    Backtest.Result r;
    try {
      r = Backtest.run(new Forecaster(config), ds, bc, (i, k, fold) -> {
        Evaluation.Score m = fold.scores().get(Evaluation.MODEL);
        text.printf(Locale.ROOT, "fold %d of %d%s: %s MSE %.4g, MASE %.3f; naive MSE %.4g%s%n",
            i, k, fold.cut().isEmpty() ? "" : " (from " + fold.cut() + ")", name,
            m.metrics().mse(), m.mase(), fold.scores().get("naive").metrics().mse(),
            fold.training() == null ? "" : "; " + fold.training().message());
        text.flush();
      }, null);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(data.file + ": " + e.getMessage(), e);
    }
    Map<String, Evaluation.Score> agg = r.aggregate();
    MetricsTable table = new MetricsTable(Scoreboard.KEYS);
    agg.forEach((k, v) -> table.add(k.equals(Evaluation.MODEL) ? name : k, "folds",
        Scoreboard.values(v)));
    text.println();
    text.println("Over all folds (MASE: the mean of the folds'):");
    table.printLong(text);
    String best = Evaluation.bestBaseline(agg);
    boolean beats = agg.get(Evaluation.MODEL).metrics().mse() < agg.get(best).metrics().mse();
    text.printf(Locale.ROOT, "%s %s the best baseline, %s (MSE %.4g against %.4g)%n", name,
        beats ? "beats" : "does NOT beat", best, agg.get(Evaluation.MODEL).metrics().mse(),
        agg.get(best).metrics().mse());
    Path[] files = null;
    if (report != null) {
      files = ReportFiles.write(report(ds, r, name, agg, best, beats), report);
      text.println("Report: " + files[0]);
      text.println("Chart:  " + files[1]);
    }
    text.flush();
    if (json) {
      ObjectNode root = Json.object();
      root.put("data", data.file.toString());
      root.put("folds", r.folds().size());
      root.put("forecast", n);
      root.put("stride", s);
      root.put("history", history);
      root.put("refit", refit);
      root.put("season", r.season());
      ArrayNode fs = root.putArray("per_fold");
      for (Backtest.Fold f : r.folds()) {
        ObjectNode o = fs.addObject();
        o.put("fold", f.number());
        o.put("cut", f.cut());
        ObjectNode sc = o.putObject("scores");
        f.scores().forEach((k, v) -> sc.set(k, scoreJson(v)));
      }
      ObjectNode all = root.putObject("aggregate");
      agg.forEach((k, v) -> all.set(k, scoreJson(v)));
      root.put("best_baseline", best);
      root.put("beats_baselines", beats);
      if (files != null) {
        ReportFiles.putJson(root, files);
      }
      Json.print(stdout, root);
    }
    return Main.OK;
  }

  private static ObjectNode scoreJson(Evaluation.Score s) {
    ObjectNode o = Json.metrics(s.metrics());
    Json.number(o, "mase", s.mase());
    return o;
  }

  private Report report(SeriesDataset ds, Backtest.Result r, String name,
      Map<String, Evaluation.Score> agg, String best, boolean beats) {
    TimeSeries first = ds.series().get(0);
    double[] values = first.target();
    Series chart = ds.timeColumn().isPresent() && !first.times().isEmpty()
        ? Series.labelled(ds.target(), ds.timeColumn().get(), first.times(), values)
        : Series.of(ds.target(), values);
    Report.Builder b = Report.builder("Backtest of " + name + " on " + data.file.getFileName())
        .description(r.folds().size() + " folds, each forecasting " + r.config().horizon()
            + " values from its cut; the chart shows each fold's forecast of the first series.")
        .series(chart);
    int n = first.length();
    int firstCut = n - r.config().horizon() - (r.config().folds() - 1) * r.config().stride();
    b.region(Region.of("backtest folds", firstCut - 0.5, n - 0.5));
    for (Backtest.Fold f : r.folds()) {
      int back = r.config().horizon() + (r.config().folds() - f.number()) * r.config().stride();
      b.prediction(Trace.from("fold " + f.number(), n - back,
          f.forecasts().get(Evaluation.MODEL).get(0)));
      f.scores().forEach((k, v) -> b.metric(k.equals(Evaluation.MODEL) ? name : k,
          "fold " + f.number(), Scoreboard.values(v)));
    }
    agg.forEach((k, v) -> b.metric(k.equals(Evaluation.MODEL) ? name : k, "all folds",
        Scoreboard.values(v)));
    b.note(String.format(Locale.ROOT, "%s %s the best baseline, %s, over all folds.", name,
        beats ? "beats" : "does NOT beat", best));
    return b.build();
  }
}
