package org.lstmlab.web;

import java.util.List;
import org.lstmlab.core.data.NotebookSeries;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.NotebookForecast;
import org.lstmlab.core.lags.Experiment;

/**
 * The fields of every page, each with its label, range and default, in one place: the settings
 * records read requests with them and {@code /api/limits} serves them, from which the page builds
 * its inputs. Ranges come from {@link Limits}; the Train page's defaults are the notebook's,
 * {@link NotebookForecast}, the same as {@code lstmlab demo}'s, so the page's first run is the
 * demo's.
 */
final class Fields {

  // The series (every page that draws the notebook's series).
  static final Field LENGTH = Field.integer("length", "points", Limits.MIN_LENGTH,
      Limits.MAX_LENGTH, NotebookSeries.DEFAULT_SIZE);
  static final Field NOISE = Field.number("noise", "noise (standard deviation)", 0,
      Limits.MAX_NOISE, false, NotebookSeries.DEFAULT_NOISE, 0.05);
  static final Field SEED = Field.seed("seed", NotebookForecast.SEED);

  // The Train page.
  static final Field HIDDEN = Field.integer("hidden", "hidden units", 1, Limits.MAX_HIDDEN,
      NotebookForecast.HIDDEN);
  static final Field WINDOW = Field.integer("window", "window (values in)", Limits.MIN_WINDOW,
      Limits.MAX_WINDOW, NotebookForecast.WINDOW);
  static final Field EPOCHS = Field.integer("epochs", "epochs", 1, Limits.MAX_EPOCHS,
      NotebookForecast.EPOCHS);
  static final Field LR = Field.number("lr", "learning rate", 0, Limits.MAX_LR, true,
      NotebookForecast.LR, 0.001);
  static final Field BATCH_SIZE = Field.integer("batch_size", "batch size", 1, Limits.MAX_BATCH,
      NotebookForecast.BATCH_SIZE);
  static final Field HOLDOUT = Field.number("holdout", "held-out fraction", Limits.MIN_HOLDOUT,
      Limits.MAX_HOLDOUT, false, NotebookForecast.HOLDOUT, 0.05);

  // The gate explorer and the gradient view.
  static final Field GATES_HIDDEN = Field.integer("hidden", "hidden units", 1,
      Limits.MAX_EXPLORER_HIDDEN, 8);
  static final Field GATES_WINDOW = Field.integer("window", "window (values in)",
      Limits.MIN_WINDOW, Limits.MAX_WINDOW, 12);
  static final Field START = new Field("start", "first point of the window", Field.Kind.INT, 0,
      Limits.MAX_LENGTH, false, Double.NaN, 1);
  static final Field GATES_EPOCHS = Field.integer("epochs", "epochs, 0 = untrained", 0,
      Limits.MAX_EXPLORER_EPOCHS, 20);
  static final Field GRADIENT_HIDDEN = GATES_HIDDEN.withDefault(16);
  static final Field GRADIENT_WINDOW = Field.integer("window", "window (values in)",
      Limits.MIN_WINDOW, Limits.MAX_GRADIENT_WINDOW, 40);
  static final Field GRADIENT_EPOCHS = GATES_EPOCHS.withDefault(0);
  static final Field FORGET_BIAS = Field.number("forget_bias", "forget-gate bias b_f (third"
      + " curve)", -Limits.MAX_FORGET_BIAS, Limits.MAX_FORGET_BIAS, false, 3, 0.5);
  static final Field GRADIENT_LENGTH = LENGTH.withDefault(400);

