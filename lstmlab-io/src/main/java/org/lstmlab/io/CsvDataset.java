package org.lstmlab.io;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.lstmlab.core.forecast.ForecastSpec;
import org.lstmlab.core.forecast.MissingValues;
import org.lstmlab.core.forecast.SeriesDataset;
import org.lstmlab.core.forecast.TimeSeries;

/**
 * Reads a {@link SeriesDataset} from a CSV file in long format: one row per time step of one
 * series, with a target column, past and known-future covariate columns, and optionally a time
 * column and a series id column (rows of one id form one series, in file order; ids in order of
 * first appearance).
 *
 * <p>The file is UTF-8 text with a header row, RFC 4180 quoting and one delimiter: given, or
 * detected from the header row as the most frequent of comma, semicolon, tab and bar outside
 * quotes (a header without any is one column, comma-separated). A blank value (empty or spaces
 * only) is missing and becomes NaN, handled by the {@link MissingValues} policy given, whose
 * default {@code error} names the first one's line and column. Every other value of a numeric
 * column must be a finite decimal number; errors are {@link CsvFileException}s naming file, line
 * and column, as {@link CsvSeries}'s.
 */
public final class CsvDataset {

  /** The delimiters {@link #detectDelimiter} chooses from, in order of preference on a tie. */
  static final String DELIMITERS = ",;\t|";

  private CsvDataset() {}

  /**
   * The columns to read.
   *
   * @param target the column to forecast
   * @param past past covariates
   * @param future known-future covariates
   * @param time the time labels' column, if any
   * @param id the series id's column, if any
   */
  public record Columns(String target, List<String> past, List<String> future,
      Optional<String> time, Optional<String> id) {

    /** Copies the lists. */
    public Columns {
      Objects.requireNonNull(target, "target");
      past = List.copyOf(past);
      future = List.copyOf(future);
    }

    /** The columns a fitted forecaster reads, as its spec names them. */
    public static Columns of(ForecastSpec spec) {
      return new Columns(spec.target(), spec.past(), spec.future(), spec.timeColumn(),
          spec.idColumn());
    }

    /** The target alone, with a time column if given. */
    public static Columns target(String target, Optional<String> time) {
      return new Columns(target, List.of(), List.of(), time, Optional.empty());
    }
  }

  /**
   * Reads {@code file}.
   *
   * @param delimiter the delimiter, or empty to detect it
   * @param missing what to do with blank values
   * @throws CsvFileException naming the file, line and column of what is wrong
   * @throws IOException if reading fails
   */
  public static SeriesDataset read(Path file, Columns columns, Optional<Character> delimiter,
      MissingValues missing) throws IOException {
    String text = CsvSeries.readText(file);
    char sep = delimiter.orElseGet(() -> detectDelimiter(text));
    CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(sep).setHeader()
        .setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setIgnoreSurroundingSpaces(true)
        .setAllowMissingColumnNames(true).setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
        .get();
    List<String> numeric = new ArrayList<>();
    numeric.add(columns.target());
    numeric.addAll(columns.past());
    numeric.addAll(columns.future());
    int c = numeric.size();
    Map<String, Rows> byId = new LinkedHashMap<>();
    try (CSVParser parser =
        CSVParser.builder().setReader(new StringReader(text)).setFormat(format).get()) {
      List<String> header = parser.getHeaderNames();
      Map<String, Integer> index = CsvSeries.indexHeader(file, parser, header);
      int[] at = new int[c];
      for (int k = 0; k < c; k++) {
        at[k] = CsvSeries.column(file, index, header, numeric.get(k));
      }
      int timeAt = columns.time().isPresent()
          ? CsvSeries.column(file, index, header, columns.time().get()) : -1;
      int idAt = columns.id().isPresent()
          ? CsvSeries.column(file, index, header, columns.id().get()) : -1;
      try {
        for (CSVRecord r : parser) {
          long line = parser.getCurrentLineNumber();
          if (r.size() != header.size()) {
            throw new CsvFileException(file, line, null, r.size()
                + (r.size() == 1 ? " value" : " values") + ", but the header has "
                + header.size() + " columns" + (delimiter.isPresent() ? ""
                    : " (delimiter '" + printable(sep) + "' detected; give --delimiter)"));
          }
          String id = idAt >= 0 ? r.get(idAt).strip() : "";
          Rows rows = byId.computeIfAbsent(id, k -> new Rows());
          double[] v = new double[c];
          for (int k = 0; k < c; k++) {
            v[k] = number(file, line, numeric.get(k), r.get(at[k]));
          }
          rows.values.add(v);
          if (missing == MissingValues.ERROR) {
            for (int k = 0; k < c; k++) {
              if (Double.isNaN(v[k])) {
                throw new CsvFileException(file, line, numeric.get(k), "empty value; every row"
                    + " needs a number here, or choose --missing drop, ffill or interpolate");
              }
            }
          }
          if (timeAt >= 0) {
            rows.times.add(r.get(timeAt));
          }
        }
      } catch (UncheckedIOException e) {
        throw new CsvFileException(file, "malformed CSV: " + e.getCause().getMessage());
      }
    } catch (UncheckedIOException e) {
      throw new CsvFileException(file, "malformed CSV header: " + e.getCause().getMessage());
    } catch (CSVException e) {
      throw new CsvFileException(file, "malformed CSV: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CsvFileException(file, "bad header row: " + e.getMessage());
    }
    if (byId.isEmpty()) {
      throw new CsvFileException(file, "no data rows after the header");
    }
    int p = columns.past().size();
    int f = columns.future().size();
    List<TimeSeries> series = new ArrayList<>();
    byId.forEach((id, rows) -> {
      int n = rows.values.size();
      double[] y = new double[n];
      double[] past = new double[n * p];
      double[] fut = new double[n * f];
      for (int r = 0; r < n; r++) {
        double[] v = rows.values.get(r);
        y[r] = v[0];
        System.arraycopy(v, 1, past, r * p, p);
        System.arraycopy(v, 1 + p, fut, r * f, f);
      }
      series.add(new TimeSeries(id, rows.times, y, past, p, fut, f));
    });
    try {
      return new SeriesDataset(columns.target(), columns.past(), columns.future(),
          columns.time(), columns.id(), series).withMissing(missing);
    } catch (IllegalArgumentException e) {
      throw new CsvFileException(file, e.getMessage());
    }
  }

  /** The delimiter of a CSV text, from its first line. */
  static char detectDelimiter(String text) {
    int end = text.indexOf('\n');
    String header = end < 0 ? text : text.substring(0, end);
    int[] count = new int[DELIMITERS.length()];
    boolean quoted = false;
    for (int i = 0; i < header.length(); i++) {
      char ch = header.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
      } else if (!quoted) {
        int k = DELIMITERS.indexOf(ch);
        if (k >= 0) {
          count[k]++;
        }
      }
    }
    int best = 0;
    for (int k = 1; k < count.length; k++) {
      if (count[k] > count[best]) {
        best = k;
      }
    }
    return DELIMITERS.charAt(best);
  }

  private static String printable(char c) {
    return c == '\t' ? "\\t" : String.valueOf(c);
  }

  /** A value, NaN for a blank one. */
  private static double number(Path file, long line, String column, String raw)
      throws CsvFileException {
    return raw.isBlank() ? Double.NaN : CsvSeries.value(file, line, column, raw);
  }

  /** One series' rows as read. */
  private static final class Rows {
    final List<double[]> values = new ArrayList<>();
    final List<String> times = new ArrayList<>();
  }
}
