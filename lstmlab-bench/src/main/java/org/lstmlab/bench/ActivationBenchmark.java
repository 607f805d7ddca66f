package org.lstmlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lstmlab.core.kernel.ActivationKernel;
import org.lstmlab.core.kernel.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * σ and tanh over the gates of one batched LSTM step, (B, 4H) = (64, 1024) floats, as the layer
 * calls them: one run per gate and row. Copies a fresh input first (σ of σ of ... would drift to
 * a constant), so the figure includes one arraycopy of 256 KiB. The kernel is chosen per JVM by
 * {@link Kernels}: the two nested classes fork with and without the incubator module.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class ActivationBenchmark {

  static final int B = 64;
  static final int H = 256;

  private ActivationKernel act;
  private float[] source;
  private float[] gates;
  private float[] tc;

  abstract String expectedKernel();

  @Setup
  public void setUp() {
    act = Kernels.activations();
    if (!act.name().equals(expectedKernel())) {
      throw new IllegalStateException("activations " + act.name() + ", expected " + expectedKernel());
    }
    source = GemmBenchmark.random(new SplittableRandom(9), B * 4 * H);
    for (int i = 0; i < source.length; i++) {
      source[i] *= 6f; // pre-activations spread over the interesting range
    }
    gates = new float[source.length];
    tc = new float[B * H];
  }

  @Benchmark
  public float[] lstmGates() {
    System.arraycopy(source, 0, gates, 0, source.length);
    for (int b = 0; b < B; b++) {
      int row = b * 4 * H;
      act.sigmoid(gates, row, 2 * H);
      act.tanh(gates, row + 2 * H, H);
      act.sigmoid(gates, row + 3 * H, H);
      act.tanh(gates, row + H, tc, b * H, H);
    }
    return gates;
  }

  /** The vector kernel. */
  @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
  public static class Vector extends ActivationBenchmark {
    @Override
    String expectedKernel() {
      return "vector";
    }
  }

  /** The plain loops. */
  @Fork(value = 1, jvmArgsAppend = {"-Dlstmlab.kernel=plain"})
  public static class Plain extends ActivationBenchmark {
    @Override
    String expectedKernel() {
      return "plain";
    }
  }
}
