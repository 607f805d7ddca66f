package org.lstmlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lstmlab.core.train.Predictor;
import org.lstmlab.io.CsvWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlab predict}: a model's one-step predictions over every window of a CSV series, and
 * optionally a recursive forecast past its end, as a CSV file.
 *
 * <p>Rows, in order: one per window, {@code index,actual,prediction}, where {@code index} is the
 * 0-based position in the data of the value predicted (or its time label, with a time column) and
 * {@code actual} that value; then {@code --forecast N} rows past the end, each prediction fed back
 * as the next input (the notebook's recursive forecast), with {@code actual} blank and {@code
 * index} continuing the positions ({@code +1}, {@code +2}, … with time labels, which cannot be
 * invented). A model with horizon h &gt; 1 gives h rows per window, with a {@code step} column
 * (1..h) after {@code index}. Values are in the data's units: the model's stored scaler is applied
 * to the inputs and undone on the predictions. The file is written atomically.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Write a model's predictions for every window of a CSV series (and, with"
        + " --forecast, beyond its end) to a CSV file with columns index,actual,prediction.")
final class PredictCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "MODEL", required = true,
      description = "A model file (.safetensors), from lstmlab train or PyTorch.")
  Path modelFile;

  @Option(names = "--data", paramLabel = "FILE", required = true,
      description = "CSV file with a header row and the model's columns.")
  Path data;

  @Mixin SavedModel.Overrides overrides;

  @Option(names = "--out", paramLabel = "FILE", required = true,
      description = "The CSV file to write; replaced whole or left as it was.")
  Path out;

  @Option(names = "--forecast", paramLabel = "N", defaultValue = "0",
      description = "Also forecast N steps past the end, feeding predictions back"
          + " (univariate models; default: ${DEFAULT-VALUE}).")
  int forecast;

  @Override
  public Integer call() throws IOException {
    // Each step is a forward pass over a whole window: 10^7 steps took 106 s and wrote 219 MB
    // without a word; 10^5 take about a second, and so far ahead a recursive forecast is its own
    // errors fed back anyway.
    Flags.range(spec, "--forecast", forecast, 0, Flags.MAX_SIZE);
    Flags.output(spec, "--out", out, modelFile, data);
    SavedModel m = SavedModel.load(spec, modelFile, data, overrides);
    Dataset.Windowed w = m.windows;
    int h = w.horizon();
    float[] pred = m.predictions(); // (N_w, h)
    float[] future = new float[0];
    if (forecast > 0) {
      if (m.spec.inputSize() != 1) {
        throw new CommandFailure(modelFile + ": --forecast feeds predictions back as inputs, which"
            + " needs a model of one input column; this one reads " + m.spec.inputSize());
      }
      float[] scaled = m.targetScaler.transform(m.data.targetValues());
      future = m.inverse(new Predictor(m.model).forecast(scaled, w.window(), forecast));
    }
    List<String> labels = m.data.timeLabels();
    int n = m.data.length();
    List<List<String>> rows = new ArrayList<>();
    for (int k = 0; k < w.count(); k++) {
      for (int s = 0; s < h; s++) {
        int at = w.targetIndex(k) + s;
        rows.add(row(index(labels, at, n), s + 1, h, Float.toString(w.actual()[k * h + s]),
            pred[k * h + s]));
      }
    }
    for (int k = 0; k < future.length; k++) {
      rows.add(row(index(labels, n + k, n), 1, 1, "", future[k]));
    }
    List<String> header = h == 1 ? CsvWriter.PREDICTION_HEADER
        : List.of("index", "step", "actual", "prediction");
    if (h > 1) {
      // Forecast rows carry step 1: each is one step past the previous.
      for (List<String> r : rows) {
        if (r.size() == 3) {
          r.add(1, "1");
        }
      }
    }
    CsvWriter.write(out, header, rows);
    spec.commandLine().getOut().printf(Locale.ROOT,
        "%s: %d predictions over windows of %d%s, in %s's units%n", out, w.count() * h,
        w.window(), forecast > 0 ? " and " + forecast + " forecast steps past the end" : "",
        m.data.targetName());
    return Main.OK;
  }

  private static List<String> row(String index, int step, int horizon, String actual, float p) {
    List<String> r = new ArrayList<>();
    r.add(index);
    if (horizon > 1) {
      r.add(Integer.toString(step));
    }
    r.add(actual);
    r.add(Float.toString(p));
    return r;
  }

  /** The position's time label, or the position itself; past the labels, +1, +2, … */
  private static String index(List<String> labels, int position, int n) {
    if (labels.isEmpty()) {
      return Integer.toString(position);
    }
    return position < n ? labels.get(position) : "+" + (position - n + 1);
  }
}
