package org.lstmlab.core.nn;

import java.util.Locale;

/**
 * Checks on the size of an array before it is allocated: its element count in exact arithmetic
 * (a product that overflows {@code int} is an error, not a wrapped-around number), and the memory
 * it needs against what the JVM can still give.
 *
 * <p>Why here: sizes reach the library from flags and files ({@code --hidden 30000}, a window of
 * 100 000 over a million rows, a tensor shape {@code [0, 2000000000]}), and a Java array is
 * indexed by {@code int}. Unchecked, {@code G·H·H} overflows into a negative size ({@code
 * NegativeArraySizeException}) or wraps to a plausible one (an {@code
 * ArrayIndexOutOfBoundsException} after gigabytes are taken). Every failure here is a {@link
 * TooLargeException} whose message names what was to be allocated, its shape and its size.
 */
public final class Sizes {

  /** The largest array the JVM reliably allocates: {@code Integer.MAX_VALUE - 8}. */
  public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private Sizes() {}

  /** An array too large to allocate: its message says what, its shape, and the limit. */
  public static final class TooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  /**
   * The element count of an array of shape {@code dims}, checked.
   *
   * @param what names the array in the message, e.g. {@code "windows x"} or {@code "parameter
   *     'rnn.weight_hh_l0'"}
   * @throws TooLargeException if a dimension is negative or the product exceeds {@link #MAX_ARRAY}
   */
  public static int elements(String what, long... dims) {
    long n = 1;
    boolean overflow = false;
    for (long d : dims) {
      if (d < 0) {
        throw new TooLargeException(what + " " + shape(dims) + " has a negative dimension");
      }
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        overflow = true;
      }
    }
    if (overflow || n > MAX_ARRAY) {
      throw new TooLargeException(what + " " + shape(dims) + " would hold "
          + (overflow ? "more than 2^63" : String.format(Locale.ROOT, "%,d", n))
          + String.format(Locale.ROOT, " values, more than a Java array can (%,d)", MAX_ARRAY));
    }
    return (int) n;
  }

  /**
   * Requires {@code bytes} more to fit in the heap, so that a run fails at once with a message
   * rather than after minutes with an {@link OutOfMemoryError}. The heap still free is {@code
   * maxMemory - used}; only when that looks too small is a collection asked for, and the check
   * repeated, so garbage does not make a feasible size fail.
   *
   * @throws TooLargeException naming {@code what}, the bytes needed and the heap's size
   */
  public static void requireMemory(String what, long bytes) {
    Runtime rt = Runtime.getRuntime();
    if (bytes <= free(rt)) {
      return;
    }
    System.gc();
    if (bytes <= free(rt)) {
      return;
    }
    throw new TooLargeException(String.format(Locale.ROOT,
        "%s would need %s of memory; the JVM has %s at most (java -Xmx sets it)", what,
        mib(bytes), mib(rt.maxMemory())));
  }

  private static long free(Runtime rt) {
    return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,d MiB", (bytes + (1 << 20) - 1) >> 20);
  }

  private static String shape(long[] dims) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      s.append(i == 0 ? "" : ", ").append(dims[i]);
    }
    return s.append(')').toString();
  }
}
