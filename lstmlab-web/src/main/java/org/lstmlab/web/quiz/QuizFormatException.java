package org.lstmlab.web.quiz;

import java.io.IOException;

/**
 * A quiz file that is not JSON, or not a JSON array of questions. The message is one line for
 * people: the file, the line and column, and what was expected.
 */
public final class QuizFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  QuizFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
