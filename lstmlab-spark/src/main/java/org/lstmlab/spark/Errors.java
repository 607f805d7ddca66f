package org.lstmlab.spark;

import java.util.function.Supplier;

/**
 * Errors for people across Spark's task boundary: a library error thrown in an executor (a series
 * too short for the window, a value that is not finite) reaches the driver wrapped in Spark's
 * job-failure exception with the task's stack trace; {@link #unwrap} rethrows it as the one-line
 * {@link IllegalArgumentException} it was, the Spark exception kept as its cause.
 */
final class Errors {

  private Errors() {}

  /** Runs {@code job}; a failure caused by an IllegalArgumentException is rethrown as one. */
  static <T> T unwrap(Supplier<T> job) {
    try {
      return job.get();
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) { // SparkException is checked in Java, thrown unchecked by Scala
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof IllegalArgumentException) {
          throw new IllegalArgumentException(c.getMessage(), e);
        }
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
