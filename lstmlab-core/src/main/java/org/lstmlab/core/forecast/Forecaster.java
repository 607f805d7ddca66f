package org.lstmlab.core.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.data.Split;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.nn.Sizes;
import org.lstmlab.core.train.Trainer;
import org.lstmlab.core.train.TrainingListener;
import org.lstmlab.core.train.TrainingResult;

/**
 * Trains a forecasting model on a {@link SeriesDataset}: the library's forecasting pipeline, which
 * the command line, the web app and the Spark module call.
 *
 * <p>{@link #fit}: (1) resolve the automatic settings of the {@link ForecastConfig} from the first
 * series' training part (season, window, transform); (2) split every series chronologically into
 * training, validation and test parts by the windows' targets ({@link Split}); (3) fit a scaler per
 * series on its transformed training rows; (4) cut every series into windows ({@link
 * SeriesWindows}) and pool the training windows of all series, and the validation windows; (5)
 * train one model on them with the {@link Trainer} (early stopping on the pooled validation loss).
 * The result holds the model with everything needed to forecast in the data's own units.
 *
 * <p>Usage:
 *
 * <pre>{@code
 * SeriesDataset data = CsvSeries.readDataset(Path.of("co2.csv"), ...);   // lstmlab-io
 * Forecaster.Fit fit = new Forecaster(ForecastConfig.builder().horizon(12).build()).fit(data);
 * Forecast next = fit.forecaster().forecast(data.series().get(0), 24);
 * }</pre>
 */
public final class Forecaster {

  private final ForecastConfig config;

  /** A forecaster with the given settings. */
  public Forecaster(ForecastConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
  }

  /** A forecaster with every default. */
  public Forecaster() {
    this(ForecastConfig.builder().build());
  }

  /** The settings. */
  public ForecastConfig config() {
    return config;
  }

  /** {@code fit(data, null, null)}. */
  public Fit fit(SeriesDataset data) {
    return fit(data, null, null);
  }

  /**
   * Trains a model on {@code data}.
   *
   * @param listener hears the training's progress, or null
   * @param cancelled polled by the trainer; the run stops once it returns true; or null
   * @return the fitted forecaster and the training's result (a divergence is a result)
   * @throws IllegalArgumentException naming the series if a series is too short for the window
   *     and split, or holds a value that is not finite
   */
  public Fit fit(SeriesDataset data, TrainingListener listener, BooleanSupplier cancelled) {
    return fit(data, listener, cancelled, null);
  }

  /**
   * Trains a model on {@code data}, starting from the parameters of {@code start} (fine-tuning),
   * or from the seed's initial parameters when it is null.
   *
   * @throws IllegalArgumentException also if {@code start} has another cell or other sizes than
   *     the configuration and data make
   */
  public Fit fit(SeriesDataset data, TrainingListener listener, BooleanSupplier cancelled,
      SequenceModel start) {
    FittedForecaster ready = untrained(data, start); // check() found every value finite
    List<ModelWindows> train = new ArrayList<>();
    List<ModelWindows> val = new ArrayList<>();
    for (TimeSeries s : data.series()) {
      train.add(ready.windows(s, WindowPredictions.Part.TRAIN));
      ModelWindows v = ready.windows(s, WindowPredictions.Part.VALIDATION);
      if (v.count() > 0) {
        val.add(v);
      }
    }
    SeriesWindows cutter = new SeriesWindows(ready.spec());
    SeriesWindows.Cut t = pool(train);
    SeriesWindows.Cut v = val.isEmpty() ? null : pool(val);
    TrainingResult result = new Trainer(ready.model(), config.training()).fit(cutter.batch(t),
        t.y(), v == null ? null : cutter.batch(v), v == null ? null : v.y(), listener, cancelled);
    return new Fit(ready, result, config);
  }

  /**
   * The forecaster {@link #fit} starts from, untrained: every series' scaler fitted on its
   * training part as {@code fit} fits it, and the model at the initial parameters of the
   * training seed ({@link ForecastConfig#training()}), or a copy of {@code start}'s. With {@link
   * FittedForecaster#windows} it shows what the model reads before any training; {@code fit} with
   * the same data and start trains exactly this model.
   *
   * @param start the initial parameters, or null for the seed's
   * @throws IllegalArgumentException as {@link #fit} does, for the data and for {@code start}
   */
  public FittedForecaster untrained(SeriesDataset data, SequenceModel start) {
    ForecastSpec spec = check(data);
    SeriesWindows cutter = new SeriesWindows(spec);
    List<SeriesState> states = new ArrayList<>();
    for (TimeSeries s : data.series()) {
      states.add(state(cutter, spec, s, parts(cutter, s)));
    }
    SequenceModel model = newModel(spec);
    if (start != null) {
      requireSameShape(start, model, spec);
      model.parameters().copyFrom(start.parameters());
    }
    return new FittedForecaster(model, spec, states);
  }

