package org.lstmlab.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Sample reports for tests and for looking at the output by hand: a noisy sine with two fake
 * model traces, forecasts and loss curves, made from a fixed seed; and two experiments on
 * long-time-lag tasks, curves against steps with their baselines and no series.
 *
 * <p>{@code main(dir)} writes {@code sample-report.html} and {@code sample-report.png}, and the
 * others beside them, into {@code dir} (default: the working directory).
 */
final class SampleReports {

  static final int N = 400;
  static final int WINDOW = 24;
  static final int HORIZON = 40;

  private SampleReports() {}

  /** The noisy sine: sin(2π t / 50) + 0.1 t/N + N(0, 0.08²) noise, seed 7. */
  static double[] noisySine(int n, long seed) {
    Random random = new Random(seed);
    double[] y = new double[n];
    for (int t = 0; t < n; t++) {
      y[t] = Math.sin(2 * Math.PI * t / 50.0) + 0.1 * t / n + 0.08 * random.nextGaussian();
    }
    return y;
  }

  /** The clean signal plus noise of the given size, standing in for a model's predictions. */
  static double[] fakePrediction(int from, int to, double noise, double lag, long seed) {
    Random random = new Random(seed);
    double[] y = new double[to - from];
    for (int t = from; t < to; t++) {
      y[t - from] = Math.sin(2 * Math.PI * (t - lag) / 50.0) + 0.1 * t / N + noise * random.nextGaussian();
    }
    return y;
  }

