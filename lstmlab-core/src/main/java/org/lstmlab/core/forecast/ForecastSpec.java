package org.lstmlab.core.forecast;

import java.util.List;
import java.util.Optional;
import org.lstmlab.core.data.Split;
import org.lstmlab.core.nn.CellType;

/**
 * Everything a fitted forecaster needs besides its weights and scalers to turn raw history into
 * forecasts: the columns, the resolved window, horizon, transform and season, and the model's
 * shape. A model file records it (lstmlab-io's run record) and reads it back.
 *
 * @param target the target column
 * @param past the P past covariates
 * @param future the F known-future covariates
 * @param timeColumn the time labels' column, if any
 * @param idColumn the series id's column, if any
 * @param window W, ≥ 1
 * @param horizon h, ≥ 1: the model's outputs
 * @param transform the target transform
 * @param relative whether windows are relative to their last target value
 * @param season m ≥ 1 (1: no season), for the seasonal naive baseline and MASE
 * @param scaler the scalers' name
 * @param cell the recurrent cell
 * @param hidden hidden units per layer
 * @param layers stacked layers
 * @param dropout dropout between layers in training
 * @param validation the validation fraction of each series
 * @param test the test fraction of each series
 * @param readsTarget whether the model reads the target's past (true for every model the pipeline
 *     trains; false for a model from elsewhere that reads only covariates)
 */
public record ForecastSpec(
    String target,
    List<String> past,
    List<String> future,
    Optional<String> timeColumn,
    Optional<String> idColumn,
    int window,
    int horizon,
    TargetTransform transform,
    boolean relative,
    int season,
    String scaler,
    CellType cell,
    int hidden,
    int layers,
    double dropout,
    double validation,
    double test,
    boolean readsTarget) {

  /** Copies the lists and checks the sizes. */
  public ForecastSpec {
    past = List.copyOf(past);
    future = List.copyOf(future);
    if (!readsTarget && past.isEmpty() && future.isEmpty()) {
      throw new IllegalArgumentException("a model that does not read the target must read"
          + " covariates");
    }
    if (window < 1 || horizon < 1 || season < 1) {
      throw new IllegalArgumentException("window, horizon and season must be >= 1, got " + window
          + ", " + horizon + ", " + season);
    }
  }

  /** Every column: target, past, future. */
  public List<String> columns() {
    List<String> c = new java.util.ArrayList<>();
    c.add(target);
    c.addAll(past);
    c.addAll(future);
    return c;
  }

  /** C = 1 + P + F: the scaled columns. */
  public int scaledColumns() {
    return 1 + past.size() + future.size();
  }

  /** T: the model's steps per window, W plus h when it reads known-future covariates. */
  public int steps() {
    return window + (future.isEmpty() ? 0 : horizon);
  }

  /** I: inputs per step: the target (if read), P, F and, with F &gt; 0, the observed flag. */
  public int inputs() {
    return (readsTarget ? 1 : 0) + past.size() + future.size() + (future.isEmpty() ? 0 : 1);
  }

  /** The split of each series. */
  public Split split() {
    return Split.fractions(validation, test);
  }

  /** Raw points a window spans, W plus what the transform uses up. */
  public int span() {
    return window + transform.lost();
  }
}
