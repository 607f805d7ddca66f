package org.lstmlab.io;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes CSV files with Commons CSV, atomically ({@link AtomicFiles}): RFC 4180, UTF-8, {@code \n}
 * line ends, a header row. Numbers are written with {@link Float#toString}, which reads back as
 * the same float; an unknown value is an empty cell.
 */
public final class CsvWriter {

  /** The header of {@link #writePredictions}. */
  public static final List<String> PREDICTION_HEADER = List.of("index", "actual", "prediction");

  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

  private CsvWriter() {}

  /**
   * Writes one row per prediction: {@code index,actual,prediction}.
   *
   * @param index (N) a label per row: a time label, or a step number
   * @param actual (N) the true values, NaN where unknown (a forecast past the data), or null when
   *     none is known; written as empty cells
   * @param prediction (N) the model's predictions; must be finite
   * @throws IllegalArgumentException if the lengths differ or a prediction is not finite
   * @throws IOException if writing fails; an existing file is then unchanged
   */
  public static void writePredictions(
      Path file, List<String> index, float[] actual, float[] prediction) throws IOException {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(prediction, "prediction");
    int n = prediction.length;
    if (index.size() != n || (actual != null && actual.length != n)) {
      throw new IllegalArgumentException(
          "index (" + index.size() + "), actual (" + (actual == null ? "none" : actual.length)
              + ") and prediction (" + n + ") must have the same length");
    }
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(prediction[i])) {
        throw new IllegalArgumentException(
            "prediction " + i + " is " + prediction[i] + "; predictions must be finite");
      }
    }
    AtomicFiles.write(
        file,
        out -> {
          Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
          CSVPrinter p = new CSVPrinter(w, FORMAT);
          p.printRecord(PREDICTION_HEADER);
          for (int i = 0; i < n; i++) {
            float a = actual == null ? Float.NaN : actual[i];
            p.printRecord(
                index.get(i), Float.isFinite(a) ? Float.toString(a) : "", Float.toString(prediction[i]));
          }
          // Flush without closing: AtomicFiles syncs and closes the stream itself.
          p.flush();
        });
  }

  /**
   * Writes a header and rows of values as text, atomically.
   *
   * @throws IllegalArgumentException if a row's length differs from the header's
   * @throws IOException if writing fails; an existing file is then unchanged
   */
  public static void write(Path file, List<String> header, List<? extends List<?>> rows)
      throws IOException {
    checkRows(header, rows);
    AtomicFiles.write(file, out -> print(out, header, rows));
  }

  /**
   * Stages the same text in {@code tx}, so that it lands with the transaction's other files or
   * not at all.
   *
   * @throws IllegalArgumentException if a row's length differs from the header's
   * @throws IOException if staging fails
   */
  public static void write(OutputTransaction tx, Path file, List<String> header,
      List<? extends List<?>> rows) throws IOException {
    checkRows(header, rows);
    tx.stage(file, out -> print(out, header, rows));
  }

  private static void checkRows(List<String> header, List<? extends List<?>> rows) {
    for (int r = 0; r < rows.size(); r++) {
      if (rows.get(r).size() != header.size()) {
        throw new IllegalArgumentException(
            "row " + r + " has " + rows.get(r).size() + " values, the header " + header.size());
      }
    }
  }

  private static void print(java.io.OutputStream out, List<String> header,
      List<? extends List<?>> rows) throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    CSVPrinter p = new CSVPrinter(w, FORMAT);
    p.printRecord(header);
    for (List<?> row : rows) {
      p.printRecord(row);
    }
    p.flush();
  }
}
