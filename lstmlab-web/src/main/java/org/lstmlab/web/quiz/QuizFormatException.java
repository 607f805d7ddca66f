package org.lstmlab.web.quiz;

import java.io.IOException;
import org.lstmlab.core.data.Sanitizer;

/**
 * A quiz file that is not JSON, or not a JSON array of questions. The message is one line for
 * people: the file, the line and column, and what was expected; whatever it quotes of the file is
 * escaped ({@link Sanitizer}).
 */
public final class QuizFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  QuizFormatException(String message, Throwable cause) {
    super(Sanitizer.line(message), cause); // it may quote the file's text
  }
}
