package org.lstmlab.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import org.lstmlab.core.forecast.Evaluation;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.Forecast;
import org.lstmlab.core.forecast.Intervals;
import org.lstmlab.core.forecast.SeriesState;
import org.lstmlab.core.forecast.TimeSeries;
import org.lstmlab.core.forecast.WindowPredictions;
import org.lstmlab.core.metrics.Metrics;
import org.lstmlab.io.RunRecord;
import org.lstmlab.report.Band;
import org.lstmlab.report.CurveChart;
import org.lstmlab.report.Numbers;
import org.lstmlab.report.Region;
import org.lstmlab.report.Report;
import org.lstmlab.report.Series;
import org.lstmlab.report.Trace;

/**
 * The report of a fitted forecaster on one series, as {@code train} and {@code predict} write it:
 * the history with the held-out parts shaded, the model's one-step-ahead fitted values, the
 * baselines' (listed in the legend, drawn when picked), the forecast past the end with its
 * prediction interval, per-step errors against the baselines when the model forecasts several
 * steps, the metrics of every part, the configuration read from the run record and the command
 * that replays the run.
 *
 * <p>Report assembly only: every number comes from the library ({@link FittedForecaster}, {@link
 * Evaluation}, {@link Intervals}).
 */
final class ForecastReport {

  /** The interval a report draws around its forecast unless told another. */
  static final double COVERAGE = 0.8;

  /** The fewest steps a report forecasts past the data: a season, and at least h. */
  static final int MIN_STEPS = 12;

  private ForecastReport() {}

  /** Steps a report forecasts past the end of the data: h, a whole season, at least 12. */
  static int steps(FittedForecaster f) {
    return Math.max(MIN_STEPS, Math.max(f.spec().horizon(), f.spec().season()));
  }

  /**
   * A report builder holding everything but the loss curves, the notes on training and the
   * command: the caller adds those it has.
   *
   * @param name the model's name in legends and tables ("LSTM")
   * @param target the target column's name
   * @param timeColumn the time column's name, or null for positions
   * @param wp the model's predictions over the series shown
   * @param parts the evaluations to tabulate (each part scored)
   * @param steps the forecast's length past the data; 0 for none
   * @param coverage the prediction interval's coverage around the forecast, e.g. 0.8
   * @param known the forecast of {@code steps} values past the data with its interval when the
   *     caller has computed it already; null to compute it here
   */
  static Report.Builder of(String title, String name, String target, String timeColumn,
      FittedForecaster f, WindowPredictions wp, List<Evaluation> parts, int steps,
      double coverage, Forecast known) {
    TimeSeries s = wp.series();
    double[] y = s.target();
    int n = y.length;
    Forecast fc = null;
    String intervalNote = null;
    if (known != null && known.size() == steps && known.lower() != null) {
      fc = known;
    } else if (steps > 0 && f.spec().future().isEmpty()) { // known-future values: unknown here
      fc = f.forecast(s, steps);
      try {
        fc = Intervals.of(f, s, fc, coverage);
      } catch (IllegalArgumentException e) {
        intervalNote = "No prediction interval: " + e.getMessage() + ".";
      }
    }
    boolean labelled = timeColumn != null && !s.times().isEmpty();
    Series chart = labelled
        ? Series.labelled(target, timeColumn, s.times(), y)
        : Series.of(target, y);
    if (labelled && fc != null) {
      chart = chart.continuedBy(fc.times());
    }
    int h = wp.horizon();
    Report.Builder r = Report.builder(title)
        .description("Forecasting '" + target + "' " + h + " step" + (h == 1 ? "" : "s")
            + " ahead from windows of " + f.spec().window() + "; the chart shows each window's"
            + " forecast of its next value" + (fc == null ? "" : " and the forecast of the "
            + fc.size() + " values after the data") + ".")
        .series(chart);

    // Fitted values: window w (origin first + w) forecasts row first + w + 1 as its first step.
    double[] first = new double[wp.count()];
    for (int w = 0; w < first.length; w++) {
      first[w] = wp.predicted()[w * h];
    }
    r.prediction(Trace.from(name, wp.first() + 1, first));
    SeriesState st = f.state(s.id());
    int season = f.spec().season();
    for (WindowPredictions.Baseline b : WindowPredictions.Baseline.values()) {
      if (b == WindowPredictions.Baseline.MEAN && Double.isNaN(st.trainMean())) {
        continue; // an old model file without the training part's mean
      }
      r.baseline(Trace.from(b.id(), wp.first() + 1,
          b.oneStep(y, wp.first(), wp.count(), season, st.trainMean())));
    }
    if (st.trainEnd() > 0 && st.trainEnd() < n) { // rows of each held-out part, edge to edge
      int validationEnd = Math.min(n, Math.max(st.trainEnd(), st.validationEnd()));
      if (validationEnd > st.trainEnd()) {
        r.region(Region.of("validation", st.trainEnd() - 0.5, validationEnd - 0.5));
      }
      if (validationEnd < n) {
        r.region(Region.of("test", validationEnd - 0.5, n - 0.5));
      }
    }
    if (fc != null) {
      r.forecast(Trace.from(name, n, fc.values()));
      if (fc.lower() != null) {
        double[] x = new double[fc.size()];
        for (int k = 0; k < x.length; k++) {
          x[k] = n + k;
        }
        r.band(Band.of(name, String.format(Locale.ROOT, "%s %.0f%% interval", name,
            100 * fc.coverage()), x, fc.lower(), fc.upper()));
      }
    }
    for (Evaluation e : parts) {
      e.scores().forEach((model, sc) -> {
        Map<String, Double> v = Scoreboard.values(sc);
        if (e.mapeUnreliable()) {
          v.put("mape", Double.NaN);
        }
        r.metric(model.equals(Evaluation.MODEL) ? name : model, e.part().id(), v);
      });
    }
    if (h > 1 && !parts.isEmpty()) {
      Evaluation last = parts.get(parts.size() - 1); // the test part when there is one
      CurveChart.Builder c = CurveChart.builder("Error by steps ahead (" + last.part().id()
          + " part)", "steps ahead", "MSE");
      double[] k = new double[h];
      for (int i = 0; i < h; i++) {
        k[i] = i + 1;
      }
      for (String model : last.scores().keySet()) {
        List<Metrics> per = last.perStep(model);
        double[] mse = new double[h];
        for (int i = 0; i < h; i++) {
          mse[i] = per.get(i).mse();
        }
        c.curve(model.equals(Evaluation.MODEL) ? name : model, k, mse);
      }
      r.chart(c.build());
    }
    for (Evaluation e : parts) {
      r.note(Scoreboard.verdict(name, e));
    }
    if (parts.stream().anyMatch(Evaluation::mapeUnreliable)) {
      r.note("MAPE is left out where actual values lie within 1% of zero: percentage errors"
          + " mislead there; compare by MASE or sMAPE.");
    }
    if (fc != null && fc.lower() != null) {
      r.note(String.format(Locale.ROOT, "The shaded band around the forecast is a %.0f%%"
          + " prediction interval from the model's own errors on the held-out part, step by"
          + " step.", 100 * fc.coverage()));
    } else if (intervalNote != null) {
      r.note(intervalNote);
    }
    return r;
  }

