package org.lstmlab.web;

import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.lstmlab.core.lags.AddingProblem;
import org.lstmlab.core.lags.CopyTask;
import org.lstmlab.core.lags.Experiment;
import org.lstmlab.core.lags.LagTask;
import org.lstmlab.core.lags.TemporalOrder;

/**
 * What one long-time-lags job does: the task, its lag T, and the size and length of the training
 * that the LSTM and the tanh RNN each get. The other settings are docs/LONG-TIME-LAGS.md's fast
 * setting (RMSprop, batches of 50, clip 1, LSTM forget bias 1); the page keeps these fields in its
 * URL, and a run is a pure function of them, times apart.
 *
 * @param task {@code adding}, {@code order} or {@code copy}
 * @param length T, the task's lag, in [{@value Limits#MIN_LAG_LENGTH}, {@value
 *     Limits#MAX_LAG_LENGTH}] (a task may ask for more: the order problem needs 10)
 * @param steps training steps per model, one fresh batch each, in [1, {@value
 *     Limits#MAX_LAG_STEPS}]
 * @param hidden H, hidden units of both models, in [1, {@value Limits#MAX_HIDDEN}]
 * @param lr RMSprop's learning rate, in (0, {@value Limits#MAX_LR}]
 * @param evalEvery steps between evaluations on the held-out set ({@code eval_every}), in [1,
 *     steps]
 * @param testSize held-out sequences ({@code test_size}), in [1, {@value Limits#MAX_LAG_TEST_SIZE}]
 * @param seed seeds the batches, the held-out set and the initial parameters
 */
record LagSettings(String task, int length, int steps, int hidden, double lr, int evalEvery,
    int testSize, long seed) {

  static final List<String> TASKS = LagTask.NAMES;

  /**
   * The page's default setting of one task, with the hidden size and learning rate of {@link
   * Fields#LAG_HIDDEN} and {@link Fields#LAG_LR} (32 units, 0.01) and {@value #DEFAULT_SEED}: each
   * fits {@link Limits#MAX_LAG_WORK}, and in each the LSTM ends clearly below the baseline on the
   * page's 200 held-out sequences while the tanh RNN does not (measured; {@code outcome} says by
   * how much, and LagSettingsTest repeats the order problem's run).
   *
   * @param length T
   * @param steps training steps; evaluations every steps / 20
   * @param outcome what the default run shows, in words, for the page
   */
  record Preset(int length, int steps, String outcome) {}

  private static final long DEFAULT_SEED = Experiment.Builder.DEFAULT_SEED;

  static final Map<String, Preset> PRESETS = Map.of(
      AddingProblem.NAME, new Preset(50, 1000, "With the defaults (seed 1) the LSTM leaves the"
          + " baseline after a few hundred steps and ends near 0.004, some fifty times below it;"
          + " the RNN stays at the baseline, about 0.2."),
      TemporalOrder.NAME, new Preset(50, 500, "With the defaults (seed 1) the LSTM finds the X"
          + " and Y after about 300 steps: its accuracy jumps from chance to 100% and its"
          + " cross-entropy falls a hundredfold below the baseline. The RNN stays at chance."),
      CopyTask.NAME, new Preset(10, 1000, "The copy task is the LSTM's hard case: with the"
          + " defaults (seed 1) it creeps below the baseline only after some 600 steps and ends"
          + " near 0.62 nats against 0.69, with about 19% of the recalled symbols right against"
          + " the baseline's 1 in 8. The RNN stays at the baseline. Longer lags need many more"
          + " steps than the page allows."));

  /** The models the page compares: the LSTM against the plain tanh RNN. */
  static final List<String> MODELS = List.of("lstm", "rnn");

  /** Reads every field, each optional with the task's default ({@link #PRESETS}). */
  static LagSettings from(Params p) {
    java.util.List<String> names = new java.util.ArrayList<>(List.of("task"));
    Fields.LAGS.forEach(f -> names.add(f.name()));
    p.requireOnly(names);
    String task = p.string("task", TASKS.get(0)).toLowerCase(Locale.ROOT);
    if (!TASKS.contains(task)) {
      throw ApiError.badRequest("task must be one of " + TASKS + ", got '"
          + Params.shorten(task) + "'");
    }
    Preset preset = PRESETS.get(task);
    int steps = Fields.LAG_STEPS.withDefault(preset.steps()).readInt(p);
    return new LagSettings(
        task,
        Fields.LAG_LENGTH.withDefault(preset.length()).readInt(p),
        steps,
        Fields.LAG_HIDDEN.readInt(p),
        Fields.LAG_LR.readDouble(p),
        Fields.EVAL_EVERY.readInt(p, defaultEvalEvery(steps), steps),
        Fields.TEST_SIZE.readInt(p),
        Fields.LAG_SEED.readSeed(p));
  }

  /**
   * The experiment of one model: models train on separate pool threads, and since each model's
   * data stream, held-out set and initial parameters depend on the seed and its own name only, a
   * one-model run gives the very curve the model would have in a run of both.
   *
   * @throws ApiError 400 if the task refuses the length
   */
  Experiment experiment(String model) {
    try {
      return Experiment.builder(task, length).models(List.of(model)).hidden(hidden).steps(steps)
          .lr(lr).evalEvery(evalEvery).testSize(testSize).seed(seed).build();
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  /**
   * What the page shows of each task, in {@link #TASKS} order, from the library's own words
   * ({@link LagTask#title}, {@link LagTask#description}, {@link LagTask#baselineDescription}) at
   * the task's default T, with the default setting and what it shows: served with {@code
   * /api/limits} as {@code lag_task_info}.
   */
  static List<Map<String, Object>> taskInfo() {
    return TASKS.stream().map(name -> {
      Preset preset = PRESETS.get(name);
      Map<String, Object> m = about(LagTask.create(name, preset.length()));
      Map<String, Object> defaults = new LinkedHashMap<>();
      defaults.put(Fields.LAG_LENGTH.name(), preset.length());
      defaults.put(Fields.LAG_STEPS.name(), preset.steps());
      defaults.put(Fields.EVAL_EVERY.name(), defaultEvalEvery(preset.steps()));
      m.put("defaults", defaults);
      m.put("outcome", preset.outcome());
      return m;
    }).toList();
  }

  /** A task's name, words and scoring, as the page and the job's start event show them. */
  static Map<String, Object> about(LagTask task) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", task.name());
    m.put("title", task.title());
    m.put("description", task.description());
    m.put("baseline_description", task.baselineDescription());
    m.put("loss_name", task.lossName());
    m.put("classification", task.classification());
    return m;
  }

  /** Evaluations about twenty times a run. */
  static int defaultEvalEvery(int steps) {
    return Math.max(1, steps / 20);
  }
}
