package org.lstmlab.web;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.lstmlab.core.data.Split;
import org.lstmlab.core.lags.Experiment;
import org.lstmlab.core.lags.ExperimentResult.ModelResult;
import org.lstmlab.core.lags.Score;
import org.lstmlab.core.metrics.Baselines;
import org.lstmlab.core.metrics.Metrics;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.train.Predictor;
import org.lstmlab.core.train.Trainer;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.core.train.TrainingListener;
import org.lstmlab.core.train.TrainingResult;

/**
 * The training jobs of the server, keyed by a random id, and the small pool that runs them off the
 * request threads.
 *
 * <p>Each model of a job is one task on the pool, so the LSTM and the RNN of a job train side by
 * side on the two cores; a second job's tasks wait in the queue. At most {@value Limits#MAX_JOBS}
 * jobs are queued or running at once; a further one is refused (429) instead of queued without end.
 * Each job's models are built with the series' seed, so the same settings give the same run.
 *
 * <p>The Long lags page's jobs ({@link #submitLags}) share the pool, the ids, the limit and the
 * event log; only what a model does and reports differs.
 *
 * <p>Lifecycle: {@link #submit} or {@link #submitLags} → the tab listens to {@link TrainingJob#awaitFrom} → optionally
 * {@link #cancel} → {@link #close} stops the pool with the server. Finished jobs are kept for late
 * listeners, the oldest forgotten beyond {@value Limits#KEPT_FINISHED_JOBS}.
 */
final class TrainingJobs implements AutoCloseable {
  private final ExecutorService pool;
  private final Map<String, TrainingJob> jobs = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final int maxJobs;

