package org.lstmlab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Map;
import org.lstmlab.core.metrics.Metrics;

/**
 * The {@code --json} output: one JSON object, written on one line to stdout. JSON has no NaN or
 * infinity, so undefined numbers (MAPE, R² where they are undefined) are {@code null}; the keys
 * are the names used by the flags and model files ({@code hidden}, {@code window}, {@code mse}).
 */
final class Json {

  static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Puts a number, or null if it is NaN or infinite. */
  static ObjectNode number(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
    return o;
  }

  /** The metrics as {@code {"mse": …, "mae": …, …}}, NaN as null, plus the window count. */
  static ObjectNode metrics(Metrics m) {
    ObjectNode o = object();
    for (Map.Entry<String, Double> e : m.toMap().entrySet()) {
      number(o, e.getKey(), e.getValue());
    }
    o.put("count", m.count());
    return o;
  }

  /** The values as a JSON array, NaN as null. */
  static ArrayNode array(double[] values) {
    ArrayNode a = MAPPER.createArrayNode();
    for (double v : values) {
      if (Double.isFinite(v)) {
        a.add(v);
      } else {
        a.addNull();
      }
    }
    return a;
  }

  /** Prints {@code o} as one line and flushes. */
  static void print(PrintWriter out, ObjectNode o) {
    try {
      out.println(MAPPER.writeValueAsString(o));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
    out.flush();
  }
}
