package org.lstmlab.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.ForecastSpec;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.SeriesState;
import org.lstmlab.core.forecast.TimeSeries;
import org.lstmlab.core.loss.Loss;
import org.lstmlab.core.nn.Mode;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.train.Trainer;
import org.lstmlab.core.train.TrainingResult;

/**
 * One global model trained on every series' windows with synchronous data-parallel steps: the
 * library's {@link Trainer} runs on the driver (its shuffle order, batches, clipping, optimizer,
 * early stopping and best-epoch restore, through the one training loop), and each step's gradient
 * comes from the executors, where the windows live ({@link Trainer.WindowSource}).
 *
 * <p>Algorithm, as Spark MLlib's own iterative trainers do it (one Spark job per step):
 *
 * <pre>
 * prepare: each partition cuts its series with Forecaster.windows (scaler per series), cached;
 *          the driver numbers the windows series by series in id order, as Forecaster.fit pools
 *          them, so a window's global index is the same as in one process
 * step:    broadcast (weights, the batch's global indices) once
 *          each partition: forward + backward on its windows of the batch, in batch order,
 *          returns k·(mean loss) and k·(mean gradient) over its k windows
 *          the partials are added by {@link TreeSum} (a tree fixed by partition index, its
 *          lower levels on the executors past 16 partitions); the driver divides by B
 * </pre>
 *
 * The sum in a fixed order makes the run deterministic; it equals single-process training on the
 * same batches up to the order of floating-point sums (the test checks 1e-5). The model must have
 * no dropout (the library's default). The preparation and the scoring are shared with the
 * averaging mode ({@link Averaging}), which runs instead of the Trainer when the Params ask.
 *
 * <p>Checkpoints ({@code checkpointDir}): every {@code checkpointInterval} steps the Trainer's
 * {@link Trainer.Checkpoint} (position, weights, optimizer and early-stopping state) goes to
 * {@link Checkpoints}; a later fit with the same directory, Params and data resumes at the next
 * step and ends with the weights of the run that was not stopped, bit for bit.
 */
final class SyncTraining {

  private SyncTraining() {}

  /**
   * The global model's file, its summary rows and the cost of its steps.
   *
   * @param syncs steps (and validation passes) run as Spark jobs
   * @param syncMillis their total wall time on the driver
   * @param computeMillis the executors' compute time within them (the slowest partition's, summed)
   */
  record Result(byte[] model, List<Row> summary, long syncs, double syncMillis,
      double computeMillis) {}

  /** A series' raw values, to rebuild it in another JVM. */
  record SeriesData(String id, List<String> times, double[] y, double[] past, int p)
      implements Serializable {
    static SeriesData of(TimeSeries s) {
      return new SeriesData(s.id(), new ArrayList<>(s.times()), s.target(), s.past(),
          s.pastColumns());
    }

    TimeSeries series() {
      return new TimeSeries(id, times, y, past, p, new double[0], 0);
    }
  }

  /** A series' state, in a form that travels. */
  record State(String id, Map<String, String> scaler, int rows, int trainEnd, int validationEnd,
      double trainMean, double maseScale, int train, int validation) implements Serializable {
    SeriesState state() {
      return new SeriesState(id, Scaler.fromMap(scaler), rows, trainEnd, validationEnd,
          trainMean, maseScale);
    }
  }

  /** How every partition rebuilds the spec and the model: the Params and the first series. */
  record Setup(String run, ForecastParams params, SeriesData first) implements Serializable {
    ForecastSpec spec() {
      return SPECS.computeIfAbsent(run, k -> new Forecaster(params.toConfig())
          .check(SeriesRows.dataset(params, first.p(), List.of(first.series()))));
    }

    SequenceModel newModel() {
      return new Forecaster(params.toConfig()).newModel(spec());
    }

    Loss newLoss() {
      return params.toConfig().training().newLoss();
    }
  }

  /** Specs by run, so that a JVM resolves a run's spec once. */
  private static final Map<String, ForecastSpec> SPECS = new ConcurrentHashMap<>();

