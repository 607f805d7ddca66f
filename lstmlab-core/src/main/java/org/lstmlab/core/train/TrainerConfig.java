package org.lstmlab.core.train;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.lstmlab.core.loss.Loss;
import org.lstmlab.core.loss.Losses;
import org.lstmlab.core.optim.Adam;
import org.lstmlab.core.optim.LrSchedule;
import org.lstmlab.core.optim.Optimizer;
import org.lstmlab.core.optim.Optimizers;

/**
 * Everything a {@link Trainer} run depends on besides the model and the data: an immutable record
 * of hyperparameters, built by {@link #builder()}. Every default of the run is a {@code DEFAULT_*}
 * constant here and nowhere else; every default of the optimizer is its class's.
 *
 * <p>The optimizer is a typed object, {@code optimizer(Adam.builder().betas(0.9, 0.99).build())},
 * or a name, {@code optimizer("rmsprop")}; the configuration keeps its own copy, and each run
 * starts from a {@link Optimizer#fresh() fresh} copy of that, with no state. One rule for the
 * learning rate: {@link Builder#lr} replaces the optimizer's learning rate if it is called, and
 * otherwise the optimizer's own stands, which for a name is its builder's default (Adam 0.001,
 * RMSprop 0.01; see {@link Optimizers#byName(String)}). The command line follows the same rule for
 * {@code --lr}.
 *
 * <p>The defaults: Adam at its default lr 0.001 (PyTorch's; the tutorial notebook trains with
 * 0.01, which {@code lstmlab demo} passes), MSE as the notebook, one window per update (batch size
 * 1, the notebook's), shuffled each epoch; no clipping, no schedule, no early stopping. {@link
 * #toMap()} gives the configuration as string metadata, keyed by the getters' names, so that a run
 * can be stored with its model and replayed.
 */
public final class TrainerConfig {

  /** Default passes over the training windows. */
  public static final int DEFAULT_EPOCHS = 20;

  /** Default windows per update: 1, the notebook's per-sample updates. */
  public static final int DEFAULT_BATCH_SIZE = 1;

  /** Default: shuffle the training windows each epoch, from the seed. */
  public static final boolean DEFAULT_SHUFFLE = true;

  /**
   * Default optimizer, as the notebook's {@code torch.optim.Adam}, with its own defaults ({@link
   * Adam#DEFAULT_LR} and the rest).
   */
  public static final String DEFAULT_OPTIMIZER = Adam.NAME;

  /** Default loss, the notebook's {@code nn.MSELoss}. */
  public static final String DEFAULT_LOSS = "mse";

  /** Default maximum global gradient norm: 0, no clipping. */
  public static final double DEFAULT_CLIP = 0;

  /** Default early-stopping patience: 0, off. */
  public static final int DEFAULT_PATIENCE = 0;

  /** Default seed of the shuffle order and the dropout masks. */
  public static final long DEFAULT_SEED = 0;

  private final int epochs;
  private final int batchSize;
  private final boolean shuffle;
  private final Optimizer optimizer; // the prototype; never stepped, runs step fresh copies
  private final String loss;
  private final double clip;
  private final LrSchedule schedule;
  private final int patience;
  private final long seed;

  private TrainerConfig(Builder b) {
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.shuffle = b.shuffle;
    this.optimizer = b.newOptimizer();
    this.loss = b.loss;
    this.clip = b.clip;
    this.schedule = b.schedule;
    this.patience = b.patience;
    this.seed = b.seed;
  }

  /** A builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.shuffle = shuffle;
    b.optimizer = optimizer;
    b.loss = loss;
    b.clip = clip;
    b.schedule = schedule;
    b.patience = patience;
    b.seed = seed;
    return b;
  }

  /** Passes over the training windows, ≥ 1. */
  public int epochs() {
    return epochs;
  }

  /** Windows per update, ≥ 1; the last batch of an epoch holds the remainder. */
  public int batchSize() {
    return batchSize;
  }

  /** Whether the training windows are visited in a new seeded order each epoch. */
  public boolean shuffle() {
    return shuffle;
  }

