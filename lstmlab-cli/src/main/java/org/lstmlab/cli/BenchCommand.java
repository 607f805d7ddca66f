package org.lstmlab.cli;

import java.io.PrintWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.lstmlab.core.data.NotebookSeries;
import org.lstmlab.core.data.Windows;
import org.lstmlab.core.kernel.Kernels;
import org.lstmlab.core.kernel.MatMul;
import org.lstmlab.core.loss.Mse;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Compute;
import org.lstmlab.core.nn.FrozenModel;
import org.lstmlab.core.nn.Mode;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Adam;
import org.lstmlab.core.optim.Optimizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lstmlab bench}: times the workloads of docs/BENCHMARKS.md on this JVM and prints a table,
 * or with {@code --json} one JSON object on stdout (what tools/bench/compare.py reads).
 *
 * <p>Workloads, the same as the comparison script runs in PyTorch:
 *
 * <ul>
 *   <li>notebook: the demo's training, LSTM and RNN (tanh), hidden 100, window 10 over the
 *       notebook's 100 values (90 windows), batch 1, Adam (lr 0.01), MSE, 20 epochs, from a fresh
 *       model each time — {@code lstm_train_ms}, {@code rnn_train_ms}, {@code notebook_train_ms};
 *   <li>batched: one LSTM layer, I 32, H 256, T 100, B 64, a linear head on the last step, MSE,
 *       Adam — {@code train_step_ms} (zero grad, forward, loss, backward, Adam) and {@code
 *       infer_ms} (forward only);
 *   <li>latency: one window (1, 10, 1) through the trained notebook LSTM, frozen ({@code
 *       SequenceModel.freeze}, as libtorch's side predicts through DJL's predictor) — {@code
 *       p50_us}, {@code p99_us};
 *   <li>gemm: C (M, N) = A (M, K)·B (K, N), row-major, at three shapes, on 1 and 2 threads —
 *       {@code gflops}.
 * </ul>
 *
 * Around the notebook, batched and latency workloads it also measures how far apart the cores
 * running two threads are ({@link #roundTripNs}, {@code round_trip_ns}: before, after), which on a
 * virtual machine can change from one minute to the next and decides the two-thread figures of
 * the small workloads.
 *
 * <p>Each figure is the median of several timed runs after warm-up runs, which go on until the
 * JIT has stopped compiling ({@link #warmUp}: on two cores a compilation takes a core from the
 * workload; the demo's own first run is slower). {@code --quick} runs fewer of each, for a smoke
 * test. This is plain Java on purpose (no JMH in the shipped jar); lstmlab-bench has
 * the JMH versions of the kernel and training-step benchmarks.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Time the notebook training, a batched LSTM training step, one-window latency and SGEMM"
          + " on this machine, and print a table (or JSON with --json), with a cache line's round"
          + " trip between two threads before and after each workload.",
      "The figures tools/bench/compare.py sets against PyTorch in docs/BENCHMARKS.md."
    })
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object on stdout instead of a table.")
  boolean json;

  @Option(names = "--quick", description = "Fewer repetitions: a quick check, noisier figures.")
  boolean quick;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "WORKLOAD",
      description = "Run only these workloads (comma-separated: notebook, batched, latency, gemm);"
          + " the JSON then holds only their figures. Default: all four.")
  List<String> only;

  static final List<String> WORKLOADS = List.of("notebook", "batched", "latency", "gemm");

  static final int NOTEBOOK_HIDDEN = 100;
  static final int NOTEBOOK_WINDOW = 10;
  /**
   * Untimed notebook trainings before the timed ones. The JIT compiles the kernels within the
   * first, but the code around them (each layer's forward and backward, the optimizer's step, run
   * once a window: 1800 times a training) reaches C2 only after several, and while C2 compiles it
   * its thread takes a core from the two the training uses: on a 2-core machine (AMD Zen 4, 7
   * December 2026) the LSTM's trainings in a fresh JVM took 1497, 313, 134, 110, 123, 155, 203,
   * then 104–106 ms from the eighth on, with compilations logged up to the seventh.
   * LibtorchBench runs the same number.
   */
  static final int NOTEBOOK_WARM = 8;
  static final int NOTEBOOK_EPOCHS = 20;
  static final double NOTEBOOK_LR = 0.01;
  static final int BATCHED_INPUT = 32;
  static final int BATCHED_HIDDEN = 256;
  static final int BATCHED_STEPS = 100;
  static final int BATCHED_BATCH = 64;
  static final int[][] GEMM_SHAPES = {{64, 1024, 288}, {6400, 1024, 32}, {1024, 1024, 1024}};
  /** The JIT is quiet when its compilations took at most this share of the last runs' time, */
  static final double QUIET_SHARE = 0.02;
  /** the last runs being at least this many, */
  static final int QUIET_RUNS = 5;
  /** and at least this long (seconds). */
  static final double QUIET_S = 0.5;
  /** A warm-up ends after this many seconds even if the JIT is not quiet (--quick: fewer). */
  static final double MAX_WARM_UP_S = 20;
  static final double QUICK_WARM_UP_S = 2;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> chosen = only == null ? WORKLOADS : only;
    for (String w : chosen) {
      if (!WORKLOADS.contains(w)) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--only: unknown workload '" + w + "'; expected one of " + String.join(", ", WORKLOADS));
      }
    }
    int warm = quick ? 1 : NOTEBOOK_WARM;
    int runs = quick ? 1 : 3;
    if (!json) {
      err.println("lstmlab bench: kernel " + Compute.describe() + ", "
          + Compute.threads() + " thread(s); takes " + (quick ? "about a minute"
          : "a few minutes") + " ...");
    }

    boolean notebook = chosen.contains("notebook");
    boolean latencyToo = chosen.contains("latency");

    // notebook
    Windows data = Windows.of(
        NotebookSeries.values(NotebookSeries.DEFAULT_SIZE, NotebookSeries.DEFAULT_NOISE, 42),
        NOTEBOOK_WINDOW);
    double lstmMs = 0;
    double rnnMs = 0;
    double[] notebookTrip = new double[2];
    if (notebook) {
      notebookTrip[0] = roundTripNs();
      lstmMs = median(warm, runs, () -> trainNotebook(CellType.LSTM, data, null));
      rnnMs = median(warm, runs, () -> trainNotebook(CellType.RNN_TANH, data, null));
      notebookTrip[1] = roundTripNs();
    }
    SequenceModel[] trained = new SequenceModel[1];
    if (latencyToo) {
      trainNotebook(CellType.LSTM, data, trained);
    }

    // batched
    double stepMs = 0;
    double inferMs = 0;
    double[] batchedTrip = new double[2];
    if (chosen.contains("batched")) {
      Batched batched = new Batched();
      int stepRuns = quick ? 5 : 15;
      batchedTrip[0] = roundTripNs();
      stepMs = median(quick ? 2 : 5, stepRuns, batched::trainStep);
      inferMs = median(quick ? 2 : 5, stepRuns, batched::infer);
      batchedTrip[1] = roundTripNs();
    }

    // latency
    double[] latencyTrip = new double[2];
    double[] latency = null;
    if (latencyToo) {
      latencyTrip[0] = roundTripNs();
      latency = latency(trained[0].freeze(), data, quick ? 2_000 : 20_000);
      latencyTrip[1] = roundTripNs();
    }

    // gemm
    List<double[]> gemm = new ArrayList<>(); // m, n, k, threads, gflops
    int threadsBefore = Compute.threads();
    try {
      for (int[] s : chosen.contains("gemm") ? GEMM_SHAPES : new int[0][]) {
        double[] g = gflops(s[0], s[1], s[2], quick);
        gemm.add(new double[] {s[0], s[1], s[2], 1, g[0]});
        gemm.add(new double[] {s[0], s[1], s[2], 2, g[1]});
      }
    } finally {
      Compute.setThreads(threadsBefore);
    }

    if (json) {
      StringBuilder j = new StringBuilder("{");
      j.append("\"kernel\":\"").append(Compute.kernel()).append('"');
      j.append(",\"threads\":").append(threadsBefore);
      j.append(",\"java\":\"").append(System.getProperty("java.version")).append('"');
      j.append(",\"quick\":").append(quick);
      if (notebook) {
        j.append(",\"notebook\":{\"lstm_train_ms\":").append(fmt(lstmMs))
            .append(",\"rnn_train_ms\":").append(fmt(rnnMs))
            .append(",\"notebook_train_ms\":").append(fmt(lstmMs + rnnMs))
            .append(trips(notebookTrip)).append('}');
      }
      if (chosen.contains("batched")) {
        j.append(",\"batched\":{\"train_step_ms\":").append(fmt(stepMs))
            .append(",\"infer_ms\":").append(fmt(inferMs)).append(trips(batchedTrip)).append('}');
      }
      if (latencyToo) {
        j.append(",\"latency\":{\"p50_us\":").append(fmt(latency[0]))
            .append(",\"p99_us\":").append(fmt(latency[1])).append(trips(latencyTrip)).append('}');
      }
      j.append(",\"gemm\":[");
      for (int i = 0; i < gemm.size(); i++) {
        double[] g = gemm.get(i);
        j.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
            "{\"m\":%d,\"n\":%d,\"k\":%d,\"threads\":%d,\"gflops\":%s}",
            (int) g[0], (int) g[1], (int) g[2], (int) g[3], fmt(g[4])));
      }
      j.append("]}");
      out.println(j);
    } else {
      out.println("workload   figure                          value");
      if (notebook) {
        row(out, "notebook", "LSTM training (20 epochs)", lstmMs, "ms");
        row(out, "notebook", "RNN training (20 epochs)", rnnMs, "ms");
        row(out, "notebook", "both", lstmMs + rnnMs, "ms");
        trips(out, "notebook", notebookTrip);
      }
      if (chosen.contains("batched")) {
        row(out, "batched", "training step (B 64, T 100)", stepMs, "ms");
        row(out, "batched", "inference (B 64, T 100)", inferMs, "ms");
        trips(out, "batched", batchedTrip);
      }
      if (latencyToo) {
        row(out, "latency", "one window, median", latency[0], "µs");
        row(out, "latency", "one window, 99th percentile", latency[1], "µs");
        trips(out, "latency", latencyTrip);
      }
      for (double[] g : gemm) {
        row(out, "gemm", String.format(Locale.ROOT, "%d×%d×%d, %d thread%s", (int) g[0],
            (int) g[1], (int) g[2], (int) g[3], g[3] == 1 ? "" : "s"), g[4], "GFLOP/s");
      }
    }
    out.flush();
    return Main.OK;
  }

  private static void row(PrintWriter out, String workload, String figure, double v, String unit) {
    out.printf(Locale.ROOT, "%-10s %-31s %9s %s%n", workload, figure, fmt(v), unit);
  }

  /** The JSON field of a workload's round trips (see roundTripNs) before and after it. */
  private static String trips(double[] ns) {
    String[] v = new String[2];
    for (int i = 0; i < 2; i++) {
      v[i] = Double.isNaN(ns[i]) ? "null" : fmt(ns[i]);
    }
    return ",\"round_trip_ns\":[" + v[0] + "," + v[1] + "]";
  }

  /** The table's row of a workload's round trips before and after it. */
  private static void trips(PrintWriter out, String workload, double[] ns) {
    String[] v = new String[2];
    for (int i = 0; i < 2; i++) {
      v[i] = Double.isNaN(ns[i]) ? "—" : fmt(ns[i]);
    }
    out.printf(Locale.ROOT, "%-10s %-31s %9s ns%n", workload, "round trip, before / after",
        v[0] + " / " + v[1]);
  }

  /**
   * Nanoseconds for a cache line to go from this thread to another and back: a second thread
   * answers each of this one's writes to a shared counter, 4 000 times a batch, and the median of
   * five batches is returned; NaN on one processor, or if a batch takes more than a second (the
   * other thread off its core). What the kernel's threads pay at every hand-over: on the two vCPUs
   * of a KVM guest (AMD EPYC Zen 5, 7 December 2026) 40–70 ns when the host ran them close
   * together and 350–420 ns when it ran them far apart, where the notebook's training on two
   * threads took about twice as long. The figures of each workload come with it, before and after.
   */
  static double roundTripNs() {
    if (Runtime.getRuntime().availableProcessors() < 2) {
      return Double.NaN;
    }
    final int perBatch = 4_000;
    final int batches = 5;
    AtomicInteger line = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    Thread echo = new Thread(() -> {
      for (int i = 1; ; i += 2) {
        while (line.get() != i) {
          if (stop.get()) {
            return;
          }
          Thread.onSpinWait();
        }
        line.set(i + 1);
      }
    }, "lstmlab-bench-echo");
    echo.setDaemon(true);
    echo.start();
    try {
      double[] ns = new double[batches];
      int sent = 1;
      for (int b = -1; b < batches; b++) { // one batch of warm-up
        long start = System.nanoTime();
        long deadline = start + 1_000_000_000L;
        for (int r = 0; r < perBatch; r++, sent += 2) {
          line.set(sent);
          while (line.get() != sent + 1) {
            Thread.onSpinWait();
            if ((r & 63) == 0 && System.nanoTime() > deadline) {
              return Double.NaN;
            }
          }
        }
        if (b >= 0) {
          ns[b] = (System.nanoTime() - start) / (double) perBatch;
        }
      }
      Arrays.sort(ns);
      return ns[batches / 2];
    } finally {
      stop.set(true);
    }
  }

  private static String fmt(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
        : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
        : String.format(Locale.ROOT, "%.2f", v);
  }

  /** Something timed once; returns milliseconds. */
  @FunctionalInterface
  interface Timed {
    double run();
  }

  /**
   * The median of {@code runs} timed runs after a warm-up of at least {@code warm} untimed ones
   * that goes on while the JIT is still compiling ({@link #warmUp}).
   */
  private double median(int warm, int runs, Timed t) {
    warmUp(warm, quick ? QUICK_WARM_UP_S : MAX_WARM_UP_S, t);
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      ms[i] = t.run();
    }
    Arrays.sort(ms);
    return runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
  }

  /**
   * Runs {@code t} at least {@code min} times, then on until the JIT has gone quiet, or until
   * {@code maxSeconds} have passed; returns the number of runs. The runs are judged in windows of
   * at least {@value #QUIET_RUNS} runs and {@value #QUIET_S} s each, one after the other: the
   * warm-up ends at the end of a window whose compilations took at most {@value #QUIET_SHARE} of
   * its time ({@link #quiet}; the compilation time is {@link
   * CompilationMXBean#getTotalCompilationTime}, which counts a compilation when it ends). A JVM
   * that does not measure it gets the {@code min} runs. Why: on two cores a C2 compilation takes
   * one of them from the workload. The batched step on two threads (AMD Zen 5, 2 vCPUs, JDK 17,
   * the launcher's flags, 7 December 2026) took 45–66 ms in its 6th to 20th runs, which a fixed
   * warm-up of 5 runs timed, with compilations ending in most of them, and 37–42 ms from about the
   * 30th on, where they had nearly stopped.
   */
  static int warmUp(int min, double maxSeconds, Timed t) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean watched = jit != null && jit.isCompilationTimeMonitoringSupported();
    long start = System.nanoTime();
    long windowStart = start;
    int windowRuns = 0;
    long compiledBefore = watched ? jit.getTotalCompilationTime() : 0;
    for (int n = 1; ; n++) {
      t.run();
      long now = System.nanoTime();
      if (now - start >= maxSeconds * 1e9 || !watched && n >= min) {
        return n;
      }
      if (++windowRuns >= QUIET_RUNS && now - windowStart >= QUIET_S * 1e9) {
        long compiled = jit.getTotalCompilationTime();
        if (n >= min && quiet(now - windowStart, compiled - compiledBefore)) {
          return n;
        }
        windowStart = now;
        windowRuns = 0;
        compiledBefore = compiled;
      }
    }
  }

  /**
   * Whether compilations that took {@code jitMs} in all (summed over the JIT's threads) during
   * {@code wallNs} of runs leave the JIT quiet: at most {@value #QUIET_SHARE} of the time.
   */
  static boolean quiet(long wallNs, long jitMs) {
    return jitMs * 1e6 <= QUIET_SHARE * wallNs;
  }

  /**
   * The demo's training loop: per window, zero grad, forward (1, 10, 1), MSE, backward, Adam.
   * Returns milliseconds; puts the trained model in {@code keep[0]} if {@code keep} is not null.
   */
  static double trainNotebook(CellType cell, Windows data, SequenceModel[] keep) {
    long start = System.nanoTime();
    SequenceModel model =
        SequenceModel.builder(cell, 1, NOTEBOOK_HIDDEN).outputSize(1).seed(43).build();
    Optimizer adam = Adam.builder().lr(NOTEBOOK_LR).build();
    Mse mse = new Mse();
    int w = data.window();
    float[] x = data.x();
    float[] y = data.y();
    float[] xn = new float[w];
    float[] yn = new float[1];
    float[] dPred = new float[1];
    SequenceBatch window = SequenceBatch.of(xn, 1, w, 1); // a view: refilled per window
    for (int epoch = 0; epoch < NOTEBOOK_EPOCHS; epoch++) {
      for (int n = 0; n < data.count(); n++) {
        System.arraycopy(x, n * w, xn, 0, w);
        yn[0] = y[n];
        model.parameters().zeroGrad();
        float[] pred = model.forward(window, Mode.TRAINING);
        mse.gradient(pred, yn, dPred);
        model.backwardParameters(dPred);
        adam.step(model.parameters());
      }
    }
    double ms = (System.nanoTime() - start) / 1e6;
    if (keep != null) {
      keep[0] = model;
    }
    return ms;
  }

  /** The batched LSTM: one model, one batch, reused by every timed step. */
  private static final class Batched {
    final SequenceModel model =
        SequenceModel.builder(CellType.LSTM, BATCHED_INPUT, BATCHED_HIDDEN).seed(7).build();
    final Optimizer adam = Adam.builder().lr(1e-3).build();
    final Mse mse = new Mse();
    final float[] x = random(new SplittableRandom(3), BATCHED_BATCH * BATCHED_STEPS * BATCHED_INPUT);
    final float[] y = random(new SplittableRandom(4), BATCHED_BATCH);
    final float[] dPred = new float[BATCHED_BATCH];
    final SequenceBatch batch = SequenceBatch.of(x, BATCHED_BATCH, BATCHED_STEPS, BATCHED_INPUT);

    double trainStep() {
      long start = System.nanoTime();
      model.parameters().zeroGrad();
      float[] pred = model.forward(batch, Mode.TRAINING);
      mse.gradient(pred, y, dPred);
      model.backwardParameters(dPred);
      adam.step(model.parameters());
      return (System.nanoTime() - start) / 1e6;
    }

    double infer() {
      long start = System.nanoTime();
      model.predict(batch);
      return (System.nanoTime() - start) / 1e6;
    }
  }

  /** p50 and p99 in microseconds of predicting one window, cycling through the windows. */
  static double[] latency(FrozenModel model, Windows data, int calls) {
    int w = data.window();
    float[] xn = new float[w];
    SequenceBatch window = SequenceBatch.of(xn, 1, w, 1); // a view: refilled per call
    double sink = 0;
    for (int i = 0; i < calls; i++) { // warm-up
      System.arraycopy(data.x(), (i % data.count()) * w, xn, 0, w);
      sink += model.predict(window)[0];
    }
    long[] ns = new long[calls];
    for (int i = 0; i < calls; i++) {
      System.arraycopy(data.x(), (i % data.count()) * w, xn, 0, w);
      long start = System.nanoTime();
      sink += model.predict(window)[0];
      ns[i] = System.nanoTime() - start;
    }
    if (Double.isNaN(sink)) {
      throw new IllegalStateException("latency: the model predicted NaN");
    }
    Arrays.sort(ns);
    return new double[] {ns[calls / 2] / 1e3, ns[(int) (calls * 0.99)] / 1e3};
  }

  /**
   * GFLOP/s of C = A·B at (M, N, K) with the kernel in use, on 1 and on 2 threads: the medians of
   * timed batches of calls (about 50 ms each), the two thread counts alternating batch by batch so
   * that both see the same load from other processes.
   */
  static double[] gflops(int m, int n, int k, boolean quick) {
    MatMul mm = Kernels.matMul(); // the kernel itself: internal, reached on the class path
    SplittableRandom rng = new SplittableRandom(m + 31L * n + 7L * k);
    float[] a = random(rng, m * k);
    float[] b = random(rng, k * n);
    float[] c = new float[m * n];
    double flop = 2.0 * m * n * k;
    Compute.setThreads(1);
    for (int i = 0; i < 3; i++) { // the first calls run before the JIT has compiled the kernel
      mm.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
    }
    long start = System.nanoTime();
    mm.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
    double one = Math.max(1e-6, (System.nanoTime() - start) / 1e9);
    int calls = (int) Math.max(1, Math.min(10_000, 0.05 / one));
    int warm = quick ? 3 : 10;
    int runs = quick ? 5 : 11;
    double[][] ms = new double[2][runs];
    for (int r = -warm; r < runs; r++) {
      for (int t = 1; t <= 2; t++) {
        Compute.setThreads(t);
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
          mm.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
        }
        if (r >= 0) {
          ms[t - 1][r] = (System.nanoTime() - t0) / 1e6 / calls;
        }
      }
    }
    double[] out = new double[2];
    for (int t = 0; t < 2; t++) {
      Arrays.sort(ms[t]);
      out[t] = flop / (ms[t][runs / 2] * 1e6);
    }
    return out;
  }

  static float[] random(SplittableRandom rng, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rng.nextDouble(-1, 1);
    }
    return x;
  }
}
