package org.lstmlab.core.lags;

import java.util.List;
import org.lstmlab.core.train.StopReason;

/**
 * What an {@link Experiment} measured: the baseline and, per model, its learning curve and final
 * score on the held-out set, with the configuration that produced them (so the run can be
 * replayed).
 *
 * @param config the whole configuration, seed included
 * @param baseline the memoryless baseline's score on the held-out set
 * @param expectedBaseline the baseline's exact expected score ({@link LagTask#expectedBaseline()})
 * @param lossName {@code mse} or {@code cross_entropy}: what every {@link Score#loss()} measures
 * @param results one per model, in the order of {@link Experiment.Config#models()}
 */
public record ExperimentResult(
    Experiment.Config config,
    Score baseline,
    Score expectedBaseline,
    String lossName,
    List<ModelResult> results) {

  /** Copies the list. */
  public ExperimentResult {
    results = List.copyOf(results);
  }

  /** The task's name: {@code adding}, {@code order} or {@code copy}. */
  public String task() {
    return config.task();
  }

  /** T, the task's lag parameter. */
  public int length() {
    return config.length();
  }

  /**
   * One model's run.
   *
   * @param model the cell's id: {@code lstm}, {@code gru}, {@code rnn}, {@code rnn_relu}
   * @param seed the seed of the model's initial parameters
   * @param curve the held-out score at step 0, every {@code evalEvery} steps and at the last step
   *     (of a run that diverged or was cancelled: up to the last evaluation before it stopped)
   * @param test the held-out score of the curve's last point: after the last step of a completed
   *     run
   * @param steps training steps applied (one batch each)
   * @param stopReason {@link StopReason#COMPLETED}, or why the model's training stopped early:
   *     {@link StopReason#DIVERGED} or {@link StopReason#CANCELLED}
   * @param message one line saying how the training ended, e.g. {@code "training diverged at step
   *     12: loss is NaN; try a lower --lr (was 1000000.0)"}
   * @param seconds wall-clock time of the model's whole run, training and evaluations; an upper
   *     bound on a shared machine
   */
  public record ModelResult(
      String model,
      long seed,
      List<CurvePoint> curve,
      Score test,
      int steps,
      StopReason stopReason,
      String message,
      double seconds) {

    /** Copies the list. */
    public ModelResult {
      curve = List.copyOf(curve);
    }
  }

  /**
   * One point of a learning curve.
   *
   * @param step training steps taken before the evaluation
   * @param trainLoss mean training loss over the steps since the previous point; NaN at step 0
   * @param test the held-out score
   * @param seconds wall-clock time since the model's run started
   */
  public record CurvePoint(int step, double trainLoss, Score test, double seconds) {}
}
