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

  /** The system property for the threads one product may use; default: available processors. */
  public static final String THREADS_PROPERTY = "lstmlab.threads";

  private static final Loaded VECTOR = loadVector();
  private static final MatMul MAT_MUL = choose();
  private static final ActivationKernel ACTIVATIONS = chooseActivations();
  private static final AdamKernel ADAM = chooseAdam();
  private static final NormKernel NORMS = chooseNorms();

  private Kernels() {}

  /** The matrix-product kernel in use, the same for the whole life of the JVM. */
  public static MatMul matMul() {
    return MAT_MUL;
  }

  /** The activation kernel in use: the vector one exactly when {@link #matMul()} is vector. */
  public static ActivationKernel activations() {
    return ACTIVATIONS;
  }

  /** The Adam kernel in use: the vector one exactly when {@link #matMul()} is vector. */
  public static AdamKernel adam() {
    return ADAM;
  }

  /** The norm and finiteness kernel in use: SIMD with the vector kernel, else {@link PlainNorms}. */
  public static NormKernel norms() {
    return NORMS;
  }

  /**
   * Sets the threads one product of the kernel in use may use, e.g. 1 to compare with 2 in one JVM.
   * Results do not depend on it (see {@link MatMul#threads(int)}).
   */
  public static void setThreads(int threads) {
    MAT_MUL.threads(threads);
  }

  /**
   * The threads a product may use unless {@link #setThreads} says otherwise: {@value
   * #THREADS_PROPERTY} if set, else the available processors.
   *
   * @throws IllegalStateException if the property is not a positive integer
   */
  static int defaultThreads() {
    String property = System.getProperty(THREADS_PROPERTY);
    if (property == null || property.isBlank()) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int threads = Integer.parseInt(property.trim());
      if (threads >= 1) {
        return threads;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalStateException(
        "-D" + THREADS_PROPERTY + "=" + property + ": expected a positive integer");
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

  private static ActivationKernel chooseActivations() {
    if (MAT_MUL == PlainMatMul.INSTANCE) {
      return PlainActivations.INSTANCE;
    }
    ActivationKernel vector = vectorActivations();
    return vector != null ? vector : PlainActivations.INSTANCE;
  }

  /** The vector activation kernel, or null if it cannot load in this JVM; for tests. */
  static ActivationKernel vectorActivations() {
    return (ActivationKernel) loadVectorClass("VectorActivations");
  }

  private static AdamKernel chooseAdam() {
    AdamKernel vector = MAT_MUL == PlainMatMul.INSTANCE ? null : vectorAdam();
    return vector != null ? vector : PlainAdam.INSTANCE;
  }

  /** The vector Adam kernel, or null if it cannot load in this JVM; for tests. */
  static AdamKernel vectorAdam() {
    return (AdamKernel) loadVectorClass("VectorAdam");
  }

  private static NormKernel chooseNorms() {
    NormKernel vector = MAT_MUL == PlainMatMul.INSTANCE ? null : vectorNorms();
    return vector != null ? vector : PlainNorms.INSTANCE;
  }

  /** The vector norm kernel, or null if it cannot load in this JVM; for tests. */
  static NormKernel vectorNorms() {
    return (NormKernel) loadVectorClass("VectorNorms");
  }

  /** A new instance of kernel/{simpleName}, or null without the module or the class. */
  private static Object loadVectorClass(String simpleName) {
    if (VECTOR.kernel == null) {
      return null;
    }
    String className = Kernels.class.getPackageName() + "." + simpleName;
    try {
      return Class.forName(className).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
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
