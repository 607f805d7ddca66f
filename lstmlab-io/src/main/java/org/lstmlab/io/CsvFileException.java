package org.lstmlab.io;

import java.nio.file.Path;
import org.lstmlab.core.data.Sanitizer;

/**
 * A CSV file whose content cannot be used, with the line and column when there is one: {@code
 * "data.csv line 17, column 'price': 'abc' is not a number"}.
 */
public final class CsvFileException extends FileFormatException {
  private static final long serialVersionUID = 1L;

  private final long line;
  private final String column;

  /** A problem with the whole file (empty, missing column, ...). */
  public CsvFileException(Path file, String problem) {
    super(file, problem);
    this.line = 0;
    this.column = null;
  }

  /**
   * A problem at one line, and in one column when {@code column} is not null.
   *
   * @param line 1-based line number in the file (the header is line 1)
   */
  public CsvFileException(Path file, long line, String column, String problem) {
    super(
        file,
        file + " line " + line + (column == null ? "" : ", column " + Sanitizer.quote(column))
            + ": " + problem,
        true,
        null);
    this.line = line;
    this.column = column;
  }

  /** The 1-based line of the problem, or 0 when it concerns the whole file. */
  public long line() {
    return line;
  }

  /** The column of the problem, or null. */
  public String column() {
    return column;
  }
}
