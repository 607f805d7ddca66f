package org.lstmlab.core.kernel;

import java.util.Locale;

/**
 * Chooses the kernels once, at class initialisation, as Lucene chooses its vector provider.
 *
 * <p>Two matrix-product kernels exist: {@link PlainMatMul}, plain loops that run everywhere, and
 * {@code vector}, register-blocked fused multiply-adds on the JDK Vector API. The vector kernel is
 * used when the JVM was started with {@code --add-modules jdk.incubator.vector} (the module is then
 * in the boot layer); otherwise the plain one, with the same results up to float rounding. The
 * system property {@value #PROPERTY} overrides the choice: {@code plain} forces the fallback (so
 * that the same tests run both paths), {@code vector} demands the vector kernel and fails if it
 * cannot load, {@code auto} (or unset) chooses as above.
 *
 * <p>The vector kernel is loaded by reflection under a name built from this class's package, so the
 * core loads without the incubator module, and the double-precision twin of this package (which
 * has no vector kernel) falls back to plain loops.
 */
public final class Kernels {

  /** The system property that overrides the choice: {@code auto}, {@code plain} or {@code vector}. */
  public static final String PROPERTY = "lstmlab.kernel";

  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  /** A kernel, or null with the reason it is unavailable. */
  private static final class Loaded {
    final MatMul kernel;
    final String problem;

    Loaded(MatMul kernel, String problem) {
      this.kernel = kernel;
      this.problem = problem;
    }
  }

  private static final Loaded VECTOR = loadVector();
  private static final MatMul MAT_MUL = choose();

  private Kernels() {}

  /** The matrix-product kernel in use, the same for the whole life of the JVM. */
  public static MatMul matMul() {
    return MAT_MUL;
  }

  /**
   * The kernel of the given name, {@code plain} or {@code vector}, for benchmarks and tests that
   * compare the two in one JVM.
   *
   * @throws IllegalArgumentException if the name is neither
   * @throws IllegalStateException if the vector kernel cannot be loaded in this JVM
   */
  public static MatMul named(String name) {
    switch (name) {
      case "plain":
        return PlainMatMul.INSTANCE;
      case "vector":
        if (VECTOR.kernel == null) {
          throw new IllegalStateException("vector kernel unavailable: " + VECTOR.problem);
        }
        return VECTOR.kernel;
      default:
        throw new IllegalArgumentException("kernel '" + name + "': expected plain or vector");
    }
  }

  /** One line for logs: the kernel in use and, for plain loops, why, e.g. how to get the other. */
  public static String describe() {
    if (MAT_MUL != PlainMatMul.INSTANCE) {
      return MAT_MUL.toString();
    }
    String property = System.getProperty(PROPERTY);
    return "plain"
        + (property != null && property.trim().equalsIgnoreCase("plain")
            ? " (-D" + PROPERTY + "=plain)"
            : " (" + VECTOR.problem + ")");
  }

  private static MatMul choose() {
    String property = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
    switch (property) {
      case "plain":
        return PlainMatMul.INSTANCE;
      case "vector":
        return named("vector");
      case "auto":
      case "":
        return VECTOR.kernel != null ? VECTOR.kernel : PlainMatMul.INSTANCE;
      default:
        throw new IllegalStateException(
            "-D" + PROPERTY + "=" + property + ": expected auto, plain or vector");
    }
  }

  private static Loaded loadVector() {
    if (!ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent()) {
      return new Loaded(
          null,
          VECTOR_MODULE + " not loaded; start Java with --add-modules " + VECTOR_MODULE);
    }
    String className = Kernels.class.getPackageName() + ".VectorMatMul";
    try {
      Object kernel = Class.forName(className).getDeclaredConstructor().newInstance();
      return new Loaded((MatMul) kernel, null);
    } catch (ClassNotFoundException e) {
      return new Loaded(null, "no class " + className + " in this build");
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return new Loaded(null, className + " failed to load: " + cause);
    }
  }
}
