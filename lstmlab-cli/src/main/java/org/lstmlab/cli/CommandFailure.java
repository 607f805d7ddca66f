package org.lstmlab.cli;

/**
 * A command that ran and could not do what was asked, for a reason the user can act on: the
 * message is the whole story, one line, usually {@code "<file>: <what was wrong>"}. {@link Main}
 * prints it as {@code lstmlab: <message>} and exits with {@link Main#FAILURE}; the stack trace only
 * with {@code --verbose}, since it would say nothing more to the user.
 */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CommandFailure(String message) {
    super(message);
  }

  CommandFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
