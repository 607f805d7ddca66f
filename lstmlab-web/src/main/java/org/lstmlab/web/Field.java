package org.lstmlab.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One setting a page sends: its name (the project's one name for it, the same as the request's
 * JSON key and the page's URL field), the words the page labels it with, its range and its
 * default. The server reads requests with it and serves it at {@code /api/limits}, and the page
 * builds its inputs from what it serves, so a range or a default lives here only.
 *
 * @param name snake_case, e.g. {@code batch_size}
 * @param label words for people, e.g. "windows per update"
 * @param kind whole number, number or seed (any 64-bit whole number, no range)
 * @param min the smallest value (exclusive if {@code openMin})
 * @param max the largest value
 * @param openMin whether {@code min} itself is refused
 * @param fallback the default; NaN for none (the field may then be left blank)
 * @param step the page's input step
 */
record Field(String name, String label, Kind kind, double min, double max, boolean openMin,
    double fallback, double step) {

  /** What a field holds. */
  enum Kind { INT, NUMBER, SEED }

  /** A whole number in [min, max]. */
  static Field integer(String name, String label, int min, int max, int fallback) {
    return new Field(name, label, Kind.INT, min, max, false, fallback, 1);
  }

  /** A number in [min, max], or (min, max] when {@code openMin}. */
  static Field number(String name, String label, double min, double max, boolean openMin,
      double fallback, double step) {
    return new Field(name, label, Kind.NUMBER, min, max, openMin, fallback, step);
  }

  /** A seed: any 64-bit whole number. */
  static Field seed(String label, long fallback) {
    return new Field("seed", label, Kind.SEED, Double.NaN, Double.NaN, false, fallback, 1);
  }

  /** This field with another default. */
  Field withDefault(double fallback) {
    return new Field(name, label, kind, min, max, openMin, fallback, step);
  }

  /** This field with another largest value. */
  Field withMax(double max) {
    return new Field(name, label, kind, min, max, openMin, fallback, step);
  }

  int readInt(Params p) {
    return readInt(p, (int) fallback, (int) max);
  }

  /** As {@link #readInt(Params)}, with a default and a largest value that depend on the request. */
  int readInt(Params p, int fallback, int max) {
    return p.intIn(name, fallback, (int) min, max);
  }

  double readDouble(Params p) {
    return p.doubleIn(name, fallback, min, max, openMin);
  }

  long readSeed(Params p) {
    return p.longValue(name, (long) fallback);
  }

  /** As {@code /api/limits} serves it. */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("label", label);
    m.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
    if (kind != Kind.SEED) {
      m.put("min", number(min));
      m.put("max", number(max));
      m.put("min_open", openMin);
    }
    m.put("default", Double.isNaN(fallback) ? null : number(fallback));
    m.put("step", number(step));
    return m;
  }

  /** A whole value as a JSON integer, so the page shows 100, not 100.0. */
  private static Object number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
  }
}
