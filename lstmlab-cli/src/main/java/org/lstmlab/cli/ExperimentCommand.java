package org.lstmlab.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lstmlab.core.lags.Experiment;
import org.lstmlab.core.lags.ExperimentResult;
import org.lstmlab.core.lags.ExperimentResult.CurvePoint;
import org.lstmlab.core.lags.ExperimentResult.ModelResult;
import org.lstmlab.core.lags.LagTask;
import org.lstmlab.core.nn.Compute;
import org.lstmlab.core.optim.Optimizers;
import org.lstmlab.core.train.StopReason;
import org.lstmlab.core.train.TrainingListener;
import org.lstmlab.report.CurveChart;
import org.lstmlab.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlab experiment adding|order|copy --length T}: trains LSTM, GRU and RNN models on a
 * long-time-lag task and compares them with the memoryless baseline.
 *
 * <p>A thin shell around {@link Experiment}: the flags map one to one onto its builder, and the
 * defaults shown in {@code --help} are the builder's. It prints a progress line after every
 * evaluation and a final table; with {@code --json}, exactly one JSON object on stdout (progress
 * goes to stderr) with the run's configuration, the baseline, and per model its final score and
 * its learning curve, written with the CLI's {@link Json} (Jackson); an undefined number (no
 * training loss at step 0) is {@code null}, and the adding problem has no accuracy keys. With
 * {@code --report DIR} it also writes {@code report.html} (the held-out loss of every model
 * against steps, with the baseline as a dashed line, on a log axis; for the classification tasks
 * the accuracy too; the metrics and the configuration) and {@code report.png} (the loss chart),
 * through {@link ReportFiles}: the directory is checked before training and the files written
 * atomically at the end.
 */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = {
      "Train models on a long-time-lag task and compare them with the memoryless baseline.",
      "Tasks:",
      "  adding  the sum of two marked values among T; baseline MSE 1/6 (predict 1)",
      "  order   the order of X and Y among T distractors; baseline cross-entropy log 4",
      "  copy    recall 10 symbols after T blanks; baseline 10 log 8 / (T + 20)",
      "Every model sees the same stream of fresh batches and is scored on one held-out set"
          + " every --eval-every steps. See docs/LONG-TIME-LAGS.md.",
      "With --report DIR, also writes report.html (the curves against the baseline) and"
          + " report.png (the loss chart) into DIR.",
      "Example: lstmlab experiment adding --length 50 --hidden 32 --lr 0.01 --steps 1500",
      ""
    })
