import org.lstmlab.core.kernel.Kernels;
import org.lstmlab.core.kernel.MatMul;

/**
 * The batched step's weight-gradient products alone: dW_hh = dGᵀ·h (1024 × 256 × 6400) and
 * dW_ih = dGᵀ·x (1024 × 32 × 6400), op(A) = Aᵀ read from dG (6400 × 1024), through the kernel's
 * {@code MatMul.gemm}, in GFLOP/s, six rounds after the JIT's warm-up. Run builds alternately,
 * each in its own JVM:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:+UseSerialGC -cp lstmlab.jar \
 *     tools/bench/WeightGradient.java THREADS
 * </pre>
 */
public final class WeightGradient {
  public static void main(String[] args) {
    Kernels.setThreads(Integer.parseInt(args[0]));
    MatMul mm = Kernels.matMul();
    int m = 1024;
    int k = 6400;
    float[] a = new float[k * m];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i % 13) * 0.01f;
    }
    float[] b = new float[k * 256];
    for (int i = 0; i < b.length; i++) {
      b[i] = (i % 7) * 0.01f;
    }
    float[] c = new float[m * 256];
    for (int round = 0; round < 7; round++) {
      StringBuilder line = new StringBuilder();
      for (int n : new int[] {256, 32}) {
        int reps = n == 256 ? 8 : 30;
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
          mm.gemm(true, false, m, n, k, a, 0, m, b, 0, n, 0f, c, 0, n);
        }
        long t = System.nanoTime() - t0;
        line.append(String.format("%d×%d×%d %.1f GFLOP/s  ", m, n, k, 2.0 * m * n * k * reps / t));
      }
      if (round > 0) {
        System.out.println(line.toString().trim());
      }
    }
  }
}
