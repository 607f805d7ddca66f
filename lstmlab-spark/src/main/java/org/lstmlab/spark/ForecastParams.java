package org.lstmlab.spark;

import java.util.Locale;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.train.TrainerConfig;

/**
 * The Params that {@link LstmForecaster} and {@link LstmForecastModel} share: the columns of a
 * long-format series DataFrame, the forecasting pipeline's settings and the training mode.
 *
 * <p>Spark finds an owner's Params by reflection over its public no-argument methods that return
 * a {@link Param}; the default methods here are those methods, and {@link Holder} keeps the Param
 * objects (one set per owner, named after the owner's uid). Every default comes from the library
 * ({@link ForecastConfig}, {@link TrainerConfig}): one place for defaults.
 */
public interface ForecastParams extends Params {

  /** Train one model per series (grouped by the id column), in parallel across executors. */
  String PER_SERIES = "per_series";
  /** Train one global model on every series' windows, synchronous data-parallel steps. */
  String SYNC = "sync";
  /** Train one global model by averaging weights and optimizer state every localSteps steps. */
  String AVERAGE = "average";

  /** Default K of the averaging mode: few enough that Adam's state stays close across copies. */
  int DEFAULT_LOCAL_STEPS = 8;
  /** Default syncs (steps or rounds) between checkpoints. */
  int DEFAULT_CHECKPOINT_INTERVAL = 10;

  /** The owner's Param objects. */
  Holder forecastParams();

  /** The Param objects of one owner. */
  final class Holder implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final Param<String> idCol;
    final Param<String> timeCol;
    final Param<String> targetCol;
    final StringArrayParam covariateCols;
    final Param<String> predictionCol;
    final Param<String> forecastCol;
    final IntParam window;
    final IntParam horizon;
    final Param<String> cell;
    final IntParam hidden;
    final IntParam layers;
    final Param<String> optimizer;
    final DoubleParam lr;
    final IntParam epochs;
    final IntParam batchSize;
    final IntParam patience;
    final LongParam seed;
    final DoubleParam validation;
    final DoubleParam test;
    final Param<String> trainingMode;
    final IntParam localSteps;
    final IntParam partitions;
    final Param<String> checkpointDir;
    final IntParam checkpointInterval;
    final Param<String> windowsCol;
    final Param<String> labelCol;