  /** The optimizer's name, one of {@link Optimizers#NAMES}. */
  public String optimizer() {
    return optimizer.name();
  }

  /** The learning rate; a {@link #schedule()} overrides it epoch by epoch. */
  public double lr() {
    return optimizer.lr();
  }

  /** The loss's name, one of {@link Losses#NAMES}. */
  public String loss() {
    return loss;
  }

  /** The largest global gradient norm allowed, 0 for no clipping. */
  public double clip() {
    return clip;
  }

  /** The learning rate per epoch, or null to keep {@link #lr()} throughout. */
  public LrSchedule schedule() {
    return schedule;
  }

  /** Epochs without a better validation loss before stopping, 0 for no early stopping. */
  public int patience() {
    return patience;
  }

  /** Seed of the shuffle order and of the dropout masks. */
  public long seed() {
    return seed;
  }

  /** A fresh optimizer as configured, with no state: one per run. */
  public Optimizer newOptimizer() {
    return optimizer.fresh();
  }

  /** The configured loss. */
  public Loss newLoss() {
    return Losses.byName(loss);
  }

  /**
   * The configuration as string metadata: epochs, batchSize, shuffle, the optimizer's whole
   * {@link Optimizer#settings() settings} (optimizer, lr and every hyperparameter: betas, eps,
   * momentum, weight decay, …), loss, clip, patience, seed, and schedule (its {@code toString()})
   * if one is set. {@link #fromMap} reads it back.
   */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("epochs", Integer.toString(epochs));
    m.put("batchSize", Integer.toString(batchSize));
    m.put("shuffle", Boolean.toString(shuffle));
    m.putAll(optimizer.settings());
    m.put("loss", loss);
    m.put("clip", Double.toString(clip));
    m.put("patience", Integer.toString(patience));
    m.put("seed", Long.toString(seed));
    if (schedule != null) {
      m.put("schedule", schedule.toString());
    }
    return m;
  }

  /**
   * The configuration {@link #toMap()} describes, to replay a recorded run. Keys may be camelCase
   * or snake_case (a model file's run record stores {@code batch_size}, {@code weight_decay});
   * a setting that is missing takes its default, and the optimizer's hyperparameters are read by
   * {@link Optimizers#fromSettings}, so a record that kept only the optimizer's name and lr
   * replays with that optimizer's defaults, as it ran.
   *
   * @throws IllegalArgumentException if a value does not parse or is out of range (naming the
   *     key), or the map holds a schedule: a schedule is recorded by its description only, and is
   *     set again with {@link Builder#schedule}
   */
  public static TrainerConfig fromMap(Map<String, String> map) {
    if (map == null) {
      throw new IllegalArgumentException("map must not be null");
    }
    Map<String, String> byKey = new HashMap<>();
    map.forEach((k, v) -> byKey.put(k.replace("_", "").toLowerCase(Locale.ROOT), v.trim()));
    if (byKey.containsKey("schedule")) {
      throw new IllegalArgumentException("schedule '" + byKey.get("schedule") + "' is recorded by"
          + " its description only; build the config without it and set it with schedule(...)");
    }
    Builder b = builder();
    try {
      if (byKey.containsKey("epochs")) {
        b.epochs(Integer.parseInt(byKey.get("epochs")));
      }
      if (byKey.containsKey("batchsize")) {
        b.batchSize(Integer.parseInt(byKey.get("batchsize")));
      }
      if (byKey.containsKey("patience")) {
        b.patience(Integer.parseInt(byKey.get("patience")));
      }
      if (byKey.containsKey("seed")) {
        b.seed(Long.parseLong(byKey.get("seed")));
      }
      if (byKey.containsKey("clip")) {
        b.clip(Double.parseDouble(byKey.get("clip")));
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("training settings: " + e.getMessage()
          + "; expected numbers for epochs, batch_size, patience, seed and clip", e);
    }
    if (byKey.containsKey("shuffle")) {
      String v = byKey.get("shuffle");
      if (!v.equals("true") && !v.equals("false")) {
        throw new IllegalArgumentException("shuffle = '" + v + "'; expected true or false");
      }
      b.shuffle(Boolean.parseBoolean(v));
    }
    if (byKey.containsKey("loss")) {
      b.loss(byKey.get("loss"));
    }
    if (byKey.containsKey("optimizer")) {
      b.optimizer(Optimizers.fromSettings(map));
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "TrainerConfig" + toMap();
  }

  /** Collects the settings; {@link #build()} validates them all at once. */
  public static final class Builder {
    private int epochs = DEFAULT_EPOCHS;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private boolean shuffle = DEFAULT_SHUFFLE;
    private Optimizer optimizer; // a typed optimizer, or null to take optimizerName
    private String optimizerName = DEFAULT_OPTIMIZER;
    private boolean lrSet;
    private double lr;
    private String loss = DEFAULT_LOSS;
    private double clip = DEFAULT_CLIP;
    private LrSchedule schedule;
    private int patience = DEFAULT_PATIENCE;
    private long seed = DEFAULT_SEED;

    private Builder() {}

    /** Passes over the training windows, ≥ 1; default {@value TrainerConfig#DEFAULT_EPOCHS}. */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /** Windows per update, ≥ 1; default {@value TrainerConfig#DEFAULT_BATCH_SIZE}. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Shuffle each epoch; default {@value TrainerConfig#DEFAULT_SHUFFLE}. */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /**
     * The optimizer by name, one of {@link Optimizers#NAMES}, with its defaults; default {@value
     * TrainerConfig#DEFAULT_OPTIMIZER}. Replaces a typed optimizer set before.
     */
    public Builder optimizer(String optimizer) {
      this.optimizerName = optimizer;
      this.optimizer = null;
      return this;
    }

    /**
     * The optimizer with all its hyperparameters, e.g. {@code Adam.builder().lr(0.01).build()}.
     * The configuration keeps a fresh copy (later changes to {@code optimizer} do not reach it) and
     * each run steps a fresh copy of that. Replaces a name set before.
     */
    public Builder optimizer(Optimizer optimizer) {
      if (optimizer == null) {
        throw new IllegalArgumentException("optimizer is null; pass e.g. Adam.builder().build()");
      }
      this.optimizer = optimizer.fresh();
      this.optimizerName = null;
      return this;
    }

    /**
     * Learning rate, finite and ≥ 0, replacing the optimizer's; if not called, the optimizer's
     * own stands (for a name, its builder's default: {@link Optimizers#byName(String)}).
     */
    public Builder lr(double lr) {
      this.lr = lr;
      this.lrSet = true;
      return this;
    }

    /** Loss name; default {@value TrainerConfig#DEFAULT_LOSS}. */
    public Builder loss(String loss) {
      this.loss = loss;
      return this;
    }

    /** Maximum global gradient norm, finite and ≥ 0, 0 = off; default off. */
    public Builder clip(double clip) {
      this.clip = clip;
      return this;
    }

    /** Learning rate per epoch, or null for a constant {@link #lr}; default null. */
    public Builder schedule(LrSchedule schedule) {
      this.schedule = schedule;
      return this;
    }

    /** Early-stopping patience in epochs, ≥ 0, 0 = off; default off. */
    public Builder patience(int patience) {
      this.patience = patience;
      return this;
    }

    /** Seed of the shuffle order and dropout masks; default {@value TrainerConfig#DEFAULT_SEED}. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException naming the first setting out of range or unknown
     */
    public TrainerConfig build() {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
      }
      newOptimizer(); // validates the name and the lr with their own messages
      Losses.byName(loss);
      if (!(clip >= 0 && Double.isFinite(clip))) {
        throw new IllegalArgumentException("clip must be finite and >= 0 (0 = off), got " + clip);
      }
      if (patience < 0) {
        throw new IllegalArgumentException("patience must be >= 0 (0 = off), got " + patience);
      }
      return new TrainerConfig(this);
    }

    /** The optimizer as set, with the learning rate applied: a new object, never the caller's. */
    private Optimizer newOptimizer() {
      Optimizer o = optimizer != null ? optimizer.fresh() : Optimizers.byName(optimizerName);
      if (lrSet) {
        o.setLr(lr); // throws naming lr if out of range
      }
      return o;
    }
  }
}
