package org.lstmlab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lstmlab.core.metrics.Baselines;
import org.lstmlab.core.metrics.Metrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlab evaluate}: how well a model forecasts a CSV series: MSE, MAE, RMSE, MAPE, sMAPE
 * and R² over every window, in the data's units, next to the naive (each window's last value) and
 * mean baselines on the same windows. The mean baseline forecasts the mean of the model's
 * training targets when the model file stores it ({@code lstmlab train} does), and otherwise the
 * mean of the evaluated targets themselves, which flatters it (its R² is then 0 by construction);
 * the output says which.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Measure a model on every window of a CSV series (MSE, MAE, RMSE, MAPE, sMAPE,"
        + " R²), next to the naive and mean baselines.")
final class EvaluateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "MODEL", required = true,
      description = "A model file (.safetensors), from lstmlab train or PyTorch.")
  Path modelFile;

  @Option(names = "--data", paramLabel = "FILE", required = true,
      description = "CSV file with a header row and the model's columns.")
  Path data;

  @Mixin SavedModel.Overrides overrides;

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    SavedModel m = SavedModel.load(spec, modelFile, data, overrides);
    Dataset.Windowed w = m.windows;
    int h = w.horizon();
    boolean storedMean = m.trainTargetMean.isPresent();
    float[] mean = new float[w.count() * h];
    if (storedMean) {
      Arrays.fill(mean, (float) m.trainTargetMean.getAsDouble());
    } else {
      mean = Baselines.mean(w.actual(), w.count(), w.count());
    }
    Map<String, Metrics> scores = new LinkedHashMap<>();
    scores.put(m.name(), Metrics.of(w.actual(), m.predictions()));
    scores.put("naive", Metrics.of(w.actual(), w.naive()));
    scores.put("mean", Metrics.of(w.actual(), mean));

    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode root = Json.object();
      root.put("model", modelFile.toString());
      root.put("data", data.toString());
      root.put("cell", m.spec.cell().id());
      root.put("window", w.window());
      root.put("horizon", h);
      root.put("windows", w.count());
      root.set("metrics", Json.metrics(scores.get(m.name())));
      ObjectNode b = root.putObject("baselines");
      b.set("naive", Json.metrics(scores.get("naive")));
      b.set("mean", Json.metrics(scores.get("mean")));
      root.put("mean_of", storedMean ? "training targets" : "evaluated targets");
      Json.print(out, root);
      return Main.OK;
    }
    out.printf(Locale.ROOT, "%s on %s: %d windows of %d predicting %d, in %s's units%n",
        modelFile, data, w.count(), w.window(), h, m.data.targetName());
    MetricsTable table = new MetricsTable(Metrics.KEYS);
    scores.forEach((name, s) -> table.add(name, "all", s));
    table.printLong(out);
    out.println("naive: each window's last value; mean: the mean of the "
        + (storedMean ? "model's training targets"
            : "evaluated targets (the file does not store the training mean)"));
    out.flush();
    return Main.OK;
  }
}
