package org.lstmlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lstmlab.core.kernel.Kernels;
import org.lstmlab.core.kernel.MatMul;
import org.lstmlab.core.kernel.PackedMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One matrix product C = op(A)·op(B) at the shapes the layers use, with the plain and the vector
 * kernel, on 1 or 2 threads (the plain kernel is always single-threaded), and the same with op(B)
 * packed beforehand as the recurrent step does ({@code packedGemm}). GFLOP/s = 2·M·N·K / (time per operation); {@code Report} prints them.
 *
 * <p>Shapes, written {@code op:M×N×K} with op the transpositions of A and B (N plain, T
 * transposed), for an LSTM with I = 32, H = 256 (G·H = 1024), T = 100, B = 64:
 *
 * <ul>
 *   <li>{@code NT:64x1024x288}: a recurrent step on [h, x] concatenated, (B, G·H) += (B, H+I)·Wᵀ;
 *   <li>{@code NT:6400x1024x32}: the input projection of all steps, (T·B, G·H) = X·W_ihᵀ;
 *   <li>{@code NN:1024x1024x1024}, {@code NT:…}, {@code TN:…}: the square reference;
 *   <li>{@code TN:1024x256x6400}: the gradient of W_hh over all T·B rows, dGᵀ·H;
 *   <li>{@code NN:64x256x1024}: a backward step, the gradient to h_{t−1}, dG_t·W_hh;
 *   <li>{@code NT:1x400x100}: the notebook's recurrent step, batch 1, H = 100, G·H = 400.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {

  @Param({"plain", "vector"})
  public String kernel;

  @Param({
    "NT:64x1024x288",
    "NT:6400x1024x32",
    "NN:1024x1024x1024",
    "NT:1024x1024x1024",
    "TN:1024x1024x1024",
    "TN:1024x256x6400",
    "NN:64x256x1024",
    "NT:1x400x100"
  })
  public String shape;

  @Param({"1", "2"})
  public int threads;

  private MatMul mm;
  private PackedMatrix packed;
  private boolean transA;
  private boolean transB;
  private int m;
  private int n;
  private int k;
  private float[] a;
  private float[] b;
  private float[] c;

  @Setup
  public void setUp() {
    mm = Kernels.named(kernel);
    String[] opDims = shape.split(":");
    transA = opDims[0].charAt(0) == 'T';
    transB = opDims[0].charAt(1) == 'T';
    String[] dims = opDims[1].split("x");
    m = Integer.parseInt(dims[0]);
    n = Integer.parseInt(dims[1]);
    k = Integer.parseInt(dims[2]);
    SplittableRandom rng = new SplittableRandom(1);
    a = random(rng, m * k);
    b = random(rng, k * n);
    c = new float[m * n];
    mm.threads(threads);
    packed = mm.pack(transB, k, n, b, 0, transB ? k : n, null);
  }

  /** 2·M·N·K: the floating-point operations of one product, for GFLOP/s. */
  public long flops() {
    return 2L * m * n * k;
  }

  @Benchmark
  public float[] gemm() {
    int lda = transA ? m : k;
    int ldb = transB ? k : n;
    mm.gemm(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
    return c;
  }

  /** The product with op(B) packed once in setUp: the recurrent step's case. */
  @Benchmark
  public float[] packedGemm() {
    mm.gemm(transA, m, a, 0, transA ? m : k, packed, 0f, c, 0, n);
    return c;
  }

  static float[] random(SplittableRandom rng, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rng.nextDouble(-1, 1);
    }
    return x;
  }
}