  // The Long lags page.
  // Length, steps and eval_every default per task (LagSettings.PRESETS); these are the first task's.
  static final Field LAG_LENGTH = Field.integer("length", "lag T", Limits.MIN_LAG_LENGTH,
      Limits.MAX_LAG_LENGTH, LagSettings.PRESETS.get(LagSettings.TASKS.get(0)).length());
  static final Field LAG_STEPS = Field.integer("steps", "training steps", 1,
      Limits.MAX_LAG_STEPS, LagSettings.PRESETS.get(LagSettings.TASKS.get(0)).steps());
  static final Field LAG_HIDDEN = HIDDEN.withDefault(32);
  static final Field LAG_LR = LR.withDefault(0.01);
  static final Field EVAL_EVERY = Field.integer("eval_every", "evaluate every (steps)", 1,
      Limits.MAX_LAG_STEPS, 50);
  static final Field TEST_SIZE = Field.integer("test_size", "held-out sequences", 1,
      Limits.MAX_LAG_TEST_SIZE, 200);
  static final Field LAG_SEED = Field.seed("seed", Experiment.Builder.DEFAULT_SEED);

  // Your own data: the library's defaults where the server's budget allows them.
  static final Field OWN_HIDDEN = HIDDEN.withDefault(ForecastConfig.DEFAULT_HIDDEN);
  /** At most the library's 300; 100 by default, as early stopping usually ends a run sooner. */
  static final Field OWN_EPOCHS = Field.integer("epochs", "epochs at most (early stopping)", 1,
      ForecastConfig.DEFAULT_EPOCHS, 100);
  static final Field HORIZON = Field.integer("horizon", "steps ahead per window", 1,
      Limits.MAX_HORIZON, ForecastConfig.DEFAULT_HORIZON);
  static final Field FORECAST = Field.integer("forecast", "steps to forecast after the data", 1,
      Limits.MAX_FORECAST, 12);
  static final Field OWN_SEED = Field.seed("seed", ForecastConfig.DEFAULT_SEED);

  // The Text page: a small character model that trains in seconds (TextLesson).
  static final Field TEXT_HIDDEN = HIDDEN.withDefault(64);
  static final Field TEXT_WINDOW = Field.integer("window", "window (steps back-propagated)",
      Limits.MIN_WINDOW, Limits.MAX_TEXT_WINDOW, 32);
  static final Field TEXT_BATCH_SIZE = Field.integer("batch_size", "streams (batch size)", 1,
      Limits.MAX_TEXT_BATCH, 32);
  static final Field TEXT_EPOCHS = Field.integer("epochs", "passes over the text", 1,
      Limits.MAX_TEXT_EPOCHS, 8);
  static final Field TEXT_LR = LR.withDefault(0.01);
  static final Field TEMPERATURE = Field.number("temperature", "sampling temperature", 0,
      Limits.MAX_TEMPERATURE, false, 0.8, 0.1);
  static final Field TEXT_SEED = Field.seed("seed", 1);

  static final List<Field> SERIES = List.of(LENGTH, NOISE, SEED);
  static final List<Field> TRAIN =
      List.of(HIDDEN, WINDOW, EPOCHS, LR, BATCH_SIZE, HOLDOUT, LENGTH, NOISE, SEED);
  static final List<Field> GATES =
      List.of(GATES_HIDDEN, GATES_WINDOW, START, GATES_EPOCHS, LENGTH, NOISE, SEED);
  static final List<Field> GRADIENTS = List.of(GRADIENT_HIDDEN, GRADIENT_WINDOW,
      GRADIENT_EPOCHS, FORGET_BIAS, GRADIENT_LENGTH, NOISE, SEED);
  static final List<Field> LAGS =
      List.of(LAG_LENGTH, LAG_STEPS, LAG_HIDDEN, LAG_LR, EVAL_EVERY, TEST_SIZE, LAG_SEED);
  static final List<Field> OWN = List.of(OWN_HIDDEN, OWN_EPOCHS, HORIZON, FORECAST, OWN_SEED);
  static final List<Field> TEXT = List.of(TEXT_HIDDEN, TEXT_WINDOW, TEXT_BATCH_SIZE, TEXT_EPOCHS,
      TEXT_LR, TEMPERATURE, TEXT_SEED);

  private Fields() {}
}
