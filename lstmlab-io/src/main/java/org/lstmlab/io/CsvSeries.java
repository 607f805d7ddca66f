package org.lstmlab.io;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.lstmlab.core.data.Sanitizer;

/**
 * A time series read from a CSV file: one target column, any number of feature columns, and an
 * optional time column whose labels are kept as text. Immutable.
 *
 * <p>The file is UTF-8 (a leading byte-order mark is skipped), comma-separated with RFC 4180
 * quoting, and its first row names the columns. Blank lines are skipped; spaces around a value are
 * ignored. Every other row must have as many values as the header, and every value of the target
 * and feature columns must be a finite decimal number within float's range ({@code 1.5}, {@code
 * -2e-3}); the time column may hold anything. Whatever breaks these rules is a {@link
 * CsvFileException} naming the file, the line and the column: {@code data.csv line 17, column
 * 'price': 'abc' is not a number}. Line numbers count from 1 at the header; for a quoted value
 * that spans lines they name the record's last line.
 *
 * <p>Shapes: {@code N} rows, {@code F} features. {@link #targetValues()} is (N), {@link
 * #featureValues()} is (N, F) row-major. The target may also be listed among the features, for a
 * model that reads the target's own past.
 */
public final class CsvSeries {

  /** A decimal number as people write it; Java's parser would also take "1f", "0x1p3", "NaN". */
  // Possessive quantifiers: no backtracking, so a cell of two million digits and a letter is
  // rejected in linear time (with "\\d+\\.?\\d*" it took over 20 minutes).
  static final Pattern NUMBER =
      Pattern.compile("[+-]?+(\\d++(\\.\\d*+)?+|\\.\\d++)([eE][+-]?+\\d++)?+");

  /**
   * The longest cell read as a number. A float has 9 significant digits and an exponent of at
   * most 2; 400 characters leave room for any spelling of one (even 0.000…001 in full) while a
   * longer cell is a mistake, rejected before it is matched or parsed.
   */
  static final int MAX_NUMBER_LENGTH = 400;

  static final Pattern NOT_FINITE =
      Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

  private final Path source;
  private final String targetName;
  private final List<String> featureNames;
  private final Optional<String> timeColumn;
  private final float[] target; // (N)
  private final float[] features; // (N, F)
  private final List<String> time; // (N) or empty

  private CsvSeries(
      Path source,
      String targetName,
      List<String> featureNames,
      Optional<String> timeColumn,
      float[] target,
      float[] features,
      List<String> time) {
    this.source = source;
    this.targetName = targetName;
    this.featureNames = Collections.unmodifiableList(new ArrayList<>(featureNames));
    this.timeColumn = timeColumn;
    this.target = target;
    this.features = features;
    this.time = Collections.unmodifiableList(time);
  }

  /**
   * Reads the named columns of a CSV file with a header row.
   *
   * @param file the CSV file
   * @param target the column to forecast
   * @param features further input columns, possibly empty, possibly including the target
   * @param timeColumn the column of time labels, if any
   * @throws CsvFileException if the file is missing, empty, not UTF-8, malformed, lacks a column
   *     (the message lists those it has) or holds a value that is not a finite number
   * @throws IOException if reading fails
   */
  public static CsvSeries read(
      Path file, String target, List<String> features, Optional<String> timeColumn)
      throws IOException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(timeColumn, "timeColumn");
    String text = readText(file);
    CSVFormat format =
        CSVFormat.RFC4180.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .setAllowMissingColumnNames(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
            .get();
    try (CSVParser parser =
        CSVParser.builder().setReader(new StringReader(text)).setFormat(format).get()) {
      List<String> header = parser.getHeaderNames();
      if (header.isEmpty()) {
        throw new CsvFileException(
            file, "the file is empty; it needs a header row naming the columns, then the data");
      }
      Map<String, Integer> index = indexHeader(file, parser, header);
      int targetIdx = column(file, index, header, target);
      int nf = features.size();
      int[] featureIdx = new int[nf];
      for (int f = 0; f < nf; f++) {
        featureIdx[f] = column(file, index, header, features.get(f));
      }
      int timeIdx = timeColumn.isPresent() ? column(file, index, header, timeColumn.get()) : -1;

      float[] y = new float[64];
      float[] x = new float[64 * Math.max(nf, 1)];
      List<String> labels = new ArrayList<>();
      int n = 0;
      try {
        for (CSVRecord r : parser) {
          long line = parser.getCurrentLineNumber();
          if (r.size() == 1 && r.get(0).isBlank()) {
            continue; // a line of only spaces is a blank line, as an empty one is
          }
          if (r.size() != header.size()) {
            throw new CsvFileException(
                file,
                line,
                null,
                r.size() + (r.size() == 1 ? " value" : " values") + ", but the header has "
                    + header.size() + " columns");
          }
          if (n == y.length) {
            y = Arrays.copyOf(y, 2 * n);
            x = Arrays.copyOf(x, 2 * n * Math.max(nf, 1));
          }
          y[n] = number(file, line, target, r.get(targetIdx));
          for (int f = 0; f < nf; f++) {
            x[n * nf + f] = number(file, line, features.get(f), r.get(featureIdx[f]));
          }
          if (timeIdx >= 0) {
            labels.add(r.get(timeIdx));
          }
          n++;
        }
      } catch (UncheckedIOException e) {
        // Commons CSV reports malformed quoting this way, with its own line and position.
        throw new CsvFileException(file, "malformed CSV: " + e.getCause().getMessage());
      }
      if (n == 0) {
        throw new CsvFileException(file, "no data rows after the header " + header);
      }
      return new CsvSeries(
          file,
          target,
          features,
          timeColumn,
          Arrays.copyOf(y, n),
          Arrays.copyOf(x, n * nf),
          timeIdx >= 0 ? labels : new ArrayList<>());
    } catch (UncheckedIOException e) {
      throw new CsvFileException(file, "malformed CSV header: " + e.getCause().getMessage());
    } catch (CSVException e) {
      // Found by ReaderFuzzTest: a header with a quote inside a cell, 'a,"b"c', is thrown as
      // Commons CSV's own IOException, which named no file.
      throw new CsvFileException(file, "malformed CSV header: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      // Commons CSV rejects some headers (e.g. duplicate names) before we see them.
      throw new CsvFileException(file, "bad header row: " + e.getMessage());
    }
  }

  static String readText(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CsvFileException(file, "no such file");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new CsvFileException(file, "is not UTF-8 text; save it as UTF-8 CSV");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // byte-order mark, as spreadsheet programs write
    }
    if (text.isBlank()) {
      throw new CsvFileException(
          file, "the file is empty; it needs a header row naming the columns, then the data");
    }
    return text;
  }