final class ExperimentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "TASK",
      description = "adding, order or copy.")
  String task;

  @Option(
      names = "--length",
      paramLabel = "T",
      required = true,
      description = "The lag: sequence length (adding, order) or blanks to wait (copy).")
  int length;

  // An annotation needs a constant: this literal repeats Experiment.Builder.DEFAULT_MODELS, and
  // ExperimentCommandTest checks that the two agree.
  @Option(
      names = "--models",
      paramLabel = "CELLS",
      split = ",",
      defaultValue = "lstm,rnn",
      description = "Models to train, in order: lstm, gru, rnn, rnn_relu (default: ${DEFAULT-VALUE}).")
  List<String> models;

  @Option(
      names = "--hidden",
      paramLabel = "H",
      defaultValue = "" + Experiment.Builder.DEFAULT_HIDDEN,
      description = "Hidden units of each model (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(
      names = {"--batch", "--batch-size"},
      paramLabel = "B",
      defaultValue = "" + Experiment.Builder.DEFAULT_BATCH,
      description = "Sequences per training step; --batch-size as in train (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--steps",
      paramLabel = "N",
      defaultValue = "" + Experiment.Builder.DEFAULT_STEPS,
      description = "Training steps per model, one fresh batch each (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--optimizer",
      paramLabel = "NAME",
      defaultValue = Experiment.Builder.DEFAULT_OPTIMIZER,
      description = "sgd, adam, adamw or rmsprop (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(
      names = "--lr",
      paramLabel = "RATE",
      defaultValue = "" + Experiment.Builder.DEFAULT_LR,
      description = "Learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(
      names = "--clip",
      paramLabel = "NORM",
      defaultValue = "" + Experiment.Builder.DEFAULT_CLIP,
      description = "Largest global gradient norm; 0 turns clipping off (default: ${DEFAULT-VALUE}).")
  double clip;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "" + Experiment.Builder.DEFAULT_SEED,
      description = "Seed of the data, the held-out set and the models' initial weights"
          + " (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--eval-every",
      paramLabel = "N",
      defaultValue = "" + Experiment.Builder.DEFAULT_EVAL_EVERY,
      description = "Steps between evaluations on the held-out set (default: ${DEFAULT-VALUE}).")
  int evalEvery;

  @Option(
      names = "--test-size",
      paramLabel = "N",
      defaultValue = "" + Experiment.Builder.DEFAULT_TEST_SIZE,
      description = "Sequences in the held-out set (default: ${DEFAULT-VALUE}).")
  int testSize;

  @Option(
      names = "--unit-forget-bias",
      negatable = true,
      defaultValue = "" + Experiment.Builder.DEFAULT_UNIT_FORGET_BIAS,
      fallbackValue = "true",
      description = "Start the LSTM's forget-gate bias at 1 (default: ${DEFAULT-VALUE}).")
  boolean unitForgetBias;

  @Option(names = "--json", description = "Print one JSON object on stdout; progress goes to stderr.")
  boolean json;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Also write report.html (learning curves against the baseline, metrics,"
          + " configuration) and report.png (the loss chart) into this directory.")
  Path report;

  @Override
  public Integer call() throws IOException {
    Experiment experiment = build();
    if (report != null) {
      ReportFiles.check(report);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter progress = json ? spec.commandLine().getErr() : out;
    LagTask t = experiment.task();
    Experiment.Config c = experiment.config();
    String metric = metricName(t);
    progress.printf(
        Locale.ROOT,
        "%s, T = %d (%d steps per sequence): %s%s, hidden %d, batch %d, %s lr %s, clip %s,"
            + " %d steps, seed %d, held-out set of %d%n",
        t.name(), c.length(), t.steps(), String.join(", ", c.models()),
        c.unitForgetBias() && c.models().contains("lstm") ? " (LSTM forget bias 1)" : "",
        c.hidden(), c.batch(), c.optimizer(), c.lr(), c.clip() > 0 ? c.clip() : "off",
        c.steps(), c.seed(), c.testSize());
    progress.flush();
    ExperimentResult result =
        experiment.run(TrainingListener.evaluations(
            p -> {
              progress.printf(
                  Locale.ROOT,
                  "%-8s step %6d/%d  train %s %s  test %s %s%s  %7.1f s%n",
                  p.model(), p.step(), c.steps(), t.lossName(), format(p.trainLoss()), metric,
                  format(p.loss()),
                  Double.isNaN(p.accuracy()) ? "" : "  accuracy " + format(p.accuracy()),
                  p.seconds());
              progress.flush();
            }));
    for (ModelResult m : result.results()) {
      if (m.stopReason() != StopReason.COMPLETED) {
        progress.println(m.model() + ": " + m.message());
        progress.flush();
      }
    }
    Path[] files = report == null ? null : ReportFiles.write(report(result), report);
    if (json) {
      ObjectNode o = toJson(result);
      ReportFiles.putJson(o, files);
      Json.print(out, o);
    } else {
      printTable(result, out);
      if (files != null) {
        out.println();
        out.println("Report: " + files[0]);
        out.println("Chart:  " + files[1]);
      }
    }
    out.flush();
    return Main.OK;
  }

  private Experiment build() {
    Flags.oneOf(spec, "TASK", task, LagTask.NAMES);
    Flags.range(spec, "--length", length, 1, Flags.MAX_SIZE);
    for (String m : models) {
      Flags.oneOf(spec, "--models", m, PipelineFlags.CELLS);
    }
    Flags.range(spec, "--hidden", hidden, 1, Flags.MAX_SIZE);
    for (String m : models) {
      Flags.modelSize(spec, m, 1, hidden, 1, 1); // the recurrent weights dominate: G·H·H
    }
    Flags.range(spec, "--batch", batch, 1, Flags.MAX_SIZE);
    Flags.range(spec, "--steps", steps, 0, Integer.MAX_VALUE);
    Flags.oneOf(spec, "--optimizer", optimizer, Optimizers.NAMES);
    Flags.positive(spec, "--lr", lr);
    Flags.nonNegative(spec, "--clip", clip);
    Flags.range(spec, "--eval-every", evalEvery, 1, Integer.MAX_VALUE);
    Flags.range(spec, "--test-size", testSize, 1, Flags.MAX_SIZE);
    try {
      return Experiment.builder(task, length)
          .models(models)
          .hidden(hidden)
          .batch(batch)
          .steps(steps)
          .optimizer(optimizer)
          .lr(lr)
          .clip(clip)
          .seed(seed)
          .evalEvery(evalEvery)
          .testSize(testSize)
          .unitForgetBias(unitForgetBias)
          .build();
    } catch (IllegalArgumentException e) {
      // What the flags above cannot see: a length too short for the task, a model listed twice.
      String m = e.getMessage();
      String flag = m.startsWith("length ") ? "--" : m.startsWith("models ") ? "--" : "";
      throw Flags.usage(spec, flag + m);
    }
  }

  private static String metricName(LagTask t) {
    return t.classification() ? "loss" : "mse";
  }

  private static String format(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static void printTable(ExperimentResult r, PrintWriter out) {
    boolean classification = r.baseline().hasAccuracy();
    String metric = classification ? "test loss" : "test mse";
    out.println();
    out.printf(
        Locale.ROOT,
        "%s, T = %d: scores on %d held-out sequences (%s)%n",
        r.task(), r.length(), r.config().testSize(),
        classification ? "cross-entropy in nats; accuracy" + (r.task().equals("copy")
            ? " over the 10 recalled symbols" : "") : "mean squared error");
    out.printf(Locale.ROOT, "%-10s %12s %12s %10s %8s %10s%n",
        "model", metric, "/ baseline", classification ? "accuracy" : "", "steps", "seconds");
    for (ModelResult m : r.results()) {
      out.printf(Locale.ROOT, "%-10s %12.6f %12.4f %10s %8d %10.1f%n",
          m.model(), m.test().loss(), m.test().loss() / r.baseline().loss(),
          classification ? format(m.test().accuracy()) : "", m.steps(), m.seconds());
    }
    out.printf(Locale.ROOT, "%-10s %12.6f %12.4f %10s %8s %10s%n",
        "baseline", r.baseline().loss(), 1.0,
        classification ? format(r.baseline().accuracy()) : "", "-", "-");
    out.printf(Locale.ROOT, "(baseline: %s; its expected %s is %.6f)%n",
        baselineStrategy(r.task()), classification ? "loss" : "MSE", r.expectedBaseline().loss());
  }

  /** The report: the held-out loss (and accuracy) curves against the baseline, metrics, config. */
  static Report report(ExperimentResult r) {
    boolean classification = r.baseline().hasAccuracy();
    Experiment.Config c = r.config();
    String baseline = "baseline (" + baselineShortName(r.task()) + ")";
    String heldOut = "held-out (" + c.testSize() + ")";
    CurveChart.Builder loss = CurveChart.builder("Held-out loss", "step",
        classification ? "test cross-entropy (nats)" : "test MSE").logScale(true);
    CurveChart.Builder accuracy = CurveChart.builder("Held-out accuracy", "step",
        r.task().equals("copy") ? "accuracy over the 10 recalled symbols" : "test accuracy");
    for (ModelResult m : r.results()) {
      int n = m.curve().size();
      double[] steps = new double[n];
      double[] losses = new double[n];
      double[] accuracies = new double[n];
      for (int i = 0; i < n; i++) {
        CurvePoint p = m.curve().get(i);
        steps[i] = p.step();
        losses[i] = p.test().loss();
        accuracies[i] = p.test().accuracy();
      }
      loss.curve(m.model(), steps, losses);
      if (classification) {
        accuracy.curve(m.model(), steps, accuracies);
      }
    }
    loss.reference(baseline, r.baseline().loss());
    if (classification) {
      accuracy.reference(baseline, r.baseline().accuracy());
    }

    Report.Builder b = Report.builder(taskTitle(r.task()) + ", T = " + r.length())
        .description(String.format(Locale.ROOT,
            "Models %s (%d hidden units each) trained %d steps on fresh batches of %d, scored"
                + " every %d steps on %d held-out sequences against the memoryless baseline (%s).",
            String.join(", ", c.models()), c.hidden(), c.steps(), c.batch(), c.evalEvery(),
            c.testSize(), baselineStrategy(r.task())))
        .chart(loss.build());
    if (classification) {
      b.chart(accuracy.build());
    }
    String metric = classification ? "test loss" : "test mse";
    for (ModelResult m : r.results()) {
      Map<String, Double> v = new LinkedHashMap<>();
      v.put(metric, m.test().loss());
      v.put("÷ baseline", m.test().loss() / r.baseline().loss());
      if (classification) {
        v.put("accuracy", m.test().accuracy());
      }
      v.put("steps", (double) m.steps());
      v.put("seconds", m.seconds());
      b.metric(m.model(), heldOut, v);
    }
    Map<String, Double> v = new LinkedHashMap<>();
    v.put(metric, r.baseline().loss());
    v.put("÷ baseline", 1.0);
    if (classification) {
      v.put("accuracy", r.baseline().accuracy());
    }
    b.metric(baseline, heldOut, v);

    b.config("command", command(r));
    b.config("task", r.task());
    b.config("length", r.length());
    b.config("loss", r.lossName());
    b.config("models", String.join(",", c.models()));
    b.config("hidden", c.hidden());
    b.config("batch", c.batch());
    b.config("steps", c.steps());
    b.config("optimizer", c.optimizer());
    b.config("lr", c.lr());
    b.config("clip", c.clip());
    b.config("seed", c.seed());
    b.config("eval_every", c.evalEvery());
    b.config("test_size", c.testSize());
    b.config("unit_forget_bias", c.unitForgetBias());
    StringBuilder seeds = new StringBuilder();
    for (ModelResult m : r.results()) {
      seeds.append(seeds.length() == 0 ? "" : ", ").append(m.model()).append(' ').append(m.seed());
    }
    b.config("model_seeds", seeds.toString());
    b.config(classification ? "expected_baseline_loss" : "expected_baseline_mse",
        r.expectedBaseline().loss());
    b.config("java", System.getProperty("java.version"));
    b.config("matmul_kernel", Compute.kernel());

    b.note(String.format(Locale.ROOT, "The baseline (%s) is scored on the same held-out sequences"
            + " as the models: %s %.6f%s; its expected %s is %.6f. A model that cannot carry the"
            + " information across the lag does no better; one far below it has bridged the lag.",
        baselineStrategy(r.task()), classification ? "loss" : "MSE", r.baseline().loss(),
        classification
            ? String.format(Locale.ROOT, ", accuracy %.4f", r.baseline().accuracy()) : "",
        classification ? "loss" : "MSE", r.expectedBaseline().loss()));
    if (classification) {
      b.note("Loss is the softmax cross-entropy in nats" + (r.task().equals("copy")
          ? ", averaged over all T + 20 steps; accuracy counts only the 10 recalled symbols."
          : "."));
    }
    b.note("The loss chart starts on a log axis (the loss falls over decades once a model bridges"
        + " the lag); the switch above it turns it linear.");
    for (ModelResult m : r.results()) {
      if (m.stopReason() != StopReason.COMPLETED) {
        b.note(m.model() + ": " + m.message() + ".");
      }
    }
    b.note("Seconds are wall-clock, evaluations included: an upper bound on a shared machine.");
    return b.build();
  }

  /** The command line that replays the run (times apart). */
  private static String command(ExperimentResult r) {
    Experiment.Config c = r.config();
    return String.format(Locale.ROOT,
        "lstmlab experiment %s --length %d --models %s --hidden %d --batch %d --steps %d"
            + " --optimizer %s --lr %s --clip %s --seed %d --eval-every %d --test-size %d %s",
        r.task(), r.length(), String.join(",", c.models()), c.hidden(), c.batch(), c.steps(),
        c.optimizer(), c.lr(), c.clip(), c.seed(), c.evalEvery(), c.testSize(),
        c.unitForgetBias() ? "--unit-forget-bias" : "--no-unit-forget-bias");
  }

  private static String taskTitle(String task) {
    return switch (task) {
      case "adding" -> "Adding problem";
      case "order" -> "Temporal order";
      default -> "Copy task";
    };
  }

  /** The baseline's name in the charts' legends and the metrics table. */
  private static String baselineShortName(String task) {
    return switch (task) {
      case "adding" -> "predict 1";
      case "order" -> "uniform guess";
      default -> "blanks, then a guess";
    };
  }

  private static String baselineStrategy(String task) {
    return switch (task) {
      case "adding" -> "always predict 1";
      case "order" -> "a uniform guess over the 4 classes";
      default -> "blanks, then a uniform guess over the 8 symbols";
    };
  }

  /** The result as one JSON object; key names follow the flags and the issue. */
  static ObjectNode toJson(ExperimentResult r) {
    boolean classification = r.baseline().hasAccuracy();
    String metric = classification ? "test_loss" : "test_mse";
    Experiment.Config c = r.config();
    ObjectNode o = Json.object();
    o.put("task", r.task());
    o.put("length", r.length());
    o.put("loss", r.lossName());
    if (classification) {
      Json.number(o, "baseline_loss", r.baseline().loss());
      Json.number(o, "baseline_accuracy", r.baseline().accuracy());
      Json.number(o, "expected_baseline_loss", r.expectedBaseline().loss());
    } else {
      Json.number(o, "baseline_mse", r.baseline().loss());
      Json.number(o, "expected_baseline_mse", r.expectedBaseline().loss());
    }
    ObjectNode config = o.putObject("config");
    ArrayNode names = config.putArray("models");
    c.models().forEach(names::add);
    config.put("hidden", c.hidden());
    config.put("batch", c.batch());
    config.put("steps", c.steps());
    config.put("optimizer", c.optimizer());
    config.put("lr", c.lr());
    config.put("clip", c.clip());
    config.put("seed", c.seed());
    config.put("eval_every", c.evalEvery());
    config.put("test_size", c.testSize());
    config.put("unit_forget_bias", c.unitForgetBias());
    ArrayNode results = o.putArray("results");
    for (ModelResult m : r.results()) {
      ObjectNode mo = results.addObject();
      mo.put("model", m.model());
      Json.number(mo, metric, m.test().loss());
      if (classification) {
        Json.number(mo, "test_accuracy", m.test().accuracy());
      }
      mo.put("steps", m.steps());
      mo.put("seconds", m.seconds());
      mo.put("seed", m.seed());
      mo.put("stop", m.stopReason().name().toLowerCase(Locale.ROOT));
      mo.put("message", m.message());
      ArrayNode curve = mo.putArray("curve");
      for (CurvePoint p : m.curve()) {
        ObjectNode po = curve.addObject();
        po.put("step", p.step());
        Json.number(po, "train_loss", p.trainLoss());
        Json.number(po, metric, p.test().loss());
        if (classification) {
          Json.number(po, "test_accuracy", p.test().accuracy());
        }
        po.put("seconds", p.seconds());
      }
    }
    return o;
  }
}