  /** One partition's windows: series after series, each with its global window numbers. */
  static final class Part implements Serializable {
    private static final long serialVersionUID = 1L;
    final List<State> states = new ArrayList<>();
    int[] index = new int[0]; // (n) global number of each local training window, ascending
    float[] x = new float[0]; // (n, T, I)
    float[] y = new float[0]; // (n, h)
    float[] xVal = new float[0]; // (n_val, T, I)
    float[] yVal = new float[0]; // (n_val, h)
    int nVal;

    void add(Forecaster.Windows w, SeriesState s) {
      states.add(new State(s.id(), s.scaler().toMap(), s.rows(), s.trainEnd(),
          s.validationEnd(), s.trainMean(), s.maseScale(), w.trainCount(),
          w.validationCount()));
      x = concat(x, w.trainX());
      y = concat(y, w.trainY());
      xVal = concat(xVal, w.validationX());
      yVal = concat(yVal, w.validationY());
      nVal += w.validationCount();
    }

    private static float[] concat(float[] a, float[] b) {
      float[] c = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, c, a.length, b.length);
      return c;
    }

    /** Numbers the training windows from each series' offset. */
    void number(Map<String, Integer> offsets) {
      int n = 0;
      for (State s : states) {
        n += s.train();
      }
      index = new int[n];
      int k = 0;
      for (State s : states) {
        int o = offsets.get(s.id());
        for (int i = 0; i < s.train(); i++) {
          index[k++] = o + i;
        }
      }
    }
  }

  /** What a step sends: the weights and the batch's global window numbers. */
  record Step(float[] weights, int[] batch) implements Serializable {}

  /**
   * What a partition returns: k·loss, k·gradient (or null when k = 0), k, compute time; a sum of
   * partials holds the sums and the slowest partition's time.
   */
  record Partial(double loss, float[] grad, int count, long nanos) implements Serializable {
    /** a + b, reusing a's gradient array. */
    static Partial plus(Partial a, Partial b) {
      float[] g = a.grad();
      if (g == null) {
        g = b.grad();
      } else if (b.grad() != null) {
        float[] d = b.grad();
        for (int i = 0; i < g.length; i++) {
          g[i] += d[i];
        }
      }
      return new Partial(a.loss() + b.loss(), g, a.count() + b.count(),
          Math.max(a.nanos(), b.nanos()));
    }
  }

  /** What the syncs of a run cost, measured on the driver. */
  static final class Cost {
    long syncs;
    long syncNanos; // wall time of the syncs
    long computeNanos; // within them, the slowest partition's compute

    void add(long wall, long slowest) {
      syncs++;
      syncNanos += wall;
      computeNanos += slowest;
    }
  }

  static Result fit(Dataset<Row> grouped, SeriesRows.Fields fields, ForecastParams p) {
    ForecastConfig config = p.toConfig();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(grouped.sparkSession()
        .sparkContext());
    // The spec from the first series in id order, as Forecaster.fit resolves it.
    String firstId = grouped.agg(functions.min(SeriesRows.ID)).first().getString(0);
    if (firstId == null) {
      throw new IllegalArgumentException("the DataFrame holds no rows");
    }
    List<Row> firstRows = grouped.filter(functions.col(SeriesRows.ID).equalTo(firstId))
        .collectAsList();
    TimeSeries first = SeriesRows.series(firstId, firstRows, fields);
    Setup setup = new Setup(java.util.UUID.randomUUID().toString(), p, SeriesData.of(first));
    ForecastSpec spec = setup.spec();

    JavaRDD<Part> prepared = grouped.javaRDD().mapPartitions(it -> prepare(it, fields, setup))
        .persist(StorageLevel.MEMORY_ONLY());
    List<State> states = new ArrayList<>();
    List<List<State>> byPartition = Errors.unwrap(() -> prepared.map(part -> part.states)
        .collect());
    int[] local = new int[byPartition.size()]; // training windows per partition
    for (int q = 0; q < local.length; q++) {
      states.addAll(byPartition.get(q));
      for (State s : byPartition.get(q)) {
        local[q] += s.train();
      }
    }
    states.sort((a, b) -> a.id().compareTo(b.id()));
    Map<String, Integer> offsets = new HashMap<>();
    int n = 0;
    int nVal = 0;
    for (State s : states) {
      offsets.put(s.id(), n);
      n += s.train();
      nVal += s.validation();
    }
    Broadcast<Map<String, Integer>> shared = sc.broadcast(offsets);
    JavaRDD<Part> parts = prepared.map(part -> {
      part.number(shared.value());
      return part;
    }).persist(StorageLevel.MEMORY_ONLY());
    parts.count();
    prepared.unpersist(false);

    Trained t;
    try {
      t = train(sc, parts, setup, local, n, nVal);
    } finally {
      shared.destroy();
    }
    SequenceModel model = t.model();
    List<SeriesState> library = states.stream().map(State::state).toList();
    FittedForecaster f = new FittedForecaster(model, spec, library);
    Forecaster.Fit fit = new Forecaster.Fit(f, t.result(), config);
    byte[] bytes = ForecasterBytes.of(fit);

    Broadcast<byte[]> file = sc.broadcast(bytes);
    PerSeries.Ended ended = PerSeries.Ended.of(fit);
    List<Row> summary = new ArrayList<>(Errors.unwrap(() -> grouped.mapPartitions(
        (MapPartitionsFunction<Row, Row>) it -> score(it, fields, file.value(), ended),
        Encoders.row(PerSeries.SUMMARY)).collectAsList()));
    file.destroy();
    summary.sort((a, b) -> a.getString(0).compareTo(b.getString(0)));
    return new Result(bytes, summary, t.cost().syncs, t.cost().syncNanos / 1e6,
        t.cost().computeNanos / 1e6);
  }

  /** A trained global model, how its run ended and what its syncs cost. */
  record Trained(SequenceModel model, TrainingResult result, Cost cost) {}

  /**
   * Trains the global model on numbered, cached {@code parts} (one per partition) in the Params'
   * mode, {@code sync} or {@code average}; unpersists the parts.
   *
   * @param local training windows per partition
   * @param n training windows in all
   * @param nVal validation windows in all
   */
  static Trained train(JavaSparkContext sc, JavaRDD<Part> parts, Setup setup, int[] local,
      int n, int nVal) {
    ForecastParams p = setup.params();
    SequenceModel model = setup.newModel();
    Source source = new Source(sc, parts, setup, model, n, nVal);
    try {
      TrainingResult result = Errors.unwrap(() -> p.getTrainingMode().equals(ForecastParams.SYNC)
          ? sync(model, source, new Checkpoints(sc, p, n), p)
          : new Averaging(sc, parts, setup, model, source, local, p).run());
      return new Trained(model, result, source.cost);
    } finally {
      parts.unpersist(false);
    }
  }

  /** The library's Trainer over the executors' windows, from and with checkpoints. */
  private static TrainingResult sync(SequenceModel model, Source source,
      Checkpoints checkpoints, ForecastParams p) {
    Trainer.Checkpoint from = checkpoints.load(Trainer.Checkpoint.class);
    source.steps = from == null ? 0 : from.progress().steps();
    TrainingResult result = new Trainer(model, p.toConfig().training()).fit(source, null, null,
        from, checkpoints.every(), !checkpoints.enabled() ? null
            : c -> checkpoints.save(c.progress().steps(), c));
    checkpoints.clear();
    return result;
  }

  private static Iterator<Part> prepare(Iterator<Row> rows, SeriesRows.Fields fields,
      Setup setup) {
    ForecastSpec spec = setup.spec();
    Forecaster check = new Forecaster(setup.params().toConfig());
    Part part = new Part();
    SeriesRows.Series series = new SeriesRows.Series(rows, fields);
    while (series.hasNext()) {
      TimeSeries s = series.next().series();
      check.check(SeriesRows.dataset(setup.params(), List.of(s))); // names a series that is bad
      Forecaster.Windows w = Forecaster.windows(spec, s);
      part.add(w, w.state());
    }
    return List.of(part).iterator();
  }

  private static Iterator<Row> score(Iterator<Row> rows, SeriesRows.Fields fields, byte[] model,
      PerSeries.Ended ended) {
    FittedForecaster f = ForecasterBytes.load(model).forecaster();
    List<Row> out = new ArrayList<>();
    SeriesRows.Series series = new SeriesRows.Series(rows, fields);
    while (series.hasNext()) {
      out.add(PerSeries.summary(series.next().series(), f, ended, null));
    }
    return out.iterator();
  }

  /** The windows on the executors, as the trainer's source; one Spark job per call. */
  static final class Source implements Trainer.WindowSource {
    private final JavaSparkContext sc;
    private final JavaRDD<Part> parts;
    private final Setup setup;
    private final SequenceModel model;
    private final int n;
    private final int nVal;
    final Cost cost = new Cost();
    int fan = TreeSum.FAN;
    long steps; // gradients asked for, each a step of the run

    Source(JavaSparkContext sc, JavaRDD<Part> parts, Setup setup, SequenceModel model, int n,
        int nVal) {
      this.sc = sc;
      this.parts = parts;
      this.setup = setup;
      this.model = model;
      this.n = n;
      this.nVal = nVal;
    }

    @Override
    public int count() {
      return n;
    }

    @Override
    public int validationCount() {
      return nVal;
    }

    @Override
    public double gradient(int[] order, int from, int size) {
      Checkpoints.failIfAsked(steps++);
      int[] batch = Arrays.copyOfRange(order, from, from + size);
      Partial sum = run(batch);
      float[] g = model.parameters().grad();
      if (sum.count() > 0) {
        System.arraycopy(sum.grad(), 0, g, 0, g.length);
      }
      float inv = 1f / size;
      for (int i = 0; i < g.length; i++) {
        g[i] *= inv;
      }
      return sum.loss() / size;
    }

    @Override
    public double validationLoss() {
      return run(null).loss() / nVal;
    }

    /** One sync: the batch's partials (null batch: the validation loss), tree-summed. */
    private Partial run(int[] batch) {
      long t0 = System.nanoTime();
      Broadcast<Step> step = sc.broadcast(new Step(model.parameters().data().clone(), batch));
      Setup s = setup;
      Partial sum = TreeSum.of(parts.map(part -> partial(part, step.value(), s)), fan,
          Partial::plus);
      step.destroy(false);
      cost.add(System.nanoTime() - t0, sum.nanos());
      return sum;
    }
  }

  /** One partition's part of a step: its windows of the batch, or its validation loss. */
  static Partial partial(Part part, Step step, Setup setup) {
    long t0 = System.nanoTime();
    ForecastSpec spec = setup.spec();
    int xw = spec.steps() * spec.inputs();
    int h = spec.horizon();
    SequenceModel model = setup.newModel();
    System.arraycopy(step.weights(), 0, model.parameters().data(), 0, step.weights().length);
    Loss loss = setup.newLoss();
    if (step.batch() == null) { // the validation loss: sum of k·mean over its windows
      if (part.nVal == 0) {
        return new Partial(0, null, 0, System.nanoTime() - t0);
      }
      float[] pred = model.predict(
          SequenceBatch.of(part.xVal, part.nVal, spec.steps(), spec.inputs()));
      return new Partial(loss.value(pred, part.yVal) * part.nVal, null, part.nVal,
          System.nanoTime() - t0);
    }
    int[] mine = new int[step.batch().length];
    int k = 0;
    for (int g : step.batch()) { // batch order
      int i = Arrays.binarySearch(part.index, g);
      if (i >= 0) {
        mine[k++] = i;
      }
    }
    if (k == 0) {
      return new Partial(0, null, 0, System.nanoTime() - t0);
    }
    float[] x = new float[k * xw];
    float[] y = new float[k * h];
    for (int j = 0; j < k; j++) {
      System.arraycopy(part.x, mine[j] * xw, x, j * xw, xw);
      System.arraycopy(part.y, mine[j] * h, y, j * h, h);
    }
    model.parameters().zeroGrad();
    float[] pred = model.forward(SequenceBatch.of(x, k, spec.steps(), spec.inputs()),
        Mode.TRAINING);
    float[] dPred = new float[pred.length];
    double l = loss.gradient(pred, y, dPred);
    model.backwardParameters(dPred);
    float[] grad = model.parameters().grad().clone();
    for (int i = 0; i < grad.length; i++) {
      grad[i] *= k;
    }
    return new Partial(l * k, grad, k, System.nanoTime() - t0);
  }

}