    /** The Params of {@code owner}, with their defaults set on it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Holder(Params owner) {
      idCol = new Param<>(owner, "idCol", "the series id column (any type; read as a string)");
      timeCol = new Param<>(owner, "timeCol", "the time column: rows of a series are ordered by"
          + " it (timestamp, date, number or sortable string)");
      targetCol = new Param<>(owner, "targetCol", "the numeric target column");
      covariateCols = new StringArrayParam(owner, "covariateCols",
          "numeric past covariates, read inside the input window");
      predictionCol = new Param<>(owner, "predictionCol", "output: each row's one-step-ahead"
          + " prediction from the window before it, null where there is none");
      forecastCol = new Param<>(owner, "forecastCol", "output: on each series' last row, the"
          + " next horizon values (array<double>), null on the other rows");
      window = new IntParam(owner, "window", "input window W in steps, 0 = automatic (two seasons)");
      horizon = new IntParam(owner, "horizon", "values forecast at once, h >= 1");
      cell = new Param<>(owner, "cell", "recurrent cell: lstm, gru or rnn");
      hidden = new IntParam(owner, "hidden", "hidden units per layer");
      layers = new IntParam(owner, "layers", "stacked recurrent layers");
      optimizer = new Param<>(owner, "optimizer", "sgd, adam, adamw or rmsprop");
      lr = new DoubleParam(owner, "lr", "learning rate, 0 = the optimizer's own default");
      epochs = new IntParam(owner, "epochs", "maximum passes over the training windows");
      batchSize = new IntParam(owner, "batchSize", "windows per update");
      patience = new IntParam(owner, "patience", "early-stopping patience in epochs, 0 = off");
      seed = new LongParam(owner, "seed", "seed of the initial weights and the shuffle order");
      validation = new DoubleParam(owner, "validation", "fraction of each series for validation");
      test = new DoubleParam(owner, "test", "fraction of each series held out for the test scores");
      trainingMode = new Param<>(owner, "trainingMode", PER_SERIES + ": one model per series; "
          + SYNC + ": one global model, synchronous data-parallel training; " + AVERAGE
          + ": one global model, local steps averaged every localSteps steps");
      localSteps = new IntParam(owner, "localSteps", "K, the optimizer steps each partition takes"
          + " between two averages (trainingMode " + AVERAGE + "), >= 1");
      partitions = new IntParam(owner, "partitions", "partitions the series are spread over for"
          + " training, 0 = Spark's default parallelism");
      checkpointDir = new Param<>(owner, "checkpointDir", "directory (any Hadoop file system) for"
          + " the run's checkpoints; a fit with the same directory, Params and data resumes from"
          + " it; empty = no checkpoints");
      checkpointInterval = new IntParam(owner, "checkpointInterval", "syncs between two"
          + " checkpoints (steps in " + SYNC + ", rounds in " + AVERAGE + "), >= 1");
      windowsCol = new Param<>(owner, "windowsCol", "input of prepared windows instead of series:"
          + " an array<float> column of T*I values (T = window steps of I inputs, step after step),"
          + " taken as they are (no scaling); empty = long-format series");
      labelCol = new Param<>(owner, "labelCol", "with windowsCol: the values to forecast, an"
          + " array<float> of horizon values or a number (horizon 1)");
      TrainerConfig t = ForecastConfig.defaultTraining();
      Object[][] defaults = {
          {idCol, "id"}, {timeCol, "time"}, {targetCol, "value"},
          {covariateCols, new String[0]}, {predictionCol, "prediction"},
          {forecastCol, "forecast"}, {window, ForecastConfig.DEFAULT_WINDOW},
          {horizon, ForecastConfig.DEFAULT_HORIZON},
          {cell, ForecastConfig.DEFAULT_CELL.id()}, {hidden, ForecastConfig.DEFAULT_HIDDEN},
          {layers, ForecastConfig.DEFAULT_LAYERS}, {optimizer, t.optimizer()}, {lr, 0.0},
          {epochs, t.epochs()}, {batchSize, t.batchSize()}, {patience, t.patience()},
          {seed, t.seed()}, {validation, ForecastConfig.DEFAULT_VALIDATION},
          {test, ForecastConfig.DEFAULT_TEST}, {trainingMode, PER_SERIES},
          {localSteps, DEFAULT_LOCAL_STEPS}, {partitions, 0}, {checkpointDir, ""},
          {checkpointInterval, DEFAULT_CHECKPOINT_INTERVAL}, {windowsCol, ""},
          {labelCol, "label"}};
      for (Object[] d : defaults) {
        owner.setDefault((Param) d[0], d[1]);
      }
    }
  }

  default Param<String> idCol() {
    return forecastParams().idCol;
  }

  default Param<String> timeCol() {
    return forecastParams().timeCol;
  }

  default Param<String> targetCol() {
    return forecastParams().targetCol;
  }

  default StringArrayParam covariateCols() {
    return forecastParams().covariateCols;
  }

  default Param<String> predictionCol() {
    return forecastParams().predictionCol;
  }

  default Param<String> forecastCol() {
    return forecastParams().forecastCol;
  }

  default IntParam window() {
    return forecastParams().window;
  }

  default IntParam horizon() {
    return forecastParams().horizon;
  }

  default Param<String> cell() {
    return forecastParams().cell;
  }

  default IntParam hidden() {
    return forecastParams().hidden;
  }

  default IntParam layers() {
    return forecastParams().layers;
  }

  default Param<String> optimizer() {
    return forecastParams().optimizer;
  }

  default DoubleParam lr() {
    return forecastParams().lr;
  }

  default IntParam epochs() {
    return forecastParams().epochs;
  }

  default IntParam batchSize() {
    return forecastParams().batchSize;
  }

  default IntParam patience() {
    return forecastParams().patience;
  }

  default LongParam seed() {
    return forecastParams().seed;
  }

  default DoubleParam validation() {
    return forecastParams().validation;
  }

  default DoubleParam test() {
    return forecastParams().test;
  }

  default Param<String> trainingMode() {
    return forecastParams().trainingMode;
  }

  default IntParam localSteps() {
    return forecastParams().localSteps;
  }

  default IntParam partitions() {
    return forecastParams().partitions;
  }

  default Param<String> checkpointDir() {
    return forecastParams().checkpointDir;
  }

  default IntParam checkpointInterval() {
    return forecastParams().checkpointInterval;
  }

  default Param<String> windowsCol() {
    return forecastParams().windowsCol;
  }

  default Param<String> labelCol() {
    return forecastParams().labelCol;
  }

  default String getWindowsCol() {
    return getOrDefault(windowsCol());
  }

  default String getLabelCol() {
    return getOrDefault(labelCol());
  }

  default String getIdCol() {
    return getOrDefault(idCol());
  }

  default String getTimeCol() {
    return getOrDefault(timeCol());
  }

  default String getTargetCol() {
    return getOrDefault(targetCol());
  }

  default String[] getCovariateCols() {
    return getOrDefault(covariateCols());
  }

  default String getPredictionCol() {
    return getOrDefault(predictionCol());
  }

  default String getForecastCol() {
    return getOrDefault(forecastCol());
  }

  default String getTrainingMode() {
    return getOrDefault(trainingMode());
  }

  /**
   * The library's configuration from these Params.
   *
   * @throws IllegalArgumentException in one line naming the Param whose value is wrong
   */
  default ForecastConfig toConfig() {
    String mode = getTrainingMode();
    if (!mode.equals(PER_SERIES) && !mode.equals(SYNC) && !mode.equals(AVERAGE)) {
      throw new IllegalArgumentException(uid() + ": Param trainingMode must be '" + PER_SERIES
          + "', '" + SYNC + "' or '" + AVERAGE + "', got '" + mode + "'");
    }
    int[][] ranges = {{(Integer) getOrDefault(localSteps()), 1},
        {(Integer) getOrDefault(partitions()), 0},
        {(Integer) getOrDefault(checkpointInterval()), 1}};
    String[] names = {"localSteps", "partitions", "checkpointInterval"};
    for (int i = 0; i < names.length; i++) {
      if (ranges[i][0] < ranges[i][1]) {
        throw new IllegalArgumentException(uid() + ": Param " + names[i] + " must be >= "
            + ranges[i][1] + ", got " + ranges[i][0]);
      }
    }
    if (!getOrDefault(checkpointDir()).isEmpty() && mode.equals(PER_SERIES)) {
      throw new IllegalArgumentException(uid() + ": Param checkpointDir works with trainingMode '"
          + SYNC + "' or '" + AVERAGE + "' (one global model), got trainingMode '" + mode + "'");
    }
    boolean windows = !getWindowsCol().isEmpty();
    if (windows && mode.equals(PER_SERIES)) {
      throw new IllegalArgumentException(uid() + ": Param windowsCol (prepared windows) trains"
          + " one global model: set trainingMode '" + SYNC + "' or '" + AVERAGE + "'");
    }
    if (windows && (Integer) getOrDefault(window()) < 1) {
      throw new IllegalArgumentException(uid() + ": Param windowsCol needs Param window, the"
          + " steps T of each prepared window, >= 1");
    }
    try {
      TrainerConfig.Builder t = ForecastConfig.defaultTraining().toBuilder()
          .optimizer((String) getOrDefault(optimizer()))
          .epochs((Integer) getOrDefault(epochs()))
          .batchSize((Integer) getOrDefault(batchSize()))
          .patience((Integer) getOrDefault(patience()))
          .seed((Long) getOrDefault(seed()));
      double rate = (Double) getOrDefault(lr());
      if (rate != 0) {
        t.lr(rate);
      }
      ForecastConfig.Builder b = ForecastConfig.builder();
      if (windows) { // prepared windows are taken as they are
        b.scaler(org.lstmlab.core.data.Scaler.NONE)
            .transform(org.lstmlab.core.forecast.TargetTransform.NONE).season(1);
      }
      return b
          .window((Integer) getOrDefault(window()))
          .horizon((Integer) getOrDefault(horizon()))
          .cell(CellType.fromId(getOrDefault(cell()).toLowerCase(Locale.ROOT)))
          .hidden((Integer) getOrDefault(hidden()))
          .layers((Integer) getOrDefault(layers()))
          .split((Double) getOrDefault(validation()), (Double) getOrDefault(test()))
          .training(t.build())
          .build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(uid() + ": a Param is out of range: " + e.getMessage(),
          e);
    }
  }
}