  private static Split.Parts parts(SeriesWindows cutter, TimeSeries s) {
    try {
      return cutter.parts(s.length());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(s.where() + e.getMessage(), e);
    }
  }

  /** A series' scaler and training statistics, from its training part only. */
  private static SeriesState state(SeriesWindows cutter, ForecastSpec spec, TimeSeries s,
      Split.Parts parts) {
    Scaler scaler = cutter.fitScaler(s, parts.trainEnd());
    double[] stats = SeriesState.trainStats(s.targetRef(), parts.trainEnd(), spec.season());
    return new SeriesState(s.id(), scaler, s.length(), parts.trainEnd(), parts.validationEnd(),
        stats[0], stats[1]);
  }

  private static void requireSameShape(SequenceModel start, SequenceModel model,
      ForecastSpec spec) {
    if (start.config().cell() != spec.cell() || start.inputSize() != spec.inputs()
        || start.parameters().size() != model.parameters().size()) {
      throw new IllegalArgumentException("the starting model is " + start.config().cell().id()
          + " reading " + start.inputSize() + " inputs with " + start.parameters().size()
          + " parameters; this data and configuration make " + spec.cell().id() + " reading "
          + spec.inputs() + " inputs with " + model.parameters().size());
    }
  }

  /**
   * One series prepared as {@link #fit} prepares it: its state (the scaler fitted on its training
   * part, its statistics) and its training and validation windows, scaled.
   */
  public static final class Windows {
    private final SeriesState state;
    private final SeriesWindows.Cut train;
    private final SeriesWindows.Cut validation; // null if the part is empty

    private Windows(SeriesState state, SeriesWindows.Cut train, SeriesWindows.Cut validation) {
      this.state = state;
      this.train = train;
      this.validation = validation;
    }

    /** The series' state. */
    public SeriesState state() {
      return state;
    }

    /** The training windows' count N. */
    public int trainCount() {
      return train.count();
    }

    /** (N, T, I) the training inputs. */
    public float[] trainX() {
      return train.x();
    }

    /** (N, h) the training targets. */
    public float[] trainY() {
      return train.y();
    }

    /** The validation windows' count, 0 if none. */
    public int validationCount() {
      return validation == null ? 0 : validation.count();
    }

    /** (N_val, T, I) the validation inputs; empty if none. */
    public float[] validationX() {
      return validation == null ? new float[0] : validation.x();
    }

    /** (N_val, h) the validation targets; empty if none. */
    public float[] validationY() {
      return validation == null ? new float[0] : validation.y();
    }
  }

  /**
   * Series {@code s} prepared for training under {@code spec} exactly as {@link #fit} prepares
   * each series: {@link #fit} pools these windows, series after series, and a trainer elsewhere
   * (the Spark module) can prepare each series where it lives.
   *
   * @throws IllegalArgumentException naming the series if it is too short for the window and
   *     split, or a value is not finite
   */
  public static Windows windows(ForecastSpec spec, TimeSeries s) {
    return windows(spec, new SeriesWindows(spec), s);
  }

  private static Windows windows(ForecastSpec spec, SeriesWindows cutter, TimeSeries s) {
    Split.Parts parts = parts(cutter, s);
    SeriesState state = state(cutter, spec, s, parts);
    float[] rows = cutter.scaledRows(s, state.scaler());
    int first = cutter.firstOrigin();
    SeriesWindows.Cut train = cutter.cut(rows, first + parts.train().from(),
        first + parts.train().to(), true);
    SeriesWindows.Cut val = parts.validation().isEmpty() ? null : cutter.cut(rows,
        first + parts.validation().from(), first + parts.validation().to(), true);
    return new Windows(state, train, val);
  }

  /** The untrained model {@link #fit} starts from for {@code spec}, initial weights from the seed. */
  public SequenceModel newModel(ForecastSpec spec) {
    return SequenceModel.builder(spec.cell(), spec.inputs(), spec.hidden())
        .layers(spec.layers()).dropout(spec.dropout()).outputSize(spec.horizon())
        .seed(config.training().seed()).build();
  }

