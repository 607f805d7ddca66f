package org.lstmlab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.lstmlab.core.data.NotebookSeries;
import org.lstmlab.core.data.Split;
import org.lstmlab.core.metrics.Metrics;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Compute;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Optimizers;
import org.lstmlab.core.forecast.Evaluation;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.NotebookForecast;
import org.lstmlab.core.forecast.SeriesDataset;
import org.lstmlab.core.forecast.SeriesState;
import org.lstmlab.core.forecast.WindowPredictions;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.core.train.TrainingResult;
import org.lstmlab.report.LossCurve;
import org.lstmlab.report.Region;
import org.lstmlab.report.Report;
import org.lstmlab.report.Series;
import org.lstmlab.report.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlab demo}: the tutorial notebook's experiment, done for real.
 *
 * <p>As the notebook: its synthetic series (100 points on [0, 10π], noise 0.5), windows of 10
 * values each predicting the next, an LSTM and a vanilla (tanh) RNN of 100 hidden units with a
 * linear head, Adam at lr 0.01 on MSE, batch size 1, the windows in series order, 20 epochs, the
 * loss printed every second epoch. Unlike the notebook, whose cells define {@code train_model} but
 * never call it, the models are trained before they predict; and besides the training windows (on
 * which the notebook measures its MSE) the models are measured on held-out windows whose targets
 * are the last {@code --holdout} of the series and were never trained on, next to the naive
 * (last value) and mean baselines. {@code --holdout 0} trains on every window, as the notebook.
 *
 * <p>Seeds: the series' noise uses {@code --seed}; the LSTM starts from {@code seed + 1}, the RNN
 * from {@code seed + 2}, and the trainer's shuffle order and dropout masks use {@code seed}. The
 * two models train at the same time on two threads (they share nothing), which on two cores
 * halves the wall time; each one's lines are printed in turn.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reproduce the tutorial notebook: train an LSTM and a vanilla RNN on its noisy synthetic"
          + " series, print the loss every 2 epochs, then one table of MSE, MAE and RMSE of both"
          + " models and of the naive and mean baselines, on the training windows (as the"
          + " notebook) and on held-out windows (the end of the series, never trained on).",
      "Unlike the notebook, it trains before it predicts. Writes an HTML report and a PNG chart"
          + " into --out."
    })
final class DemoCommand implements Callable<Integer> {

  /** The notebook's hyperparameters, the defaults of the flags below. */
  static final int NOTEBOOK_HIDDEN = NotebookForecast.HIDDEN;

  static final int NOTEBOOK_WINDOW = NotebookForecast.WINDOW;
  static final String NOTEBOOK_LR = "" + NotebookForecast.LR;
  static final int NOTEBOOK_EPOCHS = NotebookForecast.EPOCHS;
  static final int NOTEBOOK_PRINT_EVERY = 2;

  /** The metrics of the demo's table, as the notebook's text names them. */
  static final List<String> KEYS = List.of("mse", "mae", "rmse");

  static final String TRAIN = "train";
  static final String HELDOUT = "heldout";

  @Spec CommandSpec spec;

  @Option(names = "--points", paramLabel = "N", defaultValue = "" + NotebookSeries.DEFAULT_SIZE,
      description = "Points of the series (default: ${DEFAULT-VALUE}).")
  int points;

