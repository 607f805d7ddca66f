package org.lstmlab.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one training job does: which models, their size, the window and the optimisation settings,
 * and the series. The page keeps these fields in its URL, so a run can be shared and replayed:
 * the trainer is bit-reproducible for the same settings and seed.
 *
 * @param models the cells to train side by side: {@code lstm}, {@code rnn}, {@code gru}
 * @param hidden H, hidden units, in [1, {@value Limits#MAX_HIDDEN}]
 * @param window T, input steps per window, in [{@value Limits#MIN_WINDOW}, {@value
 *     Limits#MAX_WINDOW}]
 * @param epochs in [1, {@value Limits#MAX_EPOCHS}]
 * @param lr Adam's learning rate, in (0, {@value Limits#MAX_LR}]
 * @param batchSize windows per update, in [1, {@value Limits#MAX_BATCH}]
 * @param series the series; its seed also seeds the models' initialisation and the shuffle order
 */
record TrainSettings(List<String> models, int hidden, int window, int epochs, double lr,
    int batchSize, SeriesSettings series) {

  static final List<String> MODELS = List.of("lstm", "rnn", "gru");

  /** Reads every field, each optional with the page's default. */
  static TrainSettings from(Params p) {
    String list = p.raw("models") == null ? "lstm,rnn" : p.raw("models");
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
    return new TrainSettings(
        new ArrayList<>(models),
        p.intIn("hidden", 16, 1, Limits.MAX_HIDDEN),
        p.intIn("window", 12, Limits.MIN_WINDOW, Limits.MAX_WINDOW),
        p.intIn("epochs", 20, 1, Limits.MAX_EPOCHS),
        p.doubleIn("lr", 0.01, 0, Limits.MAX_LR, true),
        p.intIn("batchSize", 8, 1, Limits.MAX_BATCH),
        SeriesSettings.from(p));
  }
}
