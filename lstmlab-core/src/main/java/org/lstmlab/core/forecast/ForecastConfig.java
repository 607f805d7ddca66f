package org.lstmlab.core.forecast;

import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.data.Split;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.train.TrainerConfig;

/**
 * How a {@link Forecaster} prepares data and which model it trains: every setting of the
 * forecasting pipeline, with every default here and nowhere else.
 *
 * <p>Data: windows of {@code window} steps forecast the next {@code horizon} values at once (a
 * direct multi-horizon model: one output per step ahead); forecasts further out feed the model's
 * own forecasts back (recursive). The target is transformed ({@link TargetTransform}), then every
 * column is scaled per series with a scaler fitted on that series' training part only; with
 * {@code relative} each window's target values are taken relative to the window's last one, so
 * the model learns changes from the present level rather than levels.
 *
 * <p>Automatic choices, made by {@link Forecaster#fit} from the training part and recorded in the
 * fitted forecaster: a season length of 0 is detected ({@link Seasonality}); a window of 0 becomes
 * two seasons, at least {@value #MIN_AUTO_WINDOW} steps; a {@code null} transform becomes the
 * first difference when {@code relative} is off, none when it is on.
 *
 * <p>The defaults serve a practitioner's first run and agree with the lesson: an LSTM of 64
 * units, Adam at its own default lr (1e-3) in batches of 32, gradient norm clipped at 1, early stopping on the
 * validation loss (patience 20, best epoch restored) within at most 300 epochs, 10% of each
 * series for validation and 10% for test. Immutable; build with {@link #builder()}.
 */
public final class ForecastConfig {

  /** Default W: 0, chosen from the season (see {@link #MIN_AUTO_WINDOW}). */
  public static final int DEFAULT_WINDOW = 0;
  /** The smallest window chosen automatically. */
  public static final int MIN_AUTO_WINDOW = 12;
  /** Default h: one step ahead. */
  public static final int DEFAULT_HORIZON = 1;
  /** Default cell. */
  public static final CellType DEFAULT_CELL = CellType.LSTM;
  /** Default hidden units. */
  public static final int DEFAULT_HIDDEN = 64;
  /** Default stacked layers. */
  public static final int DEFAULT_LAYERS = 1;
  /** Default scaler. */
  public static final String DEFAULT_SCALER = Scaler.STANDARD;
  /** Default: windows relative to their last target value. */
  public static final boolean DEFAULT_RELATIVE = true;
  /** Default validation fraction of each series. */
  public static final double DEFAULT_VALIDATION = 0.1;
  /** Default test fraction of each series. */
  public static final double DEFAULT_TEST = 0.1;
  /** Default maximum epochs (early stopping usually ends the run sooner). */
  public static final int DEFAULT_EPOCHS = 300;
  /** Default windows per update. */
  public static final int DEFAULT_BATCH_SIZE = 32;
  /** Default gradient clipping. */
  public static final double DEFAULT_CLIP = 1.0;
  /** Default early-stopping patience. */
  public static final int DEFAULT_PATIENCE = 20;
  /** Default seed. */
  public static final long DEFAULT_SEED = 42;

  private final int window;
  private final int horizon;
  private final TargetTransform transform; // null: automatic
  private final boolean relative;
  private final int season; // 0: detect
  private final String scaler;
  private final CellType cell;
  private final int hidden;
  private final int layers;
  private final double dropout;
  private final double validation;
  private final double test;
  private final TrainerConfig training;

