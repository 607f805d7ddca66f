package org.lstmlab.web;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.lstmlab.core.data.Sanitizer;

/**
 * Reads request fields by name and checks their range, answering with a {@link ApiError} that names
 * the field and the allowed range. The field names are the project's one name for each thing, in
 * snake_case as every JSON key: {@code hidden}, {@code window}, {@code epochs}, {@code lr}, {@code
 * batch_size}, {@code seed} ({@link Fields}).
 */
final class Params {
  private final Function<String, String> source;
  private final Collection<String> present;

  /** Fields from {@code source}, which returns null for a missing field; no names known. */
  Params(Function<String, String> source) {
    this(source, List.of());
  }

  /** Fields from {@code source}; {@code present} names the fields the request sent. */
  Params(Function<String, String> source, Collection<String> present) {
    this.source = source;
    this.present = present;
  }

  /**
   * Refuses a request that sends a field not in {@code names}, so a misspelt or old name (such as
   * {@code batchSize}) is an error instead of silently taking the default.
   *
   * @throws ApiError 400 naming the field, and the right name when only its spelling differs
   */
  void requireOnly(Collection<String> names) {
    for (String key : present) {
      if (names.contains(key)) {
        continue;
      }
      String snake = key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
      throw ApiError.badRequest("unknown field '" + shorten(key) + "'" + (names.contains(snake)
          ? ": did you mean '" + snake + "'?" : "; the fields are " + String.join(", ", names)));
    }
  }

  int intIn(String name, int fallback, int min, int max) {
    String raw = source.apply(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    long v;
    try {
      v = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " must be a whole number in [" + min + ", " + max
          + "], got '" + shorten(raw) + "'");
    }
    if (v < min || v > max) {
      throw ApiError.badRequest(
          name + " must be in [" + min + ", " + max + "], got " + v);
    }
    return (int) v;
  }

  long longValue(String name, long fallback) {
    String raw = source.apply(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " must be a whole number (a 64-bit seed), got '"
          + shorten(raw) + "'");
    }
  }

  /** A number in [min, max], or in (min, max] if {@code openMin}. */
  double doubleIn(String name, double fallback, double min, double max, boolean openMin) {
    String raw = source.apply(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    double v;
    try {
      v = Double.parseDouble(raw.trim());
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    boolean ok = Double.isFinite(v) && (openMin ? v > min : v >= min) && v <= max;
    if (!ok) {
      throw ApiError.badRequest(name + " must be a number in " + (openMin ? "(" : "[")
          + fmt(min) + ", " + fmt(max) + "], got '" + shorten(raw) + "'");
    }
    return v;
  }

  /** The field as sent, or null if missing. */
  String raw(String name) {
    return source.apply(name);
  }

  String string(String name, String fallback) {
    String raw = source.apply(name);
    return raw == null || raw.isBlank() ? fallback : raw.trim();
  }

  static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9
        ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
  }

  static String shorten(String raw) {
    return Sanitizer.escape(raw, 40);
  }
}
