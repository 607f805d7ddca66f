package org.lstmlab.core.kernel;

/**
 * Chooses the kernels once, at class initialisation, as Lucene chooses its vector provider.
 *
 * <p>Today there is one implementation, {@link PlainMatMul}; the performance work adds a Vector-API
 * kernel that is picked here when {@code jdk.incubator.vector} is present, with the plain kernel as
 * the fallback. The system property {@code lstmlab.kernel=plain} forces the fallback, so both paths
 * can be run by the same tests.
 */
public final class Kernels {

  private static final MatMul MAT_MUL = choose();

  private Kernels() {}

  /** The matrix-product kernel in use. */
  public static MatMul matMul() {
    return MAT_MUL;
  }

  private static MatMul choose() {
    return PlainMatMul.INSTANCE;
  }
}