  static Map<String, Integer> indexHeader(Path file, CSVParser parser, List<String> header)
      throws CsvFileException {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      if (name == null || name.isEmpty()) {
        throw new CsvFileException(
            file, 1, null, "column " + (i + 1) + " has no name; the first row must name every column");
      }
      Integer previous = index.put(name, i);
      if (previous != null) {
        throw new CsvFileException(
            file, 1, null, "two columns are named " + Sanitizer.quote(name) + " (columns " + (previous + 1)
                + " and " + (i + 1) + ")");
      }
    }
    return index;
  }

  static int column(Path file, Map<String, Integer> index, List<String> header, String name)
      throws CsvFileException {
    Integer i = index.get(name);
    if (i == null) {
      String hint = "";
      List<String> shown = new ArrayList<>();
      for (String h : header) {
        if (h.equalsIgnoreCase(name)) {
          hint = " (did you mean " + Sanitizer.quote(h) + "? names are case-sensitive)";
        }
        shown.add(Sanitizer.value(h));
      }
      throw new CsvFileException(file, "no column " + Sanitizer.quote(name) + hint
          + "; the columns are " + Sanitizer.line(String.join(", ", shown)));
    }
    return i;
  }

  private static float number(Path file, long line, String column, String raw)
      throws CsvFileException {
    if (raw.trim().isEmpty()) {
      throw new CsvFileException(file, line, column, "empty value; every row needs a number here");
    }
    return (float) value(file, line, column, raw);
  }

  /**
   * A non-blank cell as a number within float's range, in double; the one check of numeric cells
   * that {@link CsvDataset} shares.
   */
  static double value(Path file, long line, String column, String raw) throws CsvFileException {
    String s = raw.trim();
    if (s.length() > MAX_NUMBER_LENGTH) {
      throw new CsvFileException(file, line, column, Sanitizer.quote(raw) + " is not a number ("
          + String.format(Locale.ROOT, "%,d", raw.length()) + " characters)");
    }
    if (NOT_FINITE.matcher(s).matches()) {
      throw new CsvFileException(file, line, column, Sanitizer.quote(raw) + " is not a finite number");
    }
    if (!NUMBER.matcher(s).matches()) {
      throw new CsvFileException(file, line, column, Sanitizer.quote(raw) + " is not a number");
    }
    double v = Double.parseDouble(s);
    if (!Float.isFinite((float) v)) {
      throw new CsvFileException(
          file, line, column, Sanitizer.quote(raw) + " is beyond float range (±3.4e38)");
    }
    return v;
  }

  /** The file the series came from. */
  public Path source() {
    return source;
  }

  /** The target column's name. */
  public String targetName() {
    return targetName;
  }

  /** The feature columns' names, in the order of {@link #featureValues()}. */
  public List<String> featureNames() {
    return featureNames;
  }

  /** The time column's name, if one was read. */
  public Optional<String> timeColumn() {
    return timeColumn;
  }

  /** N: the number of rows. */
  public int rows() {
    return target.length;
  }

  /** F: the number of features. */
  public int featureCount() {
    return featureNames.size();
  }

  /** (N) the target column (a copy). */
  public float[] targetValues() {
    return target.clone();
  }

  /** (N, F) the feature columns, row-major (a copy); empty when there are no features. */
  public float[] featureValues() {
    return features.clone();
  }

  /**
   * (N) one feature column (a copy).
   *
   * @throws IllegalArgumentException if {@code name} is not one of {@link #featureNames()}
   */
  public float[] feature(String name) {
    int f = featureNames.indexOf(name);
    if (f < 0) {
      throw new IllegalArgumentException("no feature '" + name + "'; have " + featureNames);
    }
    int nf = featureNames.size();
    float[] out = new float[rows()];
    for (int i = 0; i < out.length; i++) {
      out[i] = features[i * nf + f];
    }
    return out;
  }

  /** (N) the time labels as written in the file; empty when no time column was read. */
  public List<String> timeLabels() {
    return time;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "CsvSeries[%s: %d rows, target '%s', features %s%s]",
        source,
        rows(),
        targetName,
        featureNames,
        timeColumn.map(t -> ", time '" + t + "'").orElse(""));
  }
}
