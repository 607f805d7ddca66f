package org.lstmlab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lstmlab.core.forecast.Evaluation;
import org.lstmlab.core.forecast.OutputOverflowException;
import org.lstmlab.core.forecast.WindowPredictions;
import org.lstmlab.core.forecast.WindowPredictions.Part;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlab evaluate}: how well a model forecasts a CSV series, in the data's units, next to
 * the naive, seasonal naive, drift and mean forecasts on the same windows, with MASE and the
 * model's metrics per step ahead.
 *
 * <p>{@code --split} chooses the windows: those whose targets lie in the test part by default
 * for a model file that records its split ({@code lstmlab train}'s), all of them for one that does
 * not (a PyTorch file); {@code train}, {@code validation}, {@code test} or {@code all}.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Score a model on a CSV series next to the naive, seasonal naive, drift and"
        + " mean forecasts (MSE, MAE, RMSE, MAPE, sMAPE, R², MASE).")
final class EvaluateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "MODEL", required = true,
      description = "A model file (.safetensors), from lstmlab train or PyTorch.")
  Path modelFile;

  @Option(names = "--data", paramLabel = "FILE", required = true,
      description = "CSV file with a header row and the model's columns.")
  Path data;

  @Option(names = "--split", paramLabel = "PART",
      description = "train, validation, test or all (default: test for a model file that"
          + " records its split, else all).")
  String split;

  @Mixin SavedModel.Overrides overrides;

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (split != null) {
      Flags.oneOf(spec, "--split", split, List.of("train", "validation", "test", "all"));
    }
    SavedModel m = SavedModel.load(spec, modelFile, data, overrides);
    PrintWriter err = spec.commandLine().getErr();
    m.notes.forEach(err::println);
    err.flush();
    boolean recorded = m.forecaster.spec().test() > 0 || m.forecaster.spec().validation() > 0;
    Part part = split != null ? Part.of(split) : recorded ? Part.TEST : Part.ALL;
    List<WindowPredictions> preds;
    Evaluation e;
    try {
      preds = m.forecaster.predictions(m.data);
      e = Evaluation.of(m.forecaster, preds, part);
    } catch (OutputOverflowException ex) {
      throw new CommandFailure(modelFile + ": " + ex.getMessage(), ex);
    } catch (IllegalArgumentException ex) {
      throw new CommandFailure(data + ": " + ex.getMessage(), ex);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode root = Json.object();
      root.put("model", modelFile.toString());
      root.put("data", data.toString());
      root.put("cell", m.forecaster.spec().cell().id());
      root.put("window", m.forecaster.spec().window());
      root.put("horizon", m.forecaster.spec().horizon());
      root.put("season", m.forecaster.spec().season());
      root.set("scores", Scoreboard.json(List.of(e)));
      Json.print(out, root);
      return Main.OK;
    }
    out.printf(Locale.ROOT, "%s on %s: %s part, %d windows of %d forecasting %d, in %s's"
            + " units%n", modelFile, data, part.id(), e.windows(), m.forecaster.spec().window(),
        m.forecaster.spec().horizon(), m.forecaster.spec().target());
    Scoreboard.print(out, m.name(), List.of(e));
    if (m.forecaster.spec().horizon() > 1) {
      MetricsTable steps = new MetricsTable(org.lstmlab.core.metrics.Metrics.KEYS);
      for (int k = 0; k < e.perStep().size(); k++) {
        steps.add("step " + (k + 1), part.id(), e.perStep().get(k));
      }
      out.println();
      out.println(m.name() + " per step ahead:");
      steps.printLong(out);
    }
    out.flush();
    return Main.OK;
  }
}
