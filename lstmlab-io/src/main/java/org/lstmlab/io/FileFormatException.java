package org.lstmlab.io;

import java.io.IOException;
import java.nio.file.Path;
import org.lstmlab.core.data.Sanitizer;

/**
 * A file whose content LSTM Lab cannot use; the message is one line for people, beginning with the
 * file. Whatever it quotes of the file (a cell, a token of a JSON header) is escaped and cut by
 * {@link Sanitizer}: the message is printable, whatever the file holds.
 *
 * <p>Subclasses say which kind of file: {@link ModelFileException}, {@link CsvFileException}. A
 * command-line front end prints {@link #getMessage()} alone and keeps the stack trace for
 * {@code --verbose}.
 */
public class FileFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /**
   * @param file the file, named first in the message
   * @param problem what is wrong and where, without the file name
   */
  public FileFormatException(Path file, String problem) {
    this(file, problem, null);
  }

  /** As {@link #FileFormatException(Path, String)}, keeping the lower-level cause. */
  public FileFormatException(Path file, String problem, Throwable cause) {
    super(Sanitizer.line(file + ": " + problem), cause);
    this.file = file;
  }

  /**
   * For subclasses that put the position right after the file name ({@code "data.csv line 3,
   * ..."}): {@code message} is used as it is.
   */
  FileFormatException(Path file, String message, boolean messageNamesFile, Throwable cause) {
    super(Sanitizer.line(message), cause);
    this.file = file;
  }

  /** The file that is wrong. */
  public Path file() {
    return file;
  }
}
