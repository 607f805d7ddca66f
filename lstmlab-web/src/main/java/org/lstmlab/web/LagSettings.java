package org.lstmlab.web;

import java.util.List;
import java.util.Locale;
import org.lstmlab.core.lags.Experiment;

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

  static final List<String> TASKS = List.of("adding", "order", "copy");

  /** The models the page compares: the LSTM against the plain tanh RNN. */
  static final List<String> MODELS = List.of("lstm", "rnn");

  /** Reads every field, each optional with the page's default (the adding problem at T = 50). */
  static LagSettings from(Params p) {
    java.util.List<String> names = new java.util.ArrayList<>(List.of("task"));
    Fields.LAGS.forEach(f -> names.add(f.name()));
    p.requireOnly(names);
    String task = p.string("task", "adding").toLowerCase(Locale.ROOT);
    if (!TASKS.contains(task)) {
      throw ApiError.badRequest("task must be one of " + TASKS + ", got '"
          + Params.shorten(task) + "'");
    }
    int steps = Fields.LAG_STEPS.readInt(p);
    return new LagSettings(
        task,
        Fields.LAG_LENGTH.readInt(p),
        steps,
        Fields.LAG_HIDDEN.readInt(p),
        Fields.LAG_LR.readDouble(p),
        Fields.EVAL_EVERY.readInt(p, Math.max(1, steps / 20), steps),
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
}