  TrainingJobs(int threads, int maxJobs) {
    this.maxJobs = maxJobs;
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "lstmlab-train-" + n.incrementAndGet());
          t.setDaemon(true);
          t.setPriority(Thread.NORM_PRIORITY - 1); // the request threads come first
          return t;
        });
  }

  /**
   * Starts a job, or refuses it when {@code maxJobs} are active.
   *
   * @throws ApiError 429 if too many jobs are active; 400 if the settings do not fit the series
   */
  synchronized TrainingJob submit(TrainSettings settings) {
    requireSlot();
    Prepared data = new Prepared(settings.series(), settings.window()); // may throw 400
    requireBudget(settings, data.parts.train().size());
    TrainingJob job = newJob();
    job.publish("start", Json.write(startEvent(settings, data)));
    Run run = new Run(job, settings, data);
    for (String model : settings.models()) {
      pool.execute(() -> run.train(model));
    }
    return job;
  }

  /**
   * Starts a long-time-lags job: the LSTM and the tanh RNN on one task, one pool task each, or
   * refuses it as {@link #submit} does.
   *
   * @throws ApiError 429 if too many jobs are active; 400 if the task refuses the length or the
   *     run is over {@link Limits#MAX_LAG_WORK}
   */
  synchronized TrainingJob submitLags(LagSettings settings) {
    requireSlot();
    Map<String, Experiment> experiments = new LinkedHashMap<>();
    for (String model : LagSettings.MODELS) {
      experiments.put(model, settings.experiment(model)); // may throw 400
    }
    Experiment first = experiments.values().iterator().next();
    requireLagBudget(settings, first.task().steps());
    TrainingJob job = newJob();
    job.publish("start", Json.write(lagStartEvent(settings, first)));
    LagRun run = new LagRun(job, experiments.size());
    experiments.forEach((model, e) -> pool.execute(() -> run.train(model, e)));
    return job;
  }

  private void requireSlot() {
    long active = jobs.values().stream().filter(j -> !j.finished()).count();
    if (active >= maxJobs) {
      throw new ApiError(429, "too many training jobs at once: " + active + " running, at most "
          + maxJobs + "; wait for one to finish or cancel it");
    }
  }

  private TrainingJob newJob() {
    forgetOldJobs();
    byte[] b = new byte[12];
    random.nextBytes(b);
    TrainingJob job = new TrainingJob(HexFormat.of().formatHex(b));
    jobs.put(job.id, job);
    return job;
  }

  /**
   * Refuses a long-lags job whose models would each train much longer than a minute.
   *
   * @throws ApiError 400 naming the product and the fields that make it
   */
  static void requireLagBudget(LagSettings s, int sequenceSteps) {
    long hh = (long) (s.hidden() + 1) * (s.hidden() + 1);
    int batch = Experiment.Builder.DEFAULT_BATCH;
    double work = (double) s.steps() * batch * sequenceSteps * hh;
    if (work > Limits.MAX_LAG_WORK) {
      throw ApiError.badRequest(String.format(java.util.Locale.ROOT,
          "this run is too large: steps × batch × sequence steps × (hidden + 1)² = %d × %d × %d"
              + " × %d = %.3g, at most %.0e (about a minute per model); lower steps, hidden or"
              + " length", s.steps(), batch, sequenceSteps, hh, work,
          (double) Limits.MAX_LAG_WORK));
    }
  }

  /**
   * Refuses a job whose models would each train much longer than a minute.
   *
   * @throws ApiError 400 naming the product and the fields that make it
   */
  static void requireBudget(TrainSettings s, int trainWindows) {
    long hh = (long) (s.hidden() + 1) * (s.hidden() + 1);
    double work = (double) s.epochs() * trainWindows * s.window() * hh;
    if (work > Limits.MAX_WORK) {
      throw ApiError.badRequest(String.format(java.util.Locale.ROOT,
          "this run is too large: epochs × training windows × window × (hidden + 1)² = %d × %d"
              + " × %d × %d = %.3g, at most %.0e (about a minute per model); lower epochs,"
              + " hidden, window or length", s.epochs(), trainWindows, s.window(), hh, work,
          (double) Limits.MAX_WORK));
    }
  }

  TrainingJob get(String id) {
    return jobs.get(id);
  }

  private void forgetOldJobs() {
    List<TrainingJob> done = new ArrayList<>();
    for (TrainingJob j : jobs.values()) {
      if (j.finished()) {
        done.add(j);
      }
    }
    done.sort((a, b) -> Long.compare(a.created, b.created));
    Iterator<TrainingJob> it = done.iterator();
    for (int extra = done.size() - Limits.KEPT_FINISHED_JOBS; extra >= 0 && it.hasNext();
        extra--) {
      jobs.remove(it.next().id);
    }
  }

  private static Map<String, Object> startEvent(TrainSettings s, Prepared d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("models", s.models());
    m.put("series", Json.nums(d.raw));
    m.put("window", s.window());
    m.put("trainWindows", d.parts.train().size());
    m.put("validationWindows", d.parts.validation().size());
    m.put("testWindows", d.parts.test().size());
    // Window n predicts point n + T; the test targets start at this point of the series.
    m.put("testFrom", d.parts.test().from() + s.window());
    m.put("validationFrom", d.parts.validation().from() + s.window());
    return m;
  }

  private static Map<String, Object> lagStartEvent(LagSettings s, Experiment e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", s.task());
    m.put("length", s.length());
    m.put("models", LagSettings.MODELS);
    m.put("steps", s.steps());
    m.put("evalEvery", s.evalEvery());
    m.put("hidden", s.hidden());
    m.put("lr", s.lr());
    m.put("testSize", s.testSize());
    m.put("seed", s.seed());
    m.put("lossName", e.task().lossName());
    m.put("baseline", score(e.task().baseline(e.testSet())));
    m.put("expectedBaseline", score(e.task().expectedBaseline()));
    return m;
  }

  /** A score as JSON: {@code loss}, and {@code accuracy} for the classification tasks. */
  static Map<String, Object> score(Score s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("loss", Json.num(s.loss()));
    if (s.hasAccuracy()) {
      m.put("accuracy", Json.num(s.accuracy()));
    }
    return m;
  }

  @Override
  public void close() {
    for (TrainingJob j : jobs.values()) {
      j.cancel();
    }
    pool.shutdownNow();
  }

  /** The models of one job training; the last to finish publishes {@code done}. */
  private static final class Run {
    final TrainingJob job;
    final TrainSettings settings;
    final Prepared data;
    final AtomicInteger left;
    final Map<String, Object> results = new ConcurrentHashMap<>();

    Run(TrainingJob job, TrainSettings settings, Prepared data) {
      this.job = job;
      this.settings = settings;
      this.data = data;
      this.left = new AtomicInteger(settings.models().size());
    }

    void train(String model) {
      job.running();
      try {
        results.put(model, fit(model));
      } catch (RuntimeException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("stopReason", "FAILED");
        m.put("message", String.valueOf(e.getMessage()));
        job.publish("model", Json.write(m));
        results.put(model, "FAILED");
      } finally {
        if (left.decrementAndGet() == 0) {
          done();
        }
      }
    }

    String fit(String model) {
      TrainSettings s = settings;
      Split.Parts p = data.parts;
      SequenceModel m = SequenceModel.builder(CellType.fromId(model), 1, s.hidden())
          .seed(s.series().seed()).build();
      TrainerConfig config = TrainerConfig.builder().epochs(s.epochs()).batchSize(s.batchSize())
          .lr(s.lr()).seed(s.series().seed()).build();
      TrainingListener listener = (epoch, trainLoss, validationLoss, lr, elapsedMillis) -> {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("model", model);
        e.put("epoch", epoch);
        e.put("trainLoss", Json.num(trainLoss));
        e.put("validationLoss", Json.num(validationLoss));
        e.put("elapsedMillis", elapsedMillis);
        job.publish("epoch", Json.write(e));
      };
      TrainingResult r = new Trainer(m, config).fit(data.x(p.train()), data.y(p.train()),
          data.x(p.validation()), data.y(p.validation()), listener, job::cancelled);

      // Predict every window, back in the series' units; window n predicts point n + T.
      float[] pred = data.scaler.inverseTransform(
          new Predictor(m).predict(data.windows.batch()));
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("model", model);
      e.put("stopReason", r.stopReason().name());
      e.put("message", r.message());
      e.put("epochs", r.epochs());
      e.put("elapsedMillis", r.elapsedMillis());
      e.put("parameters", m.parameters().size());
      e.put("predictions", Json.nums(pred));
      e.put("metrics", metrics(p.test().slice(data.rawWindows.y(), 1),
          p.test().slice(pred, 1)));
      job.publish("model", Json.write(e));
      return r.stopReason().name();
    }

    void done() {
      Map<String, Object> m = new LinkedHashMap<>();
      String status = job.cancelled() ? "cancelled"
          : results.containsValue("FAILED") ? "failed" : "completed";
      m.put("status", status);
      Split.Parts p = data.parts;
      try {
        float[] actual = p.test().slice(data.rawWindows.y(), 1);
        int nTest = p.test().size();
        Map<String, Object> baselines = new LinkedHashMap<>();
        baselines.put("naive", metrics(actual, Baselines.naive(
            p.test().slice(data.rawWindows.x(), data.window), nTest, 1)));
        baselines.put("mean", metrics(actual, Baselines.mean(
            p.train().slice(data.rawWindows.y(), 1), p.train().size(), nTest)));
        m.put("baselines", baselines);
      } catch (RuntimeException e) {
        m.put("baselines", Map.of());
      }
      job.finish(status, Json.write(m));
    }

    static Map<String, Object> metrics(float[] actual, float[] predicted) {
      Map<String, Object> out = new LinkedHashMap<>();
      try {
        Metrics.of(actual, predicted).toMap().forEach((k, v) -> out.put(k, Json.num(v)));
      } catch (IllegalArgumentException e) { // a diverged model's NaN predictions
        out.put("error", e.getMessage());
      }
      return out;
    }
  }

  /**
   * The two models of a long-lags job, each an {@link Experiment} of its own; the last to finish
   * publishes {@code done}. A cancelled job stops through the experiment's cancellation flag,
   * which its training loop checks before every step.
   */
  private static final class LagRun {
    final TrainingJob job;
    final AtomicInteger left;
    final Map<String, String> results = new ConcurrentHashMap<>();

    LagRun(TrainingJob job, int models) {
      this.job = job;
      this.left = new AtomicInteger(models);
    }

    void train(String model, Experiment experiment) {
      job.running();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", model);
      try {
        ModelResult r = experiment.run(TrainingListener.evaluations(p -> {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("model", p.model());
          e.put("step", p.step());
          e.put("trainLoss", Json.num(p.trainLoss()));
          e.put("test", score(new Score(p.loss(), p.accuracy())));
          e.put("seconds", Json.num(p.seconds()));
          job.publish("eval", Json.write(e));
        }), job::cancelled).results().get(0);
        m.put("stopReason", r.stopReason().name());
        m.put("message", r.message());
        m.put("test", score(r.test()));
        m.put("steps", r.steps());
        m.put("seconds", Json.num(r.seconds()));
        m.put("parameterSeed", r.seed());
      } catch (RuntimeException e) {
        m.put("stopReason", "FAILED");
        m.put("message", String.valueOf(e.getMessage()));
      } finally {
        results.put(model, String.valueOf(m.get("stopReason")));
        job.publish("model", Json.write(m));
        if (left.decrementAndGet() == 0) {
          String status = job.cancelled() ? "cancelled"
              : results.containsValue("FAILED") ? "failed" : "completed";
          job.finish(status, Json.write(Map.of("status", status)));
        }
      }
    }
  }
}
