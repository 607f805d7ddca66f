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
import org.lstmlab.core.forecast.Evaluation;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.ForecastSpec;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.NotebookForecast;
import org.lstmlab.core.forecast.SeriesDataset;
import org.lstmlab.core.forecast.TimeSeries;
import org.lstmlab.core.forecast.WindowPredictions;
import org.lstmlab.core.lags.Experiment;
import org.lstmlab.core.lags.ExperimentResult.ModelResult;
import org.lstmlab.core.lags.Score;
import org.lstmlab.core.text.LanguageModel;
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
 * <p>The Long lags page's jobs ({@link #submitLags}), your own data's ({@link #submitOwn}) and the
 * Text page's ({@link #submitText}) share the pool, the ids, the limit and the event log; only
 * what a model does and reports differs.
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

  /** The job {@link #warmUp} started, or null. */
  private TrainingJob warmUp;

  /**
   * Trains the Train page's default job once where no tab sees it (it has no id and takes no
   * slot), so that the JIT has compiled the kernels before a learner's first job: on a fresh JVM
   * that job took about 2 s, and 0.3–0.5 s once they were compiled (2-core build machine). A job
   * submitted meanwhile cancels it first, and it stops before its next batch.
   */
  synchronized void warmUp() {
    TrainSettings settings = TrainSettings.from(new Params(name -> null));
    TrainingJob job = new TrainingJob("warm-up");
    Run run = new Run(job, settings, Plan.of(settings));
    for (String model : settings.models()) {
      pool.execute(() -> run.train(model));
    }
    warmUp = job;
  }

  /**
   * The status of the job {@link #warmUp} started ("running", "completed", "cancelled" and so on,
   * as a job's), or null when none was started.
   */
  synchronized String warmUpStatus() {
    return warmUp == null ? null : warmUp.status();
  }

  /**
   * Starts a job, or refuses it when {@code maxJobs} are active.
   *
   * @throws ApiError 429 if too many jobs are active; 400 if the settings do not fit the series
   */
  synchronized TrainingJob submit(TrainSettings settings) {
    requireSlot();
    Plan plan = Plan.of(settings); // may throw 400
    requireBudget(settings, plan.trainWindows());
    TrainingJob job = newJob();
    job.publish("start", Json.write(startEvent(settings, plan)));
    Run run = new Run(job, settings, plan);
    for (String model : settings.models()) {
      pool.execute(() -> run.train(model));
    }
    return job;
  }

  /**
   * What a Train-page job trains on, checked before it starts: the series as the pipeline's
   * dataset, the spec the pipeline resolves for it (the split, the windows), and the baselines'
   * scores on the held-out windows, which no model changes.
   */
  record Plan(SeriesDataset data, ForecastSpec spec, WindowPredictions.Part heldOut,
      Split.Parts parts, Evaluation baselines) {

    /** @throws ApiError 400 with the library's one line if the settings do not fit the series */
    static Plan of(TrainSettings s) {
      SeriesDataset data = s.series().dataset();
      try {
        ForecastConfig config = s.config(s.models().get(0));
        Forecaster forecaster = new Forecaster(config);
        ForecastSpec spec = forecaster.check(data);
        TimeSeries series = data.series().get(0);
        Split.Parts parts = spec.split().apply(series.length(), spec.span(), spec.horizon());
        // The untrained model's scores are not shown; the baselines' are the same for every model.
        FittedForecaster untrained = forecaster.untrained(data, null);
        Evaluation baselines = Evaluation.of(untrained, List.of(untrained.predictions(series)),
            WindowPredictions.Part.VALIDATION);
        return new Plan(data, spec, WindowPredictions.Part.VALIDATION, parts, baselines);
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest(e.getMessage());
      }
    }

    int trainWindows() {
      return parts.train().size();
    }
  }

  /**
   * Starts a job on your own data: each ticked model trained by the pipeline on the uploaded CSV,
   * or refuses it as {@link #submit} does.
   *
   * @throws ApiError 429 if too many jobs are active; 400 with the reader's or the pipeline's one
   *     line if the data or settings do not fit
   */
  synchronized TrainingJob submitOwn(OwnData.Settings settings) {
    requireSlot();
    OwnData.Plan plan = OwnData.Plan.of(settings); // may throw 400
    long hh = (long) (settings.hidden() + 1) * (settings.hidden() + 1);
    double work = (double) settings.epochs() * plan.trainWindows() * plan.spec().steps() * hh;
    if (work > Limits.MAX_WORK) {
      throw ApiError.badRequest(String.format(java.util.Locale.ROOT,
          "this run is too large: epochs × training windows × window × (hidden + 1)² = %d × %d"
              + " × %d × %d = %.3g, at most %.0e (about a minute per model); lower epochs or"
              + " hidden", settings.epochs(), plan.trainWindows(), plan.spec().steps(), hh, work,
          (double) Limits.MAX_WORK));
    }
    TrainingJob job = newJob();
    job.publish("start", Json.write(OwnData.startEvent(settings, plan)));
    OwnData.Run run = new OwnData.Run(job, settings, plan);
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

  /**
   * Starts a Text-page job: the character model trained on the chosen text, or refuses it as
   * {@link #submit} does. The start event carries the untrained model's numbers.
   *
   * @throws ApiError 429 if too many jobs are active; 400 if the text or settings do not fit
   */
  synchronized TrainingJob submitText(TextLesson.Settings settings) {
    requireSlot();
    TextLesson.Plan plan = TextLesson.Plan.of(settings); // may throw 400
    plan.requireBudget(settings);
    LanguageModel lm = TextLesson.network(settings, plan.vocabulary());
    TrainingJob job = newJob();
    job.publish("start", Json.write(TextLesson.startEvent(settings, plan, lm)));
    TextLesson.Run run = new TextLesson.Run(job, settings, plan, lm);
    pool.execute(run::train);
    return job;
  }

  /** Cancels the warm-up job (a job is coming); refuses one when {@code maxJobs} are active. */
  private void requireSlot() {
    if (warmUp != null) {
      warmUp.cancel();
    }
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

  private static Map<String, Object> startEvent(TrainSettings s, Plan plan) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("models", s.models());
    m.put("series", Json.nums(plan.data().series().get(0).target()));
    m.put("window", s.window());
    m.put("hidden", s.hidden());
    m.put("epochs", s.epochs());
    m.put("train_windows", plan.parts().train().size());
    m.put("heldout_windows", plan.parts().validation().size());
    // Window n reads points [n, n + W) and predicts point n + W; the held-out targets start here.
    m.put("first_target", plan.spec().span());
    m.put("heldout_from", plan.parts().trainEnd());
    m.put("baselines", baselines(plan.baselines(), plan.spec().season()));
    m.put("mape_unreliable", plan.baselines().mapeUnreliable());
    return m;
  }

  /** The baselines' scores by name; the seasonal naive forecast only with a season (m > 1). */
  private static Map<String, Object> baselines(Evaluation e, int season) {
    Map<String, Object> out = new LinkedHashMap<>();
    e.scores().forEach((name, score) -> {
      boolean sameAsNaive = season == 1
          && name.equals(WindowPredictions.Baseline.SEASONAL_NAIVE.id());
      if (!name.equals(Evaluation.MODEL) && !sameAsNaive) {
        out.put(name, score(score, e.mapeUnreliable()));
      }
    });
    return out;
  }

  /**
   * A forecaster's score as JSON: the metrics and MASE, MAPE left out (null) where the library
   * finds it unreliable near zero.
   */
  static Map<String, Object> score(Evaluation.Score s, boolean mapeUnreliable) {
    Map<String, Object> out = new LinkedHashMap<>();
    s.metrics().toMap().forEach((k, v) -> out.put(k, Json.num(v)));
    out.put("mase", Json.num(s.mase()));
    if (mapeUnreliable) {
      out.put("mape", null);
    }
    return out;
  }

  private static Map<String, Object> lagStartEvent(LagSettings s, Experiment e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", s.task());
    m.put("about", LagSettings.about(e.task()));
    m.put("length", s.length());
    m.put("models", LagSettings.MODELS);
    m.put("steps", s.steps());
    m.put("eval_every", s.evalEvery());
    m.put("hidden", s.hidden());
    m.put("lr", s.lr());
    m.put("test_size", s.testSize());
    m.put("seed", s.seed());
    m.put("loss_name", e.task().lossName());
    m.put("baseline", score(e.task().baseline(e.testSet())));
    m.put("expected_baseline", score(e.task().expectedBaseline()));
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
    synchronized (this) {
      if (warmUp != null) {
        warmUp.cancel();
      }
    }
    for (TrainingJob j : jobs.values()) {
      j.cancel();
    }
    pool.shutdownNow();
  }

  /**
   * A listener that publishes an {@code epoch} event after each epoch: model, epoch, train_loss,
   * validation_loss, elapsed_millis. It only publishes; the job stops through its cancellation
   * flag, which the training loop polls.
   */
  static TrainingListener epochs(TrainingJob job, String model) {
    return (epoch, trainLoss, validationLoss, lr, elapsedMillis) -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("model", model);
      e.put("epoch", epoch);
      e.put("train_loss", Json.num(trainLoss));
      e.put("validation_loss", Json.num(validationLoss));
      e.put("elapsed_millis", elapsedMillis);
      job.publish("epoch", Json.write(e));
    };
  }

  /** Publishes {@code done} with the job's status, from each model's stop reason (or FAILED). */
  static void finish(TrainingJob job, Map<String, String> results) {
    String status = job.cancelled() ? "cancelled"
        : results.containsValue("FAILED") ? "failed" : "completed";
    job.finish(status, Json.write(Map.of("status", status)));
  }

  /**
   * The models of one job, each trained by the library's pipeline ({@link Forecaster#fit}) with
   * the job's listener and cancellation flag; the last to finish publishes {@code done}.
   */
  private static final class Run {
    final TrainingJob job;
    final TrainSettings settings;
    final Plan plan;
    final AtomicInteger left;
    final Map<String, String> results = new ConcurrentHashMap<>();

    Run(TrainingJob job, TrainSettings settings, Plan plan) {
      this.job = job;
      this.settings = settings;
      this.plan = plan;
      this.left = new AtomicInteger(settings.models().size());
    }

    void train(String model) {
      job.running();
      try {
        results.put(model, fit(model));
      } catch (RuntimeException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("stop_reason", "FAILED");
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
      ForecastConfig config = settings.config(model);
      TrainingListener listener = epochs(job, model);
      Forecaster.Fit fit = new Forecaster(config).fit(plan.data(), listener, job::cancelled,
          NotebookForecast.startModel(config, settings.series().seed()));
      TrainingResult r = fit.result();
      FittedForecaster f = fit.forecaster();
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("model", model);
      e.put("stop_reason", r.stopReason().name());
      e.put("message", r.message());
      e.put("epochs", r.epochs());
      e.put("elapsed_millis", r.elapsedMillis());
      e.put("parameters", f.model().parameters().size());
      try {
        // Every window's forecast in the series' units; window n predicts point n + W.
        WindowPredictions wp = f.predictions(plan.data().series().get(0));
        Evaluation ev = Evaluation.of(f, List.of(wp), plan.heldOut());
        e.put("predictions", Json.nums(wp.predicted()));
        e.put("metrics", score(ev.model(), ev.mapeUnreliable()));
        e.put("beats_baselines", ev.modelBeatsBaselines());
      } catch (IllegalArgumentException ex) { // a diverged model's output overflows the units
        e.put("metrics", Map.of("error", String.valueOf(ex.getMessage())));
      }
      job.publish("model", Json.write(e));
      return r.stopReason().name();
    }

    void done() {
      finish(job, results);
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
          e.put("train_loss", Json.num(p.trainLoss()));
          e.put("test", score(new Score(p.loss(), p.accuracy())));
          e.put("seconds", Json.num(p.seconds()));
          job.publish("eval", Json.write(e));
        }), job::cancelled).results().get(0);
        m.put("stop_reason", r.stopReason().name());
        m.put("message", r.message());
        m.put("test", score(r.test()));
        m.put("steps", r.steps());
        m.put("seconds", Json.num(r.seconds()));
        m.put("parameter_seed", r.seed());
      } catch (RuntimeException e) {
        m.put("stop_reason", "FAILED");
        m.put("message", String.valueOf(e.getMessage()));
      } finally {
        results.put(model, String.valueOf(m.get("stop_reason")));
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