  /** A loss curve that falls like a * exp(-e / tau) + floor, with a little noise. */
  static double[] lossCurve(int epochs, double a, double tau, double floor, long seed) {
    Random random = new Random(seed);
    double[] l = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      l[e] = (a * Math.exp(-e / tau) + floor) * (1 + 0.04 * random.nextGaussian());
    }
    return l;
  }

  static Report sine() {
    double[] y = noisySine(N, 7);
    Report.Builder b =
        Report.builder("Noisy sine: LSTM against RNN")
            .description(
                "One-step-ahead predictions on the notebook's synthetic series; window 24, "
                    + "hidden 32, trained 60 epochs with Adam. Forecasts run 40 steps past the data.")
            .series(Series.of("actual", y))
            .prediction(Trace.from("LSTM", WINDOW, fakePrediction(WINDOW, N, 0.04, 0.0, 11)))
            .prediction(Trace.from("RNN", WINDOW, fakePrediction(WINDOW, N, 0.09, 1.5, 12)))
            .forecast(Trace.from("LSTM", N, fakePrediction(N, N + HORIZON, 0.02, 0.5, 13)))
            .forecast(Trace.from("RNN", N, fakePrediction(N, N + HORIZON, 0.05, 3.0, 14)))
            .loss(LossCurve.of("LSTM", lossCurve(60, 0.5, 8, 0.004, 21), lossCurve(60, 0.45, 9, 0.006, 22)))
            .loss(LossCurve.of("RNN", lossCurve(60, 0.5, 14, 0.012, 23), lossCurve(52, 0.5, 15, 0.016, 24)));
    String[] splits = {"train", "validation", "test"};
    double[][] lstm = {{0.0041, 0.0512}, {0.0063, 0.0637}, {0.0071, 0.0668}};
    double[][] rnn = {{0.0118, 0.0861}, {0.0152, 0.0984}, {0.0169, 0.1037}};
    for (int s = 0; s < splits.length; s++) {
      b.metric("LSTM", splits[s], metrics(lstm[s][0], lstm[s][1]));
      b.metric("RNN", splits[s], metrics(rnn[s][0], rnn[s][1]));
    }
    b.metric("naive", "test", metrics(0.0394, 0.1611));
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("series", "sine(period=50) + 0.1·t/N + noise(σ=0.08)");
    config.put("seed", 7);
    config.put("window", WINDOW);
    config.put("horizon", 1);
    config.put("hidden", 32);
    config.put("layers", 1);
    config.put("cell", "lstm, rnn");
    config.put("epochs", 60);
    config.put("batch", 32);
    config.put("optimizer", "adam");
    config.put("lr", 0.003);
    config.put("lr_schedule", "cosine(T=60, min=1e-5)");
    config.put("clip_norm", 1.0);
    config.put("loss", "mse");
    config.put("split", "train 0.7 / validation 0.15 / test 0.15");
    config.put("scaler", "standard (fit on train)");
    return b.config(config)
        .note("Metrics are on the original scale, after undoing the scaler.")
        .note("The naive baseline repeats the last observed value.")
        .generatedAt(Instant.parse("2026-11-24T12:00:00Z"))
        .build();
  }

  /**
   * An experiment on the adding problem without a series: the held-out MSE of an LSTM and a tanh
   * RNN every 250 steps (docs/LONG-TIME-LAGS.md, T = 50, the fast setting) against the baseline.
   */
  static Report adding() {
    double[] steps = new double[13];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = 250 * i;
    }
    double[] lstm = {1.290, 0.184, 0.183, 0.011, 0.0045, 0.012, 0.0041, 0.0010, 0.0036, 0.0029,
        0.0011, 0.013, 0.0015};
    double[] rnn = {1.232, 0.227, 0.204, 0.201, 0.195, 0.194, 0.198, 0.215, 0.207, 0.196, 0.188,
        0.196, 0.212};
    CurveChart loss = CurveChart.builder("Held-out loss", "step", "test MSE")
        .logScale(true)
        .curve("lstm", steps, lstm)
        .curve("rnn", steps, rnn)
        .reference("baseline (predict 1)", 0.181)
        .build();
    return Report.builder("Adding problem, T = 50")
        .description("An LSTM and a tanh RNN (32 hidden units) against the memoryless baseline.")
        .chart(loss)
        .metric("lstm", "held-out", experimentRow(0.0015, 0.0015 / 0.181, Double.NaN, 3000, 194.2))
        .metric("rnn", "held-out", experimentRow(0.212, 0.212 / 0.181, Double.NaN, 3000, 121.0))
        .config("task", "adding")
        .config("length", 50)
        .generatedAt(Instant.parse("2026-11-24T12:00:00Z"))
        .build();
  }

  /** The temporal order task: a loss chart and an accuracy chart, each with its baseline. */
  static Report order() {
    double[] steps = {0, 50, 100, 150, 200};
    CurveChart loss = CurveChart.builder("Held-out loss", "step", "test cross-entropy")
        .logScale(true)
        .curve("lstm", steps, new double[] {1.39, 1.2, 0.4, 0.01, 3e-5})
        .curve("rnn", steps, new double[] {1.40, 1.39, 1.41, 1.40, 1.41})
        .reference("baseline (uniform guess)", Math.log(4))
        .build();
    CurveChart accuracy = CurveChart.builder("Held-out accuracy", "step", "test accuracy")
        .curve("lstm", steps, new double[] {0.25, 0.4, 0.8, 1.0, 1.0})
        .curve("rnn", steps, new double[] {0.24, 0.26, 0.25, 0.25, 0.24})
        .reference("baseline (uniform guess)", 0.25)
        .build();
    return Report.builder("Temporal order, T = 50")
        .chart(loss)
        .chart(accuracy)
        .metric("lstm", "held-out", experimentRow(3e-5, 3e-5 / Math.log(4), 1.0, 200, 12.5))
        .metric("rnn", "held-out", experimentRow(1.41, 1.41 / Math.log(4), 0.24, 200, 6.25))
        .metric("baseline (uniform guess)", "held-out", experimentRow(Math.log(4), 1, 0.25, Double.NaN,
            Double.NaN))
        .generatedAt(Instant.parse("2026-11-24T12:00:00Z"))
        .build();
  }

  /** A row of an experiment's table; NaN leaves a cell out. */
  static Map<String, Double> experimentRow(double loss, double ratio, double accuracy, double steps,
      double seconds) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("test loss", loss);
    m.put("÷ baseline", ratio);
    m.put("accuracy", accuracy);
    m.put("steps", steps);
    m.put("seconds", seconds);
    m.values().removeIf(v -> Double.isNaN(v));
    return m;
  }

  static Map<String, Double> metrics(double mse, double mae) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("mse", mse);
    m.put("mae", mae);
    m.put("rmse", Math.sqrt(mse));
    m.put("r2", 1 - mse / 0.52);
    return m;
  }

  /** Daily labels, for a labelled x axis. */
  static List<String> days(int n) {
    List<String> labels = new ArrayList<>();
    java.time.LocalDate d = java.time.LocalDate.of(2024, 1, 1);
    for (int i = 0; i < n; i++) {
      labels.add(d.plusDays(i).toString());
    }
    return labels;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    Report r = sine();
    HtmlReport.write(r, dir.resolve("sample-report.html"));
    PngChart.write(r, dir.resolve("sample-report.png"), 1200, 640);
    Report daily =
        Report.builder("Daily series")
            .series(Series.labelled("visitors", "date", days(120), noisySine(120, 3)))
            .prediction(Trace.from("GRU", 10, fakePrediction(10, 120, 0.05, 0, 4)))
            .forecast(Trace.from("GRU", 120, fakePrediction(120, 140, 0.03, 0, 5)))
            .build();
    HtmlReport.write(daily, dir.resolve("daily-report.html"));
    PngChart.write(daily, dir.resolve("daily-report.png"), 1000, 500);
    HtmlReport.write(adding(), dir.resolve("adding-report.html"));
    PngChart.write(adding(), dir.resolve("adding-report.png"), 1200, 600);
    HtmlReport.write(order(), dir.resolve("order-report.html"));
    PngChart.write(order(), dir.resolve("order-report.png"), 1200, 600);
  }
}