  /**
   * The spec {@link #fit} would use for {@code data}, every automatic choice made, after checking
   * that every series holds the windows its split needs; cheap, so a front end can say what will
   * happen (and fail early) before training.
   *
   * @throws IllegalArgumentException naming the series that is too short or not finite
   */
  public ForecastSpec check(SeriesDataset data) {
    ForecastSpec spec = resolve(data);
    SeriesWindows cutter = new SeriesWindows(spec);
    long values = 0;
    for (TimeSeries s : data.series()) {
      requireFinite(s, data.columns());
      try {
        cutter.parts(s.length());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(s.where() + e.getMessage(), e);
      }
      int n = s.length();
      long windows = n - spec.span() - spec.horizon() + 1;
      values += Sizes.elements(s.where() + "windows of " + spec.window() + " over " + n
          + " rows: x", windows, spec.steps(), spec.inputs());
    }
    Sizes.requireMemory(String.format(java.util.Locale.ROOT, "windows of %,d values",
        values), 8L * values); // inputs, and the pooled copy the trainer reads
    return spec;
  }

  /** The spec with every automatic choice made. */
  ForecastSpec resolve(SeriesDataset data) {
    TimeSeries first = data.series().get(0);
    int n = first.length();
    int trainPoints = n - (int) Math.round(config.test() * n)
        - (int) Math.round(config.validation() * n);
    int season = config.season();
    if (season == 0) {
      double[] y = Arrays.copyOf(first.targetRef(), Math.max(0, trainPoints));
      season = finite(y)
          ? Seasonality.detect(y, TimeAxis.of(first.times()).calendarSeason()) : 1;
    }
    int window = config.window();
    if (window == 0) {
      window = Math.max(ForecastConfig.MIN_AUTO_WINDOW, 2 * season);
      // Leave the training part at least three times as many windows as a window has steps.
      window = Math.max(1, Math.min(window, trainPoints / 4));
    }
    TargetTransform transform = config.transform();
    if (transform == null) {
      transform = config.relative() ? TargetTransform.NONE : TargetTransform.firstDifference();
    }
    return new ForecastSpec(data.target(), data.past(), data.future(), data.timeColumn(),
        data.idColumn(), window, config.horizon(), transform, config.relative(), season,
        config.scaler(), config.cell(), config.hidden(), config.layers(), config.dropout(),
        config.validation(), config.test(), true);
  }

  private static boolean finite(double[] y) {
    for (double v : y) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static void requireFinite(TimeSeries s, List<String> columns) {
    int p = s.pastColumns();
    int f = s.futureColumns();
    for (int r = 0; r < s.length(); r++) {
      int bad = !Double.isFinite(s.targetRef()[r]) ? 0 : -1;
      for (int k = 0; bad < 0 && k < p; k++) {
        bad = Double.isFinite(s.pastRef()[r * p + k]) ? -1 : 1 + k;
      }
      for (int k = 0; bad < 0 && k < f; k++) {
        bad = Double.isFinite(s.futureRef()[r * f + k]) ? -1 : 1 + p + k;
      }
      if (bad >= 0) {
        String when = s.times().isEmpty() ? "" : " (" + s.times().get(r) + ")";
        throw new IllegalArgumentException(s.where() + "row " + (r + 1) + when + ": column '"
            + columns.get(bad) + "' is not a finite number; handle missing values first");
      }
    }
  }

  /** The windows of several cuts as one (without their bases). */
  private static SeriesWindows.Cut pool(List<ModelWindows> cuts) {
    int xs = 0;
    int ys = 0;
    int count = 0;
    for (ModelWindows c : cuts) {
      xs += c.x().length;
      ys += c.y().length;
      count += c.count();
    }
    float[] x = new float[xs];
    float[] y = new float[ys];
    int xo = 0;
    int yo = 0;
    for (ModelWindows c : cuts) {
      System.arraycopy(c.x(), 0, x, xo, c.x().length);
      System.arraycopy(c.y(), 0, y, yo, c.y().length);
      xo += c.x().length;
      yo += c.y().length;
    }
    return new SeriesWindows.Cut(count, x, y, null);
  }

  /**
   * What {@link #fit} returns.
   *
   * @param forecaster the model with its spec and per-series scalers
   * @param result the training's loss curves and stop reason
   * @param config the settings it was trained with
   */
  public record Fit(FittedForecaster forecaster, TrainingResult result, ForecastConfig config) {}
}
