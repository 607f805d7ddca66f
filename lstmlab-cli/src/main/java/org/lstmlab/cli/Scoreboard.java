package org.lstmlab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lstmlab.core.forecast.Evaluation;
import org.lstmlab.core.metrics.Metrics;

/**
 * A model's scores next to the baselines', for the terminal and for JSON: the table of every
 * part evaluated, then for each part one line saying whether the model beats the best baseline,
 * so that no run hides a loss to the naive forecast.
 */
final class Scoreboard {

  /** The columns: the metrics, then MASE. */
  static final List<String> KEYS = keys();

  private Scoreboard() {}

  private static List<String> keys() {
    List<String> k = new ArrayList<>(Metrics.KEYS);
    k.add("mase");
    return List.copyOf(k);
  }

  /** One score's values by key, MASE included. */
  static Map<String, Double> values(Evaluation.Score s) {
    Map<String, Double> v = new LinkedHashMap<>(s.metrics().toMap());
    v.put("mase", s.mase());
    return v;
  }

  /** Prints the table and the verdicts; {@code model} names the model's rows. */
  static void print(PrintWriter out, String model, List<Evaluation> parts) {
    MetricsTable table = new MetricsTable(KEYS);
    for (Evaluation e : parts) {
      e.scores().forEach((name, s) -> {
        Map<String, Double> v = values(s);
        if (e.mapeUnreliable()) {
          v.put("mape", Double.NaN);
        }
        table.add(name.equals(Evaluation.MODEL) ? model : name, e.part().id(), v);
      });
    }
    table.printLong(out);
    for (Evaluation e : parts) {
      out.println(verdict(model, e));
    }
    if (parts.stream().anyMatch(Evaluation::mapeUnreliable)) {
      out.println("MAPE n/a: some actual values lie within 1% of zero, where percentage errors"
          + " mislead; compare by MASE or sMAPE.");
    }
  }

  /** One line: does the model beat every baseline on this part? */
  static String verdict(String model, Evaluation e) {
    String best = e.bestBaseline();
    double b = e.scores().get(best).metrics().mse();
    double m = e.model().metrics().mse();
    return String.format(Locale.ROOT, "%s (%d windows): %s %s the best baseline, %s (MSE %s"
            + " against %s)", e.part().id(), e.windows(), model,
        e.modelBeatsBaselines() ? "beats" : "does NOT beat", best, sig(m), sig(b));
  }

  private static String sig(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /** The parts as JSON: {part: {windows, beats_baselines, best_baseline, scores: {name: …}}}. */
  static ObjectNode json(List<Evaluation> parts) {
    ObjectNode root = Json.object();
    for (Evaluation e : parts) {
      ObjectNode p = root.putObject(e.part().id());
      p.put("windows", e.windows());
      p.put("beats_baselines", e.modelBeatsBaselines());
      p.put("best_baseline", e.bestBaseline());
      p.put("mape_unreliable", e.mapeUnreliable());
      ObjectNode sc = p.putObject("scores");
      e.scores().forEach((name, s) -> {
        ObjectNode o = Json.metrics(s.metrics());
        Json.number(o, "mase", s.mase());
        sc.set(name, o);
      });
      p.set("per_step", Json.MAPPER.createArrayNode());
      for (Metrics m : e.perStep()) {
        p.withArray("per_step").add(Json.metrics(m));
      }
    }
    return root;
  }
}
