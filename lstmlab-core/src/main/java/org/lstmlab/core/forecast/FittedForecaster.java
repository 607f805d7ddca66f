package org.lstmlab.core.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.data.Split;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.train.Predictor;

/**
 * A trained forecasting model with everything it needs to turn raw history into forecasts in the
 * data's own units: the model, its {@link ForecastSpec} (columns, window, horizon, transform) and
 * the scaler of every series it was trained on. {@link Forecaster#fit} makes one; lstmlab-io's
 * model files store and load one.
 *
 * <p>{@link #forecast} continues a series: the model forecasts h steps from the last window, and
 * further steps feed its forecasts back as history (recursive), which a model with past
 * covariates cannot do (their future is unknown). {@link #predictions} runs the model on every
 * window of a series for evaluation. Not thread-safe (the model keeps workspaces).
 */
public final class FittedForecaster {

  /** The largest number of steps {@link #forecast} makes. */
  public static final int MAX_FORECAST = 1_000_000;

  /**
   * Blocks of a recursive forecast (one window each) from which it runs on a frozen copy of the
   * model: each call then skips comparing W_hh with the copy its packed W_hhᵀ came from
   * (0.3–0.7 µs a call at the notebook's LSTM, H 100, two threads), while the copy costs 18 µs
   * and packing W_hhᵀ again for it 7–14 (AMD Zen 4): some 60 calls to break even.
   */
  static final int FREEZE_BLOCKS = 64;

  private final SequenceModel model;
  private final ForecastSpec spec;
  private final List<SeriesState> states;
  private final Map<String, SeriesState> byId;
  private final SeriesWindows cutter;

  /**
   * A forecaster from its parts, as a model file holds them.
   *
   * @param model a many-to-one model with the spec's inputs and h outputs
   * @param spec the pipeline's settings
   * @param states one per series it knows, at least one
   * @throws IllegalArgumentException if the model's shape does not fit the spec
   */
  public FittedForecaster(SequenceModel model, ForecastSpec spec, List<SeriesState> states) {
    if (model.inputSize() != spec.inputs() || model.outputSize() != spec.horizon()) {
      throw new IllegalArgumentException("the model reads " + model.inputSize()
          + " inputs and forecasts " + model.outputSize() + " values; the spec needs "
          + spec.inputs() + " and " + spec.horizon());
    }
    if (states.isEmpty()) {
      throw new IllegalArgumentException("a forecaster needs the state of at least one series");
    }
    this.model = model;
    this.spec = spec;
    this.states = List.copyOf(states);
    this.byId = states.stream().collect(Collectors.toMap(SeriesState::id, Function.identity(),
        (a, b) -> a, java.util.LinkedHashMap::new));
    this.cutter = new SeriesWindows(spec);
  }

  /** The model. */
  public SequenceModel model() {
    return model;
  }

  /** The pipeline's settings. */
  public ForecastSpec spec() {
    return spec;
  }

  /** The state of every series it was trained on. */
  public List<SeriesState> states() {
    return states;
  }

  /**
   * The state for series {@code id}: its own, or the only one there is.
   *
   * @throws IllegalArgumentException if the forecaster knows several series and not this one
   */
  public SeriesState state(String id) {
    SeriesState s = byId.get(id);
    if (s != null) {
      return s;
    }
    if (states.size() == 1) {
      return states.get(0);
    }
    throw new IllegalArgumentException("the model was not trained on series '" + id + "'; it"
        + " knows " + states.size() + " series, e.g. "
        + byId.keySet().stream().limit(5).toList());
  }

  /** {@code forecast(history, steps, null)}, for a model without known-future covariates. */
  public Forecast forecast(TimeSeries history, int steps) {
    return forecast(history, steps, null);
  }