  /**
   * The run record as rows people read: the spec's settings, then each series' split and
   * scaler (for up to five series), then the training settings; numbers as numbers.
   */
  static Map<String, String> config(RunRecord record) {
    Map<String, String> out = new LinkedHashMap<>();
    flatten("", record.toJson(), out);
    return out;
  }

  private static final int MAX_SERIES_SHOWN = 5;

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (node.isArray()) {
      if (node.size() == 0) {
        out.put(prefix, "none");
      } else if (node.get(0).isValueNode()) {
        List<String> items = new ArrayList<>();
        node.forEach(v -> items.add(v.asText()));
        out.put(prefix, String.join(", ", items));
      } else if (node.size() > MAX_SERIES_SHOWN) {
        out.put(prefix, node.size() + " entries (all in the model file)");
      } else {
        for (int i = 0; i < node.size(); i++) {
          flatten(prefix + "[" + i + "]", node.get(i), out);
        }
      }
    } else if (!node.isNull() && !node.asText().isEmpty()) {
      out.put(prefix, readable(node.asText()));
    }
  }

  /** A long decimal (a scaler's mean, 333.3740476190475) to 7 significant digits; else as is. */
  static String readable(String value) {
    if (value.length() <= 10) {
      return value;
    }
    try {
      return Numbers.significant(Double.parseDouble(value), 7);
    } catch (NumberFormatException e) {
      return value;
    }
  }

  /**
   * The {@code lstmlab train} command that replays a run with every setting spelled out, so a
   * change of defaults cannot change the replay.
   */
  static String replay(RunRecord record, String data, String delimiter, String missing,
      String out) {
    var s = record.spec();
    Map<String, String> t = record.training();
    List<String> a = new ArrayList<>(List.of("lstmlab", "train", "--data", data,
        "--target", s.target()));
    s.timeColumn().ifPresent(c -> a.addAll(List.of("--time-column", c)));
    s.idColumn().ifPresent(c -> a.addAll(List.of("--id-column", c)));
    if (!s.past().isEmpty()) {
      a.addAll(List.of("--past", String.join(",", s.past())));
    }
    if (!s.future().isEmpty()) {
      a.addAll(List.of("--future", String.join(",", s.future())));
    }
    if (delimiter != null) {
      a.addAll(List.of("--delimiter", delimiter));
    }
    a.addAll(List.of("--missing", missing, "--cell", s.cell().id(), "--hidden", "" + s.hidden(),
        "--layers", "" + s.layers()));
    if (s.dropout() > 0) {
      a.addAll(List.of("--dropout", plain(s.dropout())));
    }
    a.addAll(List.of("--window", "" + s.window(), "--horizon", "" + s.horizon(),
        "--transform", s.transform().toString(), s.relative() ? "--relative" : "--no-relative",
        "--season", "" + s.season(), "--scale", s.scaler(),
        "--validation-split", plain(s.validation()), "--test-split", plain(s.test())));
    String[][] flags = {{"epochs", "--epochs"}, {"batch_size", "--batch-size"},
        {"optimizer", "--optimizer"}, {"lr", "--lr"}, {"loss", "--loss"}, {"clip", "--clip"},
        {"patience", "--patience"}, {"seed", "--seed"}};
    for (String[] f : flags) {
      String v = t.get(f[0]);
      if (v != null) {
        a.addAll(List.of(f[1], v));
      }
    }
    if (t.containsKey("shuffle")) {
      a.add(Boolean.parseBoolean(t.get("shuffle")) ? "--shuffle" : "--no-shuffle");
    }
    a.addAll(List.of("--out", out));
    List<String> quoted = new ArrayList<>();
    a.forEach(x -> quoted.add(shellQuote(x)));
    return String.join(" ", quoted);
  }

  /** A fraction as typed: 0.1, not 0.1000000000000000055. */
  private static String plain(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** {@code s} as a POSIX shell reads it back: bare when safe, else single-quoted. */
  static String shellQuote(String s) {
    if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:,=+@%-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
