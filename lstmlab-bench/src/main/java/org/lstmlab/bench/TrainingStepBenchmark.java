package org.lstmlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lstmlab.core.loss.Loss;
import org.lstmlab.core.loss.Mse;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Compute;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Adam;
import org.lstmlab.core.optim.Optimizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole training step of an LSTM: I = 32, H = 256, one layer, T = 100, B = 64, a linear head
 * on the last step, MSE, Adam. The kernel is chosen per JVM (see {@link Compute}), so the two nested
 * classes fork with and without {@code -Dlstmlab.kernel=plain}; each checks it got its kernel.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class TrainingStepBenchmark {

  static final int INPUT = 32;
  static final int HIDDEN = 256;
  static final int STEPS = 100;
  static final int BATCH = 64;

  /** Threads per product (the vector kernel; the plain one is single-threaded). */
  @Param({"1", "2"})
  public int threads;

  private SequenceModel model;
  private Optimizer optimizer;
  private final Loss loss = new Mse();
  private SequenceBatch x; // (B, T, I)
  private float[] target; // (B, 1)
  private float[] dPred; // (B, 1)

  abstract String expectedKernel();

  @Setup
  public void setUp() {
    String actual = Compute.kernel();
    if (!actual.equals(expectedKernel())) {
      throw new IllegalStateException(
          "kernel " + actual + " in use, expected " + expectedKernel() + ": " + Compute.describe());
    }
    Compute.setThreads(threads);
    model = SequenceModel.builder(CellType.LSTM, INPUT, HIDDEN).seed(7).build();
    optimizer = Adam.builder().lr(1e-3).build();
    SplittableRandom rng = new SplittableRandom(3);
    x = SequenceBatch.of(GemmBenchmark.random(rng, BATCH * STEPS * INPUT), BATCH, STEPS, INPUT);
    target = GemmBenchmark.random(rng, BATCH);
    dPred = new float[BATCH];
  }

  /** zero gradients → forward → MSE on the last step → backward through time → Adam. */
  @Benchmark
  public double step() {
    model.parameters().zeroGrad();
    float[] pred = model.forward(x, org.lstmlab.core.nn.Mode.TRAINING);
    double value = loss.gradient(pred, target, dPred);
    model.backwardParameters(dPred);
    optimizer.step(model.parameters());
    return value;
  }

  /** The vector kernel, chosen when the incubator module is present. */
  @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
  public static class Vector extends TrainingStepBenchmark {
    @Override
    String expectedKernel() {
      return "vector";
    }
  }

  /** The plain loops, forced by the property. */
  @Fork(value = 1, jvmArgsAppend = {"-Dlstmlab.kernel=plain"})
  public static class Plain extends TrainingStepBenchmark {
    @Override
    String expectedKernel() {
      return "plain";
    }
  }
}