  /**
   * Forecasts the {@code steps} values after the end of {@code history}.
   *
   * @param history the series up to now, raw, finite, at least W + L rows
   * @param steps N, 1 … {@value #MAX_FORECAST}; more than h only without past covariates
   * @param future (N + h − 1, F) the known-future covariates of the steps after the history (the
   *     last block of h may reach past N), or null when F = 0
   * @return the forecasts with their time labels
   * @throws IllegalArgumentException naming what is missing or out of range
   */
  public Forecast forecast(TimeSeries history, int steps, double[] future) {
    if (steps < 1 || steps > MAX_FORECAST) {
      throw new IllegalArgumentException("steps must be in [1, " + MAX_FORECAST + "], got "
          + steps);
    }
    int h = spec.horizon();
    int p = spec.past().size();
    int f = spec.future().size();
    if (p > 0 && steps > h) {
      throw new IllegalArgumentException("the model reads past covariates " + spec.past()
          + ", whose values after the last row are unknown: it forecasts at most " + h
          + " steps (its horizon)");
    }
    int blocks = (steps + h - 1) / h;
    int ahead = blocks * h;
    if (f > 0 && (future == null || future.length < (long) ahead * f)) {
      throw new IllegalArgumentException("the model reads known-future covariates "
          + spec.future() + ": give their values for the " + ahead + " steps ahead");
    }
    int n = history.length();
    if (n < spec.span()) {
      throw new IllegalArgumentException(history.where() + "the history has " + n + " rows; the"
          + " model needs at least " + spec.span() + " (window " + spec.window()
          + (spec.transform().lost() > 0 ? " + " + spec.transform().lost() + " for the transform "
              + spec.transform() : "") + ")");
    }
    SeriesState state = state(history.id());
    Scaler target = state.scaler().feature(0);
    // The series grows by the forecasts: raw target, and covariates (known-future ones given).
    double[] y = Arrays.copyOf(history.targetRef(), n + ahead);
    double[] past = Arrays.copyOf(history.pastRef(), (n + ahead) * p);
    double[] fut = Arrays.copyOf(history.futureRef(), (n + ahead) * f);
    if (f > 0) {
      System.arraycopy(future, 0, fut, n * f, ahead * f);
    }
    Predictor predictor =
        blocks >= FREEZE_BLOCKS ? new Predictor(model.freeze()) : new Predictor(model);
    for (int b = 0; b < blocks; b++) {
      int o = n - 1 + b * h; // the origin: the last value known or forecast
      // Only the rows the window reads (W + L) and the horizon's are transformed and scaled:
      // each row's scaled value depends on its own row and the L before it, nothing else.
      int from = o + 1 - spec.span();
      TimeSeries recent = new TimeSeries(history.id(), List.of(),
          Arrays.copyOfRange(y, from, o + 1 + h),
          Arrays.copyOfRange(past, from * p, (o + 1 + h) * p), p,
          Arrays.copyOfRange(fut, from * f, (o + 1 + h) * f), f);
      float[] rows = cutter.scaledRows(recent, state.scaler());
      SeriesWindows.Cut cut = cutter.cut(rows, spec.span() - 1, spec.span(), false);
      float[] out = predictor.predict(cutter.batch(cut));
      double[] raw = cutter.toRaw(y, o, out, cut.base()[0], target);
      System.arraycopy(raw, 0, y, o + 1, h);
    }
    double[] values = Arrays.copyOfRange(y, n, n + steps);
    requireFinite(history, values, "the forecast's step ");
    List<String> times = new ArrayList<>(steps);
    if (history.times().isEmpty()) { // no labels: the rows' 0-based positions carry on
      for (int k = 0; k < steps; k++) {
        times.add(Integer.toString(n + k));
      }
    } else {
      times = TimeAxis.of(history.times()).next(steps);
    }
    return new Forecast(history.id(), times, values, null, null, Double.NaN);
  }

  /**
   * The model's forecast from every window of {@code s} whose h targets are all in the series,
   * in the data's units, with the part each window belongs to by the spec's split.
   *
   * @throws IllegalArgumentException if the series holds no such window
   */
  public WindowPredictions predictions(TimeSeries s) {
    int n = s.length();
    int first = cutter.firstOrigin();
    int h = spec.horizon();
    int last = n - 1 - h; // the last origin with all targets
    if (last < first) {
      throw new IllegalArgumentException(s.where() + "the series has " + n + " rows; a window"
          + " with its targets needs " + (spec.span() + h));
    }
    SeriesState state = state(s.id());
    float[] rows = cutter.scaledRows(s, state.scaler());
    SeriesWindows.Cut cut = cutter.cut(rows, first, last + 1, false);
    float[] out = new Predictor(model).predict(cutter.batch(cut));
    double[] y = s.targetRef();
    double[] pred = new double[cut.count() * h];
    double[] actual = new double[cut.count() * h];
    Scaler target = state.scaler().feature(0);
    float[] one = new float[h];
    for (int w = 0; w < cut.count(); w++) {
      int o = first + w;
      System.arraycopy(out, w * h, one, 0, h);
      double[] raw = cutter.toRaw(y, o, one, cut.base()[w], target);
      requireFinite(s, raw, "the forecast of window " + (w + 1) + ", step ");
      System.arraycopy(raw, 0, pred, w * h, h);
      System.arraycopy(y, o + 1, actual, w * h, h);
    }
    Split.Parts parts = cutter.parts(n);
    return new WindowPredictions(s, first, h, pred, actual, parts);
  }

  /**
   * The windows of one part of {@code s} as the model reads them: scaled with the series' own
   * scaler, split as in training. {@link Forecaster#fit} trains on exactly the training and
   * validation windows this returns.
   *
   * @param part train, validation, test, or all (every window with all its targets)
   * @throws IllegalArgumentException if the series is too short for the split, or this
   *     forecaster knows several series and not this one
   */
  public ModelWindows windows(TimeSeries s, WindowPredictions.Part part) {
    Split.Parts parts;
    try {
      parts = cutter.parts(s.length());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(s.where() + e.getMessage(), e);
    }
    Split.Range r = switch (part) {
      case TRAIN -> parts.train();
      case VALIDATION -> parts.validation();
      case TEST -> parts.test();
      case ALL -> new Split.Range(0, parts.windows());
    };
    float[] rows = cutter.scaledRows(s, state(s.id()).scaler());
    int first = cutter.firstOrigin() + r.from();
    SeriesWindows.Cut cut = cutter.cut(rows, first, first + r.size(), true);
    return new ModelWindows(s.id(), part, first, cut.count(), spec.steps(), spec.inputs(),
        spec.horizon(), cut.x(), cut.y(), cut.base());
  }

  /** Every series' {@link #predictions}. */
  public List<WindowPredictions> predictions(SeriesDataset data) {
    List<WindowPredictions> out = new ArrayList<>();
    for (TimeSeries s : data.series()) {
      out.add(predictions(s));
    }
    return out;
  }

  /** Forecasts in the data's units must be finite: else the model's output overflows them. */
  private static void requireFinite(TimeSeries s, double[] v, String what) {
    for (int k = 0; k < v.length; k++) {
      if (!Double.isFinite(v[k])) {
        throw new OutputOverflowException(s.where() + what + (k + 1) + " is " + v[k]
            + ": the model's output overflows the data's units", null);
      }
    }
  }
}
