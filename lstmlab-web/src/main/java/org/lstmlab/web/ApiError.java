package org.lstmlab.web;

/**
 * A request the server refuses, with the HTTP status and the one line a person reads: what was
 * wrong and what would be right. The server answers it as {@code {"error": message}}.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  ApiError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** 400: a field is missing, malformed or out of its range. */
  static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  int status() {
    return status;
  }
}