  @Option(names = "--noise", paramLabel = "SD", defaultValue = "" + NotebookSeries.DEFAULT_NOISE,
      description = "Standard deviation of the added noise (default: ${DEFAULT-VALUE}).")
  double noise;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "" + NotebookForecast.SEED,
      description = "Seed of the noise; the LSTM starts from seed+1, the RNN from seed+2"
          + " (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--window", paramLabel = "W", defaultValue = "" + NOTEBOOK_WINDOW,
      description = "Values per input window (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--holdout", paramLabel = "FRACTION", defaultValue = "" + NotebookForecast.HOLDOUT,
      description = "Fraction of the series at its end whose windows are held out of training"
          + " and measured apart; 0 trains on all, as the notebook (default: ${DEFAULT-VALUE}).")
  double holdout;

  @Option(names = "--hidden", paramLabel = "H", defaultValue = "" + NOTEBOOK_HIDDEN,
      description = "Hidden units of each model (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--layers", paramLabel = "L", defaultValue = "1",
      description = "Stacked recurrent layers (default: ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
      description = "Dropout between stacked layers in training (default: ${DEFAULT-VALUE}).")
  double dropout;

  @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
      description = "sgd, adam, adamw or rmsprop (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--lr", paramLabel = "RATE", defaultValue = NOTEBOOK_LR,
      description = "Learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + NOTEBOOK_EPOCHS,
      description = "Passes over the training windows (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "B",
      defaultValue = "" + NotebookForecast.BATCH_SIZE,
      description = "Windows per update (default: ${DEFAULT-VALUE}, as the notebook).")
  int batchSize;

  @Option(names = "--shuffle", defaultValue = "false",
      description = "Shuffle the windows each epoch (default: in series order, as the notebook).")
  boolean shuffle;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "lstmlab-out",
      description = "Directory for report.html and report.png (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--no-report", description = "Write no report.")
  boolean noReport;

  @Option(names = "--json",
      description = "Print one JSON object on stdout instead of the text (metrics per model and"
          + " split, training times).")
  boolean json;

  @Override
  public Integer call() throws IOException {
    validate();
    PrintWriter stdout = spec.commandLine().getOut();
    // With --json, stdout carries the JSON object and nothing else.
    PrintWriter text = json ? new PrintWriter(Writer.nullWriter()) : stdout;
    if (!noReport) {
      ReportFiles.check(out);
    }

    double[] series = NotebookSeries.values(points, noise, seed);
    // The library's forecasting pipeline with the notebook's choices: the raw values (no scaler,
    // transform or relative windows), one step ahead, the held-out windows as its validation part
    // (watched each epoch, never used to stop), no clipping, no early stopping.
    SeriesDataset data = NotebookForecast.data(points, noise, seed);
    TrainerConfig config = NotebookForecast.training()
        .epochs(epochs).batchSize(batchSize).shuffle(shuffle).optimizer(optimizer).lr(lr)
        .seed(seed).build();
    ForecastConfig pipeline = NotebookForecast.pipeline(config).window(window)
        .hidden(hidden).layers(layers).dropout(dropout).split(holdout, 0).build();
    Split.Parts parts;
    try {
      parts = Split.fractions(0, holdout).apply(points, window, 1); // the same cut, for the text
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(e.getMessage());
    }

    describe(text, parts);

    List<Model> models = List.of(
        new Model("LSTM", CellType.LSTM, NotebookForecast.modelSeed(CellType.LSTM, seed)),
        new Model("RNN", CellType.RNN_TANH, NotebookForecast.modelSeed(CellType.RNN_TANH, seed)));
    trainAll(models, pipeline, data, text);

    // Every window's one-step forecast, scored on the training and held-out windows with the
    // baselines on the same windows.
    Map<String, Map<String, Metrics>> scores = new LinkedHashMap<>();
    Map<String, Metrics> naive = new LinkedHashMap<>();
    Map<String, Metrics> mean = new LinkedHashMap<>();
    for (Model m : models) {
      WindowPredictions wp = m.fitted.predictions(data.series().get(0));
      m.predictions = new float[wp.count()];
      for (int i = 0; i < m.predictions.length; i++) {
        m.predictions[i] = (float) wp.predicted()[i];
      }
      Map<String, Metrics> byPart = new LinkedHashMap<>();
      for (WindowPredictions.Part part : List.of(WindowPredictions.Part.TRAIN,
          WindowPredictions.Part.VALIDATION)) {
        if (wp.range(part).isEmpty()) {
          continue;
        }
        String key = part == WindowPredictions.Part.TRAIN ? TRAIN : HELDOUT;
        Evaluation e = Evaluation.of(m.fitted, List.of(wp), part);
        byPart.put(key, e.model().metrics());
        naive.put(key, e.scores().get(WindowPredictions.Baseline.NAIVE.id()).metrics());
        mean.put(key, e.scores().get(WindowPredictions.Baseline.MEAN.id()).metrics());
      }
      scores.put(m.name, byPart);
    }
    scores.put("naive (last value)", naive);
    scores.put("mean (of training)", mean);

    Path[] files = null;
    if (!noReport) {
      files = ReportFiles.write(report(series, models, scores, parts, config), out);
    }

    if (json) {
      Json.print(stdout, json(models, scores, parts, files));
      return Main.OK;
    }
    MetricsTable table = new MetricsTable(KEYS)
        .split(TRAIN, "training windows (" + parts.train().size() + ")")
        .split(HELDOUT, "held-out windows (" + parts.test().size() + ")");
    scores.forEach((model, bySplit) -> bySplit.forEach((split, m) -> table.add(model, split, m)));
    text.println();
    table.printWide(text);
    text.printf(Locale.ROOT,
        "Training windows: the %d the models were trained on (the notebook measures its MSE on"
            + " these).%n", parts.train().size());
    if (!parts.test().isEmpty()) {
      text.printf(Locale.ROOT,
          "Held-out windows: the %d whose targets are the last %d points (from index %d), never"
              + " trained on.%n", parts.test().size(), points - parts.validationEnd(),
          parts.validationEnd());
    }
    text.printf(Locale.ROOT, "The noise alone has MSE %s: no forecast can expect less on new data.%n",
        noise * noise);
    if (files != null) {
      text.println();
      text.println("Report: " + files[0]);
      text.println("Chart:  " + files[1]);
    }
    text.flush();
    return Main.OK;
  }

  /** One of the two models and what became of it. */
  private static final class Model {
    final String name;
    final CellType cell;
    final long seed;
    SequenceModel model; // the seeded start, then the trained model
    FittedForecaster fitted;
    TrainingResult result;
    String log = "";
    float[] predictions; // (N_w, 1) over every window

    Model(String name, CellType cell, long seed) {
      this.name = name;
      this.cell = cell;
      this.seed = seed;
    }
  }

  private void describe(PrintWriter text, Split.Parts parts) {
    text.printf(Locale.ROOT,
        "Series: the notebook's, %d points on [0, 10*pi], noise %s, seed %d.%n", points, noise, seed);
    text.printf(Locale.ROOT,
        "Windows: %d values predict the next: %d windows; %d for training%s.%n", window,
        parts.windows(), parts.train().size(),
        parts.test().isEmpty() ? " (all, as the notebook)"
            : ", the last " + parts.test().size() + " held out");
    text.printf(Locale.ROOT,
        "Training: hidden %d, %d layer%s, %s lr %s, MSE, batch %d, %d epoch%s, windows %s.%n",
        hidden, layers, layers == 1 ? "" : "s", optimizerName(), lr, batchSize, epochs,
        epochs == 1 ? "" : "s", shuffle ? "shuffled each epoch" : "in series order (as the notebook)");
    text.printf(Locale.ROOT,
        "Every %d epochs (counted from 1; the notebook prints the 0-based index, 1, 3, ...):"
            + " loss = the epoch's last window's loss, as the notebook's single_loss; mean = the"
            + " epoch's mean training loss%s.%n", NOTEBOOK_PRINT_EVERY,
        parts.test().isEmpty() ? "" : "; validation = the loss on the held-out windows");
    text.flush();
  }

  private String optimizerName() {
    switch (optimizer) {
      case "adam": return "Adam";
      case "adamw": return "AdamW";
      case "rmsprop": return "RMSprop";
      default: return "SGD";
    }
  }

  /**
   * Trains the first model on this thread, printing as it goes, and the others on a second
   * thread, each into its own buffer printed once the first is done.
   */
  private void trainAll(List<Model> models, ForecastConfig config, SeriesDataset data,
      PrintWriter text) {
    for (Model m : models) {
      m.model = SequenceModel.builder(m.cell, 1, hidden).layers(layers).dropout(dropout)
          .outputSize(1).seed(m.seed).build();
    }
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "lstmlab-demo-train");
      t.setDaemon(true);
      return t;
    });
    try {
      List<CompletableFuture<Void>> rest = new ArrayList<>();
      for (Model m : models.subList(1, models.size())) {
        rest.add(CompletableFuture.runAsync(() -> {
          StringWriter buffer = new StringWriter();
          PrintWriter w = new PrintWriter(buffer);
          train(m, config, data, w);
          w.flush();
          m.log = buffer.toString();
        }, pool));
      }
      if (!noReport) {
        // The second thread is idle once the RNN is done; prepare the report there meanwhile.
        rest.add(CompletableFuture.runAsync(ReportFiles::warmUp, pool));
      }
      train(models.get(0), config, data, text);
      for (CompletableFuture<Void> f : rest) {
        try {
          f.join();
        } catch (CompletionException e) {
          if (e.getCause() instanceof RuntimeException) {
            throw (RuntimeException) e.getCause();
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    for (Model m : models.subList(1, models.size())) {
      text.print(m.log);
    }
    text.flush();
  }

  /** Trains one model through the pipeline, starting from its own seeded weights. */
  private void train(Model m, ForecastConfig config, SeriesDataset data, PrintWriter w) {
    w.println();
    w.printf(Locale.ROOT, "%s (%,d parameters)%n", m.name, m.model.parameters().size());
    LossPrinter printer = new LossPrinter(w, NOTEBOOK_PRINT_EVERY, epochs, false);
    Forecaster.Fit fit = new Forecaster(config.toBuilder().cell(m.cell).build())
        .fit(data, printer, null, m.model);
    m.result = fit.result();
    m.fitted = fit.forecaster();
    m.model = m.fitted.model();
    if (m.result.diverged()) {
      throw new CommandFailure(m.name + ": " + m.result.message());
    }
    w.printf(Locale.ROOT, "trained in %d ms%n", m.result.elapsedMillis());
  }

  private Map<String, Object> configuration(Split.Parts parts, TrainerConfig config) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("command", "lstmlab demo");
    c.put("series", "the notebook's synthetic series");
    c.put("points", points);
    c.put("noise", noise);
    c.put("seed", seed);
    c.put("window", window);
    c.put("horizon", 1);
    c.put("holdout", holdout);
    c.put("windows", parts.windows());
    c.put("train_windows", parts.train().size());
    c.put("heldout_windows", parts.test().size());
    c.put("models", "lstm (seed " + (seed + 1) + "), rnn (tanh, seed " + (seed + 2) + ")");
    c.put("hidden", hidden);
    c.put("layers", layers);
    c.put("dropout", dropout);
    config.toMap().forEach((k, v) -> c.put(snake(k), v));
    c.put("java", System.getProperty("java.version"));
    c.put("matmul_kernel", Compute.kernel());
    return c;
  }

  /** {@code batchSize} → {@code batch_size}: the config keys as the flags and model files say. */
  static String snake(String camel) {
    return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private Report report(double[] series, List<Model> models,
      Map<String, Map<String, Metrics>> scores, Split.Parts parts, TrainerConfig config) {
    Report.Builder r = Report.builder("The notebook, end to end")
        .description(String.format(Locale.ROOT,
            "An LSTM and a vanilla RNN (%d hidden units each) forecast the next value of the"
                + " notebook's noisy series from the previous %d, trained %d epochs on the first"
                + " %d windows; the last %d windows are held out.", hidden, window, epochs,
            parts.train().size(), parts.test().size()))
        .series(Series.of("series", series));
    for (Model m : models) {
      double[] p = new double[m.predictions.length];
      for (int i = 0; i < p.length; i++) {
        p[i] = m.predictions[i];
      }
      r.prediction(Trace.from(m.name, window, p));
    }
    // The baselines' forecasts of the same rows (window w forecasts row window + w), drawn when
    // the reader picks them in the legend, and the held-out rows shaded.
    SeriesState st = models.get(0).fitted.states().get(0);
    int n = models.get(0).predictions.length;
    r.baseline(Trace.from("naive (last value)", window,
        WindowPredictions.Baseline.NAIVE.oneStep(series, window - 1, n, 1, st.trainMean())));
    r.baseline(Trace.from("mean (of training)", window,
        WindowPredictions.Baseline.MEAN.oneStep(series, window - 1, n, 1, st.trainMean())));
    if (parts.validationEnd() < points) {
      r.region(Region.of("held out", parts.validationEnd() - 0.5, points - 0.5));
    }
    for (Model m : models) {
      r.loss(LossCurve.of(m.name, m.result.trainLoss(),
          parts.test().isEmpty() ? new double[0] : m.result.validationLoss()));
    }
    Map<String, String> splitNames = Map.of(TRAIN, "training windows", HELDOUT, "held-out windows");
    for (String split : List.of(TRAIN, HELDOUT)) {
      scores.forEach((model, bySplit) -> {
        Metrics m = bySplit.get(split);
        if (m != null) {
          Map<String, Double> v = new LinkedHashMap<>();
          KEYS.forEach(k -> v.put(k, m.toMap().get(k)));
          r.metric(model, splitNames.get(split), v);
        }
      });
    }
    r.config(configuration(parts, config));
    r.note("Training windows are those the models were trained on; the notebook measures its MSE"
        + " on these. Held-out windows have their targets in the last " + (points
        - parts.validationEnd()) + " points of the series, which training never saw.");
    r.note("Validation loss in the loss chart is the loss on the held-out windows after each"
        + " epoch; it is watched, not used to stop or choose.");
    r.note(String.format(Locale.ROOT, "The noise alone has MSE %s (its variance): no forecast can"
        + " expect less on new data.", noise * noise));
    for (Model m : models) {
      String flat = flatForecastNote(m, series);
      if (flat != null) {
        r.note(flat);
      }
    }
    return r.build();
  }

  /**
   * A note when a model's forecasts hardly move (their spread under a tenth of the series'): at
   * the notebook's lr 0.01 the vanilla RNN's tanh units saturate and it forecasts a near-constant
   * (PyTorch's RNN does the same with these settings); at lr 0.001 it learns.
   */
  private String flatForecastNote(Model m, double[] series) {
    double[] p = new double[m.predictions.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = m.predictions[i];
    }
    double spread = std(p);
    double data = std(java.util.Arrays.copyOfRange(series, window, series.length));
    if (!(spread < 0.1 * data)) {
      return null;
    }
    return String.format(Locale.ROOT, "The %s's forecasts hardly move: their standard deviation is"
        + " %.3g against the series' %.3g. Its tanh units saturate at lr %s, so every window gets"
        + " about the same output (PyTorch's nn.RNN does the same with these settings). A smaller"
        + " step lets it learn: try lstmlab demo --lr 0.001.", m.name, spread, data, lr);
  }

  private static double std(double[] v) {
    double mean = 0;
    for (double x : v) {
      mean += x;
    }
    mean /= v.length;
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return Math.sqrt(ss / v.length);
  }

  private ObjectNode json(List<Model> models, Map<String, Map<String, Metrics>> scores,
      Split.Parts parts, Path[] files) {
    ObjectNode o = Json.object();
    o.put("seed", seed);
    ObjectNode config = o.putObject("config");
    config.put("points", points);
    Json.number(config, "noise", noise);
    config.put("window", window);
    config.put("horizon", 1);
    Json.number(config, "holdout", holdout);
    config.put("hidden", hidden);
    config.put("layers", layers);
    Json.number(config, "dropout", dropout);
    config.put("optimizer", optimizer);
    Json.number(config, "lr", lr);
    config.put("loss", "mse");
    config.put("batch_size", batchSize);
    config.put("epochs", epochs);
    config.put("shuffle", shuffle);
    ObjectNode windows = o.putObject("windows");
    windows.put(TRAIN, parts.train().size());
    windows.put(HELDOUT, parts.test().size());
    ObjectNode ms = o.putObject("models");
    for (Model m : models) {
      ObjectNode mo = ms.putObject(m.name.toLowerCase(Locale.ROOT));
      mo.put("cell", m.cell.id());
      mo.put("seed", m.seed);
      mo.put("parameters", m.model.parameters().size());
      scores.get(m.name).forEach((split, metrics) -> mo.set(split, Json.metrics(metrics)));
      mo.put("train_ms", m.result.elapsedMillis());
      mo.set("loss", Json.array(m.result.trainLoss()));
      if (!parts.test().isEmpty()) {
        mo.set("validation_loss", Json.array(m.result.validationLoss()));
      }
    }
    ObjectNode bs = o.putObject("baselines");
    Map<String, String> keys = Map.of("naive (last value)", "naive", "mean (of training)", "mean");
    for (String label : List.of("naive (last value)", "mean (of training)")) {
      ObjectNode bo = bs.putObject(keys.get(label));
      scores.get(label).forEach((split, metrics) -> bo.set(split, Json.metrics(metrics)));
    }
    ReportFiles.putJson(o, files);
    return o;
  }

  /** Flag values that parse but make no sense are usage errors that name the flag. */
  private void validate() {
    Flags.range(spec, "--points", points, 2, 10_000_000);
    Flags.nonNegative(spec, "--noise", noise);
    Flags.range(spec, "--hidden", hidden, 1, Flags.MAX_SIZE);
    Flags.range(spec, "--layers", layers, 1, 100);
    Flags.fraction(spec, "--dropout", dropout);
    Flags.range(spec, "--epochs", epochs, 1, 1_000_000);
    Flags.range(spec, "--batch-size", batchSize, 1, Integer.MAX_VALUE);
    Flags.range(spec, "--window", window, 1, Flags.MAX_SIZE);
    Flags.modelSize(spec, "lstm", 1, hidden, layers, 1);
    if (window > points - 1) {
      throw Flags.usage(spec, "--window must be at most " + (points - 1) + " (the series has "
          + points + " values), got " + window);
    }
    Flags.positive(spec, "--lr", lr);
    Flags.oneOf(spec, "--optimizer", optimizer, Optimizers.NAMES);
    Flags.fraction(spec, "--holdout", holdout);
  }
}
