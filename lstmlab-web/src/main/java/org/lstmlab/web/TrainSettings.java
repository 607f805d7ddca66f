package org.lstmlab.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.NotebookForecast;
import org.lstmlab.core.nn.CellType;

/**
 * What one training job does: which models, their size, the window, the optimisation settings,
 * the held-out fraction and the series. The page keeps these fields in its URL, so a run can be
 * shared and replayed: the pipeline is bit-reproducible for the same settings and seed. Every
 * field, its range and its default is in {@link Fields#TRAIN}; the defaults are {@code lstmlab
 * demo}'s ({@link NotebookForecast}).
 *
 * @param models the cells to train side by side: {@code lstm}, {@code rnn}, {@code gru}
 * @param hidden H, hidden units
 * @param window T, input steps per window
 * @param epochs passes over the training windows
 * @param lr Adam's learning rate
 * @param batchSize windows per update ({@code batch_size})
 * @param holdout the fraction of the series at its end whose windows are held out of training
 * @param series the series; its seed also seeds the trainer's order and, through {@link
 *     NotebookForecast#modelSeed}, each model's initial parameters
 */
record TrainSettings(List<String> models, int hidden, int window, int epochs, double lr,
    int batchSize, double holdout, SeriesSettings series) {

  static final List<String> MODELS = List.of("lstm", "rnn", "gru");

  /** The models ticked when the request names none: the notebook's two. */
  static final String DEFAULT_MODELS = "lstm,rnn";

  /** Reads every field, each optional with the page's default. */
  static TrainSettings from(Params p) {
    p.requireOnly(names());
    List<String> models = models(p.raw("models") == null ? DEFAULT_MODELS : p.raw("models"));
    return new TrainSettings(
        models,
        Fields.HIDDEN.readInt(p),
        Fields.WINDOW.readInt(p),
        Fields.EPOCHS.readInt(p),
        Fields.LR.readDouble(p),
        Fields.BATCH_SIZE.readInt(p),
        Fields.HOLDOUT.readDouble(p),
        SeriesSettings.from(p));
  }

  /**
   * The cells a comma-separated {@code list} names, each once, in order.
   *
   * @throws ApiError 400 for an unknown cell or an empty list
   */
  static List<String> models(String list) {
    Set<String> models = new LinkedHashSet<>();
    for (String m : list.split(",")) {
      String id = m.trim().toLowerCase(Locale.ROOT);
      if (id.isEmpty()) {
        continue;
      }
      if (!MODELS.contains(id)) {
        throw ApiError.badRequest(
            "models must be a comma-separated list of " + MODELS + ", got '"
                + Params.shorten(m.trim()) + "'");
      }
      models.add(id);
    }
    if (models.isEmpty()) {
      throw ApiError.badRequest("models must name at least one of " + MODELS);
    }
    return new ArrayList<>(models);
  }

  /** Every field a request may send. */
  static List<String> names() {
    List<String> n = new ArrayList<>(List.of("models"));
    Fields.TRAIN.forEach(f -> n.add(f.name()));
    return n;
  }

  /**
   * The pipeline's configuration for one model: the notebook's ({@link NotebookForecast}) with
   * these settings.
   *
   * @throws IllegalArgumentException if the library refuses a combination
   */
  ForecastConfig config(String model) {
    return NotebookForecast.pipeline(NotebookForecast.training().epochs(epochs)
            .batchSize(batchSize).lr(lr).seed(series.seed()).build())
        .cell(CellType.fromId(model)).hidden(hidden).window(window).split(holdout, 0).build();
  }
}