  private ForecastConfig(Builder b) {
    this.window = b.window;
    this.horizon = b.horizon;
    this.transform = b.transform;
    this.relative = b.relative;
    this.season = b.season;
    this.scaler = b.scaler;
    this.cell = b.cell;
    this.hidden = b.hidden;
    this.layers = b.layers;
    this.dropout = b.dropout;
    this.validation = b.validation;
    this.test = b.test;
    this.training = b.training;
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** The training settings {@link Forecaster} uses by default. */
  public static TrainerConfig defaultTraining() {
    return TrainerConfig.builder().epochs(DEFAULT_EPOCHS).batchSize(DEFAULT_BATCH_SIZE)
        .optimizer("adam").clip(DEFAULT_CLIP).patience(DEFAULT_PATIENCE)
        .seed(DEFAULT_SEED).build();
  }

  /** W, or 0 for automatic. */
  public int window() {
    return window;
  }

  /** h. */
  public int horizon() {
    return horizon;
  }

  /** The target transform, or null for automatic. */
  public TargetTransform transform() {
    return transform;
  }

  /** Whether windows are relative to their last target value. */
  public boolean relative() {
    return relative;
  }

  /** The season length m, or 0 to detect it. */
  public int season() {
    return season;
  }

  /** The scaler's name. */
  public String scaler() {
    return scaler;
  }

  /** The recurrent cell. */
  public CellType cell() {
    return cell;
  }

  /** Hidden units per layer. */
  public int hidden() {
    return hidden;
  }

  /** Stacked layers. */
  public int layers() {
    return layers;
  }

  /** Dropout between stacked layers. */
  public double dropout() {
    return dropout;
  }

  /** The split of each series: validation and test fractions. */
  public Split split() {
    return Split.fractions(validation, test);
  }

  /** The validation fraction. */
  public double validation() {
    return validation;
  }

  /** The test fraction. */
  public double test() {
    return test;
  }

  /** The trainer's settings (its seed also seeds the model's initial weights). */
  public TrainerConfig training() {
    return training;
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.window = window;
    b.horizon = horizon;
    b.transform = transform;
    b.relative = relative;
    b.season = season;
    b.scaler = scaler;
    b.cell = cell;
    b.hidden = hidden;
    b.layers = layers;
    b.dropout = dropout;
    b.validation = validation;
    b.test = test;
    b.training = training;
    return b;
  }

  /** Collects settings; {@link #build()} checks them. */
  public static final class Builder {
    private int window = DEFAULT_WINDOW;
    private int horizon = DEFAULT_HORIZON;
    private TargetTransform transform;
    private boolean relative = DEFAULT_RELATIVE;
    private int season;
    private String scaler = DEFAULT_SCALER;
    private CellType cell = DEFAULT_CELL;
    private int hidden = DEFAULT_HIDDEN;
    private int layers = DEFAULT_LAYERS;
    private double dropout;
    private double validation = DEFAULT_VALIDATION;
    private double test = DEFAULT_TEST;
    private TrainerConfig training = defaultTraining();

    private Builder() {}

    /** W ≥ 1, or 0 for two seasons (at least {@value #MIN_AUTO_WINDOW}). */
    public Builder window(int window) {
      this.window = window;
      return this;
    }

    /** h ≥ 1. */
    public Builder horizon(int horizon) {
      this.horizon = horizon;
      return this;
    }

    /** The target transform, or null to choose it (see the class comment). */
    public Builder transform(TargetTransform transform) {
      this.transform = transform;
      return this;
    }

    /** Windows relative to their last target value. */
    public Builder relative(boolean relative) {
      this.relative = relative;
      return this;
    }

    /** m ≥ 1, or 0 to detect it. */
    public Builder season(int season) {
      this.season = season;
      return this;
    }

    /** none, standard or minmax. */
    public Builder scaler(String scaler) {
      this.scaler = scaler;
      return this;
    }

    /** The cell. */
    public Builder cell(CellType cell) {
      this.cell = cell;
      return this;
    }

    /** Hidden units. */
    public Builder hidden(int hidden) {
      this.hidden = hidden;
      return this;
    }

    /** Layers. */
    public Builder layers(int layers) {
      this.layers = layers;
      return this;
    }

    /** Dropout between layers, in [0, 1). */
    public Builder dropout(double dropout) {
      this.dropout = dropout;
      return this;
    }

    /** Validation and test fractions of each series. */
    public Builder split(double validation, double test) {
      this.validation = validation;
      this.test = test;
      return this;
    }

    /** The trainer's settings. */
    public Builder training(TrainerConfig training) {
      this.training = training;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException naming the first setting out of range
     */
    public ForecastConfig build() {
      if (window < 0) {
        throw new IllegalArgumentException("window must be >= 1 (or 0 to choose), got " + window);
      }
      if (horizon < 1) {
        throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
      }
      if (season < 0) {
        throw new IllegalArgumentException("season must be >= 1 (or 0 to detect), got " + season);
      }
      if (!Scaler.NAMES.contains(scaler)) {
        throw new IllegalArgumentException("scaler must be one of " + Scaler.NAMES + ", got '"
            + scaler + "'");
      }
      if (cell == null || training == null) {
        throw new IllegalArgumentException("cell and training must not be null");
      }
      if (hidden < 1 || layers < 1) {
        throw new IllegalArgumentException("hidden and layers must be >= 1, got " + hidden
            + " and " + layers);
      }
      if (!(dropout >= 0 && dropout < 1)) {
        throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
      }
      Split.fractions(validation, test);
      if (training.patience() > 0 && validation == 0) {
        throw new IllegalArgumentException("early stopping (patience " + training.patience()
            + ") needs a validation part; set validation > 0 or patience 0");
      }
      return new ForecastConfig(this);
    }
  }
}
