package org.lstmlab.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.recurrent.RNN;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.NoopTranslator;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The workloads of {@code lstmlab bench} on libtorch (2.7.1, CPU: MKL and oneDNN) through DJL, on
 * libtorch's own LSTM and RNN ops ({@code torch::lstm}, {@code torch::rnn_tanh}), for
 * tools/bench/compare.py --libtorch. One JSON object on stdout, in the keys of {@code lstmlab bench
 * --json}.
 *
 * <p>Built only with {@code -Plibtorch} (see the module's POM). Threads: DJL's
 * {@code ai.djl.pytorch.num_threads} (intra-op) and {@code ai.djl.pytorch.num_interop_threads}, set
 * by the caller, one JVM per thread count. Offline: {@code ai.djl.offline=true} and DJL's caches in
 * target/djl. Arguments: {@code [--only notebook,batched,latency,gemm] [--quick] [--profile FILE]};
 * with --profile, one batched training step is recorded with libtorch's profiler into FILE (a
 * Chrome trace), and the JSON says whether {@code mkldnn_rnn_layer} (oneDNN's fused LSTM) ran.
 *
 * <p>Workloads as in BenchCommand: the notebook's per-window training (LSTM and RNN, hidden 100,
 * window 10, 90 windows, Adam 0.01, MSE, 20 epochs); the batched step (one LSTM layer, I 32, H 256,
 * T 100, B 64, linear head on the last step, MSE, Adam 1e-3) and its inference; one-window latency;
 * SGEMM through {@code NDArray.matMul} (libtorch's {@code mm}) at three shapes. DJL's L2 loss is half
 * the mean square: the same work as MSE.
 */
public final class LibtorchBench {

  private LibtorchBench() {}

  public static void main(String[] args) throws Exception {
    List<String> only = List.of("notebook", "batched", "latency", "gemm");
    boolean quick = false;
    Path profile = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--only":
          only = Arrays.asList(args[++i].split(","));
          break;
        case "--quick":
          quick = true;
          break;
        case "--profile":
          profile = Path.of(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    StringBuilder json = new StringBuilder("{");
    json.append("\"engine\":\"libtorch ").append(Engine.getEngine("PyTorch").getVersion())
        .append("\",\"threads\":").append(JniUtils.getNumThreads());
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      int warm = quick ? 1 : 8; // BenchCommand.NOTEBOOK_WARM: the same protocol on both sides
      int runs = quick ? 1 : 3;
      float[] series = notebookSeries();
      Model trained = null;
      if (only.contains("notebook")) {
        double lstm = median(warm, runs, quick, () -> notebook(manager, series, true, null));
        double rnn = median(warm, runs, quick, () -> notebook(manager, series, false, null));
        json.append(String.format(Locale.ROOT,
            ",\"notebook\":{\"lstm_train_ms\":%.1f,\"rnn_train_ms\":%.1f,\"notebook_train_ms\":%.1f}",
            lstm, rnn, lstm + rnn));
      }
      if (only.contains("batched")) {
        Batched b = new Batched(manager);
        int stepRuns = quick ? 5 : 15;
        double step = median(quick ? 2 : 5, stepRuns, quick, b::step);
        double infer = median(quick ? 2 : 5, stepRuns, quick, b::infer);
        json.append(String.format(Locale.ROOT,
            ",\"batched\":{\"train_step_ms\":%.2f,\"infer_ms\":%.2f}", step, infer));
        if (profile != null) {
          JniUtils.startProfile(false, false, false);
          b.step();
          JniUtils.stopProfile(profile.toString());
          String trace = Files.readString(profile);
          json.append(",\"mkldnn_rnn_layer\":").append(trace.contains("mkldnn_rnn_layer"));
        }
        b.close();
      }
      if (only.contains("latency")) {
        Model[] keep = new Model[1];
        notebook(manager, series, true, keep);
        trained = keep[0];
        double[] lat = latency(manager, trained, series, quick ? 2_000 : 20_000);
        json.append(String.format(Locale.ROOT, ",\"latency\":{\"p50_us\":%.1f,\"p99_us\":%.1f}",
            lat[0], lat[1]));
        trained.close();
      }
      json.append(",\"gemm\":[");
      if (only.contains("gemm")) {
        int[][] shapes = {{64, 1024, 288}, {6400, 1024, 32}, {1024, 1024, 1024}};
        for (int s = 0; s < shapes.length; s++) {
          int[] sh = shapes[s];
          json.append(s == 0 ? "" : ",").append(String.format(Locale.ROOT,
              "{\"m\":%d,\"n\":%d,\"k\":%d,\"threads\":%d,\"gflops\":%.1f}", sh[0], sh[1], sh[2],
              JniUtils.getNumThreads(), gflops(manager, sh[0], sh[1], sh[2], quick)));
        }
      }
      json.append("]}");
    }
    System.out.println(json);
  }

  @FunctionalInterface
  private interface Timed {
    double run() throws Exception;
  }

  /**
   * The median of {@code runs} timed runs after at least {@code warm} untimed ones, going on until
   * the JIT has gone quiet: BenchCommand's rule (its {@code warmUp}), so that both sides warm up
   * alike (here the JIT compiles DJL's Java side; libtorch's native code needs none).
   */
  private static double median(int warm, int runs, boolean quick, Timed t)
      throws Exception {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean watched = jit != null && jit.isCompilationTimeMonitoringSupported();
    long start = System.nanoTime();
    long windowStart = start;
    int windowRuns = 0;
    long compiledBefore = watched ? jit.getTotalCompilationTime() : 0;
    double limitNs = (quick ? 2 : 20) * 1e9;
    for (int n = 1; ; n++) {
      t.run();
      long now = System.nanoTime();
      if (now - start >= limitNs || !watched && n >= warm) {
        break;
      }
      // windows of at least 5 runs and 0.5 s; quiet: compilations took at most 2% of one
      if (++windowRuns >= 5 && now - windowStart >= 500_000_000L) {
        long compiled = jit.getTotalCompilationTime();
        if (n >= warm && (compiled - compiledBefore) * 1e6 <= 0.02 * (now - windowStart)) {
          break;
        }
        windowStart = now;
        windowRuns = 0;
        compiledBefore = compiled;
      }
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      ms[i] = t.run();
    }
    Arrays.sort(ms);
    return runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
  }

  /** A noisy sine of 100 values, as the notebook's (the shape is what matters for timing). */
  private static float[] notebookSeries() {
    SplittableRandom rng = new SplittableRandom(42);
    float[] s = new float[100];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) (Math.sin(i * 10 * Math.PI / 99) + 0.5 * (rng.nextDouble() * 2 - 1));
    }
    return s;
  }

  /** Recurrent layer, its last step, a linear head to {@code outputs}. */
  private static Block model(boolean lstm, int hidden) {
    Block rnn = lstm
        ? LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).build()
        : RNN.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true)
            .setActivation(RNN.Activation.TANH).build();
    return new SequentialBlock()
        .add(rnn)
        .add(new LambdaBlock(l -> new NDList(l.head().get(":, -1, :"))))
        .add(Linear.builder().setUnits(1).build());
  }

  private static Trainer trainer(Model model, float lr, Shape input) {
    Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).build()));
    t.initialize(input);
    return t;
  }

  /** One update: forward, loss, backward, Adam; the step's arrays freed with its sub-manager. */
  private static void update(Trainer t, NDManager parent, float[] x, Shape xs, float[] y, Shape ys) {
    try (NDManager step = parent.newSubManager();
        GradientCollector gc = t.newGradientCollector()) {
      NDList pred = t.forward(new NDList(step.create(x, xs)));
      NDArray loss = t.getLoss().evaluate(new NDList(step.create(y, ys)), pred);
      gc.backward(loss);
    }
    t.step();
  }

  /** Trains a fresh notebook model; returns milliseconds, and the model in keep[0] if asked. */
  private static double notebook(NDManager manager, float[] series, boolean lstm, Model[] keep) {
    long start = System.nanoTime();
    Model model = Model.newInstance("notebook", Device.cpu(), "PyTorch");
    model.setBlock(model(lstm, 100));
    Shape xs = new Shape(1, 10, 1);
    Shape ys = new Shape(1, 1);
    try (Trainer t = trainer(model, 0.01f, xs)) {
      float[] x = new float[10];
      float[] y = new float[1];
      for (int epoch = 0; epoch < 20; epoch++) {
        for (int n = 0; n < 90; n++) {
          System.arraycopy(series, n, x, 0, 10);
          y[0] = series[n + 10];
          update(t, manager, x, xs, y, ys);
        }
      }
    }
    double ms = (System.nanoTime() - start) / 1e6;
    if (keep != null) {
      keep[0] = model;
    } else {
      model.close();
    }
    return ms;
  }

  private static double[] latency(NDManager manager, Model model, float[] series, int calls)
      throws Exception {
    long[] ns = new long[calls];
    float[] x = new float[10];
    try (Predictor<NDList, NDList> p = model.newPredictor(new NoopTranslator())) {
      for (int i = -calls; i < calls; i++) {
        int n = Math.floorMod(i, 90);
        System.arraycopy(series, n, x, 0, 10);
        try (NDManager call = manager.newSubManager()) {
          long t0 = System.nanoTime();
          p.predict(new NDList(call.create(x, new Shape(1, 10, 1))));
          if (i >= 0) {
            ns[i] = System.nanoTime() - t0;
          }
        }
      }
    }
    Arrays.sort(ns);
    return new double[] {ns[calls / 2] / 1e3, ns[(int) (calls * 0.99)] / 1e3};
  }

  /** The batched LSTM: one model, one batch, reused by every timed step. */
  private static final class Batched {
    final Model model = Model.newInstance("batched", Device.cpu(), "PyTorch");
    final Shape xs = new Shape(64, 100, 32);
    final Shape ys = new Shape(64, 1);
    final float[] x;
    final float[] y;
    final Trainer trainer;
    final Predictor<NDList, NDList> predictor;
    final NDManager manager;

    Batched(NDManager manager) {
      this.manager = manager;
      model.setBlock(model(true, 256));
      trainer = trainer(model, 1e-3f, xs);
      predictor = model.newPredictor(new NoopTranslator());
      SplittableRandom rng = new SplittableRandom(3);
      x = new float[64 * 100 * 32];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rng.nextDouble(-1, 1);
      }
      y = new float[64];
    }

    double step() {
      long start = System.nanoTime();
      update(trainer, manager, x, xs, y, ys);
      return (System.nanoTime() - start) / 1e6;
    }

    double infer() throws Exception {
      try (NDManager call = manager.newSubManager()) {
        long start = System.nanoTime();
        predictor.predict(new NDList(call.create(x, xs)));
        return (System.nanoTime() - start) / 1e6;
      }
    }

    void close() {
      predictor.close();
      trainer.close();
      model.close();
    }
  }

  private static double gflops(NDManager manager, int m, int n, int k, boolean quick) {
    SplittableRandom rng = new SplittableRandom(m + 31L * n + 7L * k);
    float[] av = new float[m * k];
    float[] bv = new float[k * n];
    for (int i = 0; i < av.length; i++) {
      av[i] = (float) rng.nextDouble(-1, 1);
    }
    for (int i = 0; i < bv.length; i++) {
      bv[i] = (float) rng.nextDouble(-1, 1);
    }
    try (NDManager sub = manager.newSubManager()) {
      NDArray a = sub.create(av, new Shape(m, k));
      NDArray b = sub.create(bv, new Shape(k, n));
      a.matMul(b).close();
      long t0 = System.nanoTime();
      a.matMul(b).close();
      double one = Math.max(1e-6, (System.nanoTime() - t0) / 1e9);
      int calls = (int) Math.max(1, Math.min(10_000, 0.05 / one));
      double[] ms = new double[quick ? 5 : 11];
      for (int r = 0; r < ms.length; r++) {
        long s = System.nanoTime();
        for (int i = 0; i < calls; i++) {
          a.matMul(b).close();
        }
        ms[r] = (System.nanoTime() - s) / 1e6 / calls;
      }
      Arrays.sort(ms);
      return 2.0 * m * n * k / (ms[ms.length / 2] * 1e6);
    }
  }
}
