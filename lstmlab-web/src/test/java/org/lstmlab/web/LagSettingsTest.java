package org.lstmlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lstmlab.core.lags.Experiment;
import org.lstmlab.core.lags.ExperimentResult;
import org.lstmlab.core.lags.LagTask;
import org.lstmlab.core.lags.Score;

/**
 * The Long lags page's per-task defaults: each request without settings gets its task's own,
 * each fits the page's budget, and in the order problem's the LSTM beats the baseline.
 */
class LagSettingsTest {

  private static LagSettings read(Map<String, String> fields) {
    return LagSettings.from(new Params(fields::get, fields.keySet()));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"adding", "order", "copy"})
  void from_taskAlone_takesThatTasksDefaultsWhichFitTheBudget(String task) {
    LagSettings s = read(Map.of("task", task));
    LagSettings.Preset preset = LagSettings.PRESETS.get(task);

    assertThat(s.length()).isEqualTo(preset.length());
    assertThat(s.steps()).isEqualTo(preset.steps());
    assertThat(s.evalEvery()).isEqualTo(preset.steps() / 20);
    assertThat(s.hidden()).isEqualTo(32);
    // Throws ApiError 400 if the default run is over Limits.MAX_LAG_WORK (copy at T = 50 was).
    TrainingJobs.requireLagBudget(s, LagTask.create(task, s.length()).steps());
  }

  @Test
  void taskInfo_everyTask_hasItsOwnWordsAndDefaults() {
    List<Map<String, Object>> info = LagSettings.taskInfo();

    assertThat(info).extracting(m -> m.get("name")).containsExactly("adding", "order", "copy");
    assertThat(info).extracting(m -> m.get("title")).doesNotHaveDuplicates();
    assertThat((String) info.get(0).get("baseline_description")).contains("predicting 1", "0.167");
    assertThat((String) info.get(1).get("baseline_description")).contains("log 4", "1.386")
        .doesNotContain("0.167");
    assertThat((String) info.get(2).get("description")).contains("9 blanks");
    assertThat(info.get(2).get("defaults")).isEqualTo(
        Map.of("length", 10, "steps", 1000, "eval_every", 50));
  }

  /**
   * The page's default run of the order problem, LSTM only (as the page runs it, one model per
   * experiment): seed 1, T = 50, H = 32, RMSprop 0.01, 500 steps, 200 held-out sequences.
   * Measured: accuracy 0.5 at step 200, 1.0 from step 300 on; cross-entropy 0.0032 at step 500
   * against the baseline's log 4 = 1.386.
   */
  @Test
  void orderDefaults_lstm_beatsTheBaselineWithinThePagesLimits() {
    LagSettings s = read(Map.of("task", "order"));
    Experiment e = s.experiment("lstm");
    Score baseline = e.task().baseline(e.testSet());

    ExperimentResult r = e.run();

    ExperimentResult.ModelResult lstm = r.results().get(0);
    assertThat(lstm.model()).isEqualTo("lstm");
    Score last = lstm.curve().get(lstm.curve().size() - 1).test();
    assertThat(last.accuracy()).isGreaterThan(0.95);
    assertThat(last.loss()).isLessThan(0.05 * baseline.loss());
  }
}
