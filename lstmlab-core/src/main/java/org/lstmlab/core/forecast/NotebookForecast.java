package org.lstmlab.core.forecast;

import java.util.List;
import java.util.Optional;
import org.lstmlab.core.data.NotebookSeries;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.train.TrainerConfig;

/**
 * The tutorial notebook's experiment as a forecasting-pipeline configuration, with its defaults in
 * this one place: {@code lstmlab demo} and the web app's Train page both run it, so that the same
 * settings give the same series, the same models and the same numbers in both.
 *
 * <p>The notebook: its synthetic series ({@link NotebookSeries}, 100 points, noise 0.5); windows
 * of {@value #WINDOW} values each predicting the next; {@value #HIDDEN} hidden units and a linear
 * head; Adam at lr {@value #LR} on MSE, batch size {@value #BATCH_SIZE}, the windows in series
 * order, {@value #EPOCHS} epochs. The values go in raw, as the notebook feeds them: no scaler, no
 * target transform, no relative windows (season 1, so the seasonal naive baseline is the naive
 * one). Unlike the notebook, the windows whose targets are the last {@value #HOLDOUT} of the
 * series are held out: they are the pipeline's validation part, scored after every epoch and never
 * used to stop or choose (no early stopping), with no test part.
 *
 * <p>Seeds: {@code seed} draws the series' noise and the trainer's order; each model starts from
 * its own seed, {@link #modelSeed}, so that an LSTM and an RNN of one run do not share their
 * initial draws.
 */
public final class NotebookForecast {

  /** H, the notebook's hidden units. */
  public static final int HIDDEN = 100;
  /** W, values per input window. */
  public static final int WINDOW = 10;
  /** Adam's learning rate in the notebook. */
  public static final double LR = 0.01;
  /** Passes over the training windows. */
  public static final int EPOCHS = 20;
  /** Windows per update: one, as the notebook's loop over single windows. */
  public static final int BATCH_SIZE = 1;
  /** The fraction of the series at its end whose windows are held out of training. */
  public static final double HOLDOUT = 0.2;
  /** The demo's seed. */
  public static final long SEED = 42;
  /** The target column's name in the dataset {@link #data} builds. */
  public static final String TARGET = "value";

  private NotebookForecast() {}

  /**
   * The seed model {@code cell} starts from in a run seeded {@code seed}: {@code seed + 1} for the
   * LSTM, {@code + 2} for the tanh RNN, {@code + 3} for the GRU, {@code + 4} for the ReLU RNN.
   */
  public static long modelSeed(CellType cell, long seed) {
    return seed + switch (cell) {
      case LSTM -> 1;
      case RNN_TANH -> 2;
      case GRU -> 3;
      case RNN_RELU -> 4;
    };
  }

  /**
   * The notebook's series of {@code points} values as a one-series dataset, target {@value
   * #TARGET}, without time labels.
   */
  public static SeriesDataset data(int points, double noise, long seed) {
    return SeriesDataset.of(TARGET, Optional.empty(), List.of(),
        NotebookSeries.values(points, noise, seed));
  }

  /** The notebook's training settings, to change before {@code build()}: Adam, MSE, in order. */
  public static TrainerConfig.Builder training() {
    return TrainerConfig.builder().epochs(EPOCHS).batchSize(BATCH_SIZE).shuffle(false)
        .optimizer("adam").lr(LR).loss("mse").seed(SEED);
  }

  /**
   * The notebook's pipeline around {@code training}, to change before {@code build()}: window
   * {@value #WINDOW}, one step ahead, raw values, {@value #HIDDEN} units, the last {@value
   * #HOLDOUT} held out as the validation part.
   */
  public static ForecastConfig.Builder pipeline(TrainerConfig training) {
    return ForecastConfig.builder().window(WINDOW).horizon(1).transform(TargetTransform.NONE)
        .relative(false).season(1).scaler(Scaler.NONE).hidden(HIDDEN).split(HOLDOUT, 0)
        .training(training);
  }

  /**
   * The initial model of {@code config}'s cell and sizes for one input, from {@link #modelSeed}:
   * the {@code start} to give {@link Forecaster#fit}.
   */
  public static SequenceModel startModel(ForecastConfig config, long seed) {
    return SequenceModel.builder(config.cell(), 1, config.hidden()).layers(config.layers())
        .dropout(config.dropout()).outputSize(config.horizon())
        .seed(modelSeed(config.cell(), seed)).build();
  }
}
