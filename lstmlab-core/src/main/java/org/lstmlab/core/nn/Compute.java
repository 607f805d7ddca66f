package org.lstmlab.core.nn;

import org.lstmlab.core.kernel.Kernels;

/**
 * Which kernel computes the layers and on how many threads: what a front end records with a run
 * and what a {@code --threads} flag sets. The kernels themselves are internal (not exported by
 * the module); they are chosen once per JVM, as described in {@code docs/ARCHITECTURE.md}: the
 * SIMD kernel on the JDK Vector API when the JVM runs with {@code --add-modules
 * jdk.incubator.vector}, else plain loops, with the same results up to float rounding.
 */
public final class Compute {

  private Compute() {}

  /** The kernel in use for the life of the JVM: {@code vector} or {@code plain}. */
  public static String kernel() {
    return Kernels.matMul().name();
  }

  /** One line for logs: the kernel in use and, for plain loops, why (e.g. how to get the other). */
  public static String describe() {
    return Kernels.describe();
  }

  /** The threads one matrix product may use (the system property lstmlab.threads, or the CPUs). */
  public static int threads() {
    return Kernels.matMul().threads();
  }

  /**
   * Sets the threads one matrix product may use, for the whole JVM. Results do not depend on it:
   * the products split their work so that every element is summed in the same order.
   *
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public static void setThreads(int threads) {
    Checks.requirePositive("threads", threads);
    Kernels.setThreads(threads);
  }
}
