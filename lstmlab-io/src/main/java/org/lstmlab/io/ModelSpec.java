package org.lstmlab.io;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Embedding;
import org.lstmlab.core.nn.Recurrent;
import org.lstmlab.core.nn.SequenceModel;

/**
 * What a model is, apart from its weights: the architecture, the window it reads, the horizon it
 * forecasts, its seed, and an open {@code config} object for the rest of the run that made it.
 * Immutable; {@link #toBuilder()} derives a changed copy.
 *
 * <p>A model file stores it in the safetensors {@code __metadata__} map, one string per key, the
 * same names as the CLI flags and the lesson (see {@link #toMetadata()}):
 *
 * <pre>
 *   format       "lstmlab"                 marks the file as ours
 *   version      "2"                       the model file format version ({@link #FORMAT_VERSION})
 *   cell         lstm | gru | rnn | rnn_relu
 *   input_size   I        hidden   H        layers   L        output_size   O
 *   outputs      last | all                which steps the head reads
 *   bidirectional "true" when each layer also reads the sequence backwards; absent otherwise
 *   embedding_dim E, when the model reads token ids through embedding.weight (V, E), whose
 *                rows give V; input_size is then E too. Absent for a model of float features
 *   padding_idx  the embedding's padding id in [0, V), when it has one; absent otherwise
 *   dropout      between layers in training, e.g. "0.2"
 *   window       T: the time steps of one input
 *   horizon      how many steps ahead the model forecasts
 *   seed         of the initial parameters and the dropout masks
 *   config       a JSON object: the rest of the run (scaler and its fitted values, columns,
 *                training hyperparameters), read back as JSON
 * </pre>
 *
 * Keys it does not know are kept in {@link #extra()} and written back unchanged, so a file passes
 * through LSTM Lab without losing what another tool put in it.
 */
public final class ModelSpec {

  /** The version of the model file layout that this code writes and the newest it reads. */
  public static final int FORMAT_VERSION = 2;

  /** The value of the {@code format} key. */
  public static final String FORMAT = "lstmlab";

  /** The metadata keys with a meaning; others go to {@link #extra()}. */
  public static final Set<String> KEYS =
      Set.of(
          "format", "version", "cell", "input_size", "hidden", "layers", "output_size", "outputs",
          "bidirectional", "embedding_dim", "padding_idx", "dropout", "window", "horizon", "seed",
          "config");

  private final CellType cell;
  private final int inputSize;
  private final int hidden;
  private final int layers;
  private final int outputSize;
  private final SequenceModel.Outputs outputs;
  private final boolean bidirectional;
  private final int vocabSize; // V of the embedding, 0 without one
  private final int embeddingDim; // E, 0 without an embedding
  private final int paddingIdx; // in [0, V), or Embedding.NO_PADDING
  private final double dropout;
  private final int window;
  private final int horizon;
  private final long seed;
  private final ObjectNode config;
  private final Map<String, String> extra;

  private ModelSpec(Builder b) {
    this.cell = Objects.requireNonNull(b.cell, "cell");
    this.inputSize = positive("input_size", b.inputSize);
    this.hidden = positive("hidden", b.hidden);
    this.layers = positive("layers", b.layers);
    this.outputSize = positive("output_size", b.outputSize);
    this.outputs = Objects.requireNonNull(b.outputs, "outputs");
    this.bidirectional = b.bidirectional;
    this.vocabSize = b.vocabSize;
    this.embeddingDim = b.embeddingDim;
    this.paddingIdx = b.paddingIdx;
    if (vocabSize > 0 && embeddingDim != inputSize) {
      throw new IllegalArgumentException("embedding_dim " + embeddingDim + " must equal input_size "
          + inputSize + ": the embedded vectors are the stack's input");
    }
    if (!(b.dropout >= 0 && b.dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + b.dropout);
    }
    this.dropout = b.dropout;
    this.window = positive("window", b.window);
    this.horizon = positive("horizon", b.horizon);
    this.seed = b.seed;
    this.config = b.config.deepCopy();
    for (String k : b.extra.keySet()) {
      if (KEYS.contains(k)) {
        throw new IllegalArgumentException("extra metadata must not use the reserved key '" + k + "'");
      }
    }
    this.extra = Collections.unmodifiableMap(new TreeMap<>(b.extra));
  }

  private static int positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
    return v;
  }

  /**
   * A builder for the given cell and sizes; the window must be set before {@link Builder#build()}
   * (there is no sensible default).
   */
  public static Builder builder(CellType cell, int inputSize, int hidden) {
    return new Builder(cell, inputSize, hidden);
  }

  /**
   * A builder with the architecture, dropout and seed of {@code model} filled in; the window must be
   * set before {@link Builder#build()}.
   */
  public static Builder builder(SequenceModel model) {
    Recurrent.Config rnn = model.config();
    Builder b = new Builder(rnn.cell(), rnn.inputSize(), rnn.hidden());
    b.layers = rnn.layers();
    b.outputSize = model.outputSize();
    b.outputs = model.outputs();
    b.bidirectional = rnn.bidirectional();
    Embedding e = model.embedding();
    if (e != null) {
      b.embedding(e.num(), e.dim(), e.paddingIdx() < 0 ? Embedding.NO_PADDING : e.paddingIdx());
    }
    // The model keeps dropout as a float; its shortest decimal is what the user typed (0.2, not
    // 0.20000000298023224).
    b.dropout = Double.parseDouble(Float.toString((float) rnn.dropout()));
    b.seed = model.seed();
    return b;
  }

  /** A builder holding this spec's values. */
  public Builder toBuilder() {
    Builder b = new Builder(cell, inputSize, hidden);
    b.layers = layers;
    b.outputSize = outputSize;
    b.outputs = outputs;
    b.bidirectional = bidirectional;
    b.vocabSize = vocabSize;
    b.embeddingDim = embeddingDim;
    b.paddingIdx = paddingIdx;
    b.dropout = dropout;
    b.window = window;
    b.horizon = horizon;
    b.seed = seed;
    b.config = config.deepCopy();
    b.extra = new LinkedHashMap<>(extra);
    return b;
  }

  /** The recurrent cell. */
  public CellType cell() {
    return cell;
  }

  /** I: input features per time step. */
  public int inputSize() {
    return inputSize;
  }

  /** H: hidden units per layer. */
  public int hidden() {
    return hidden;
  }

  /** L: stacked recurrent layers. */
  public int layers() {
    return layers;
  }

  /** O: outputs of the head. */
  public int outputSize() {
    return outputSize;
  }

  /** Which steps the head reads. */
  public SequenceModel.Outputs outputs() {
    return outputs;
  }

  /** Whether each layer has a reverse direction as well (D = 2). */
  public boolean bidirectional() {
    return bidirectional;
  }

  /** Whether the model reads token ids through an embedding. */
  public boolean tokenInput() {
    return vocabSize > 0;
  }

  /** V: the embedding's tokens, 0 without an embedding. */
  public int vocabSize() {
    return vocabSize;
  }

  /** E: values per token vector, 0 without an embedding. */
  public int embeddingDim() {
    return embeddingDim;
  }

  /** The embedding's padding id in [0, V), or {@link Embedding#NO_PADDING}. */
  public int paddingIdx() {
    return paddingIdx;
  }

  /** Dropout between recurrent layers in training. */
  public double dropout() {
    return dropout;
  }

  /** T: the time steps of one input window. */
  public int window() {
    return window;
  }

  /** How many steps ahead the model forecasts. */
  public int horizon() {
    return horizon;
  }

  /** The seed of the initial parameters and the dropout masks. */
  public long seed() {
    return seed;
  }

  /** The rest of the run's configuration (a copy); an empty object when there is none. */
  public ObjectNode config() {
    return config.deepCopy();
  }

  /** Metadata keys of the file that LSTM Lab does not interpret, sorted by key. */
  public Map<String, String> extra() {
    return extra;
  }

  /**
   * A new model of this architecture, its parameters initialised from {@link #seed()}.
   *
   * @throws IllegalArgumentException if the core rejects the sizes
   */
  public SequenceModel newModel() {
    return modelBuilder().build();
  }

  /**
   * The shapes of the parameters of {@link #newModel()}, by name, without allocating them.
   *
   * @throws IllegalArgumentException if a parameter would be too large for an array
   */
  public Map<String, int[]> parameterShapes() {
    return modelBuilder().parameterShapes();
  }

  private SequenceModel.Builder modelBuilder() {
    SequenceModel.Builder b = SequenceModel.builder(cell, inputSize, hidden)
        .layers(layers)
        .outputSize(outputSize)
        .outputs(outputs)
        .bidirectional(bidirectional)
        .dropout(dropout)
        .seed(seed);
    return vocabSize > 0 ? b.embedding(vocabSize, embeddingDim, paddingIdx) : b;
  }

  /**
   * Checks that {@code model} has this spec's architecture.
   *
   * @throws IllegalArgumentException naming the first field that differs
   */
  public void requireFits(SequenceModel model) {
    Recurrent.Config rnn = model.config();
    differ("cell", cell.id(), rnn.cell().id());
    differ("input_size", inputSize, rnn.inputSize());
    differ("hidden", hidden, rnn.hidden());
    differ("layers", layers, rnn.layers());
    differ("output_size", outputSize, model.outputSize());
    differ("outputs", outputsId(outputs), outputsId(model.outputs()));
    differ("bidirectional", bidirectional, rnn.bidirectional());
    Embedding e = model.embedding();
    differ("embedding", describeEmbedding(vocabSize, embeddingDim, paddingIdx),
        e == null ? "none" : describeEmbedding(e.num(), e.dim(), e.paddingIdx()));
    differ("dropout", (float) dropout, (float) rnn.dropout());
  }

  private static String describeEmbedding(int v, int e, int pad) {
    return v == 0 ? "none" : "(" + v + ", " + e + ")" + (pad >= 0 ? " padding_idx " + pad : "");
  }

  private static void differ(String key, Object spec, Object model) {
    if (!spec.equals(model)) {
      throw new IllegalArgumentException(
          "the spec says " + key + " " + spec + " but the model has " + model);
    }
  }

  /** {@code last} or {@code all}: the name in flags, JSON and metadata. */
  public static String outputsId(SequenceModel.Outputs outputs) {
    return outputs.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The outputs for {@code last} or {@code all}, case-insensitive.
   *
   * @throws IllegalArgumentException naming the valid values
   */
  public static SequenceModel.Outputs outputsFromId(String id) {
    for (SequenceModel.Outputs o : SequenceModel.Outputs.values()) {
      if (outputsId(o).equalsIgnoreCase(id)) {
        return o;
      }
    }
    throw new IllegalArgumentException("outputs must be last or all; got '" + id + "'");
  }

  /**
   * The safetensors metadata for this spec: every value a string, numbers and the config object
   * JSON-encoded, the {@link #extra()} entries after the known keys.
   */
  public Map<String, String> toMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("version", Integer.toString(FORMAT_VERSION));
    m.put("cell", cell.id());
    m.put("input_size", Integer.toString(inputSize));
    m.put("hidden", Integer.toString(hidden));
    m.put("layers", Integer.toString(layers));
    m.put("output_size", Integer.toString(outputSize));
    m.put("outputs", outputsId(outputs));
    if (bidirectional) {
      // Written only when true, so that a one-direction model's file stays as it was.
      m.put("bidirectional", "true");
    }
    if (vocabSize > 0) {
      // Written only for a token model, so that other files stay as they were; V is the rows of
      // embedding.weight.
      m.put("embedding_dim", Integer.toString(embeddingDim));
      if (paddingIdx >= 0) {
        m.put("padding_idx", Integer.toString(paddingIdx));
      }
    }
    m.put("dropout", JsonNodeFactory.instance.numberNode(dropout).toString());
    m.put("window", Integer.toString(window));
    m.put("horizon", Integer.toString(horizon));
    m.put("seed", Long.toString(seed));
    m.put("config", config.toString());
    m.putAll(extra);
    return m;
  }

  /**
   * The spec as one JSON object with typed values (numbers as numbers, {@code config} as an
   * object), the same keys as {@link #toMetadata()}, for run records and reports.
   */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("format", FORMAT);
    o.put("version", FORMAT_VERSION);
    o.put("cell", cell.id());
    o.put("input_size", inputSize);
    o.put("hidden", hidden);
    o.put("layers", layers);
    o.put("output_size", outputSize);
    o.put("outputs", outputsId(outputs));
    if (bidirectional) {
      o.put("bidirectional", true);
    }
    if (vocabSize > 0) {
      o.put("embedding_dim", embeddingDim);
      if (paddingIdx >= 0) {
        o.put("padding_idx", paddingIdx);
      }
    }
    o.put("dropout", dropout);
    o.put("window", window);
    o.put("horizon", horizon);
    o.put("seed", seed);
    o.set("config", config.deepCopy());
    extra.forEach(o::put);
    return o;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ModelSpec)) {
      return false;
    }
    ModelSpec s = (ModelSpec) o;
    return cell == s.cell
        && inputSize == s.inputSize
        && hidden == s.hidden
        && layers == s.layers
        && outputSize == s.outputSize
        && outputs == s.outputs
        && bidirectional == s.bidirectional
        && vocabSize == s.vocabSize
        && embeddingDim == s.embeddingDim
        && paddingIdx == s.paddingIdx
        && Double.compare(dropout, s.dropout) == 0
        && window == s.window
        && horizon == s.horizon
        && seed == s.seed
        && config.equals(s.config)
        && extra.equals(s.extra);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        cell, inputSize, hidden, layers, outputSize, outputs, bidirectional, vocabSize,
        embeddingDim, paddingIdx, dropout, window,
        horizon, seed, config, extra);
  }

  @Override
  public String toString() {
    return toJson().toString();
  }

  /** Builds a {@link ModelSpec}; defaults as {@link SequenceModel.Builder}'s, horizon 1. */
  public static final class Builder {
    private final CellType cell;
    private final int inputSize;
    private final int hidden;
    private int layers = 1;
    private int outputSize = 1;
    private SequenceModel.Outputs outputs = SequenceModel.Outputs.LAST;
    private boolean bidirectional = false;
    private int vocabSize = 0;
    private int embeddingDim = 0;
    private int paddingIdx = Embedding.NO_PADDING;
    private double dropout = 0;
    private int window; // no default: must be set
    private int horizon = 1;
    private long seed = 0;
    private ObjectNode config = JsonNodeFactory.instance.objectNode();
    private Map<String, String> extra = new LinkedHashMap<>();

    private Builder(CellType cell, int inputSize, int hidden) {
      this.cell = cell;
      this.inputSize = inputSize;
      this.hidden = hidden;
    }

    /** L: stacked recurrent layers (default 1). */
    public Builder layers(int layers) {
      this.layers = layers;
      return this;
    }

    /** O: outputs of the head (default 1). */
    public Builder outputSize(int outputSize) {
      this.outputSize = outputSize;
      return this;
    }

    /** Which steps the head reads (default last). */
    public Builder outputs(SequenceModel.Outputs outputs) {
      this.outputs = outputs;
      return this;
    }

    /** Each layer reads the sequence in both directions (default false). */
    public Builder bidirectional(boolean bidirectional) {
      this.bidirectional = bidirectional;
      return this;
    }

    /**
     * Token ids through an embedding of V vectors of E values (default none), as {@link
     * SequenceModel.Builder#embedding}: E must be the input size.
     *
     * @param paddingIdx in [0, V), or {@link Embedding#NO_PADDING}
     * @throws IllegalArgumentException on V or E ≤ 0, or a padding id outside [0, V)
     */
    public Builder embedding(int vocabSize, int dim, int paddingIdx) {
      this.vocabSize = positive("vocabulary size", vocabSize);
      this.embeddingDim = positive("embedding_dim", dim);
      if (paddingIdx != Embedding.NO_PADDING && (paddingIdx < 0 || paddingIdx >= vocabSize)) {
        throw new IllegalArgumentException("padding_idx must be in [0, " + vocabSize + "), got "
            + paddingIdx);
      }
      this.paddingIdx = paddingIdx;
      return this;
    }

    /** Dropout between layers in training (default 0). */
    public Builder dropout(double dropout) {
      this.dropout = dropout;
      return this;
    }

    /** T: time steps of one input window; required. */
    public Builder window(int window) {
      this.window = window;
      return this;
    }

    /** Steps ahead the model forecasts (default 1). */
    public Builder horizon(int horizon) {
      this.horizon = horizon;
      return this;
    }

    /** Seed of the initial parameters and dropout masks (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The rest of the run's configuration (copied; default an empty object). */
    public Builder config(ObjectNode config) {
      this.config = Objects.requireNonNull(config, "config").deepCopy();
      return this;
    }

    /** Metadata entries that LSTM Lab does not interpret (copied; no reserved key). */
    public Builder extra(Map<String, String> extra) {
      this.extra = new LinkedHashMap<>(extra);
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalArgumentException on a size, window or horizon ≤ 0, dropout outside [0, 1), or
     *     an extra key that is one of {@link #KEYS}
     * @throws NullPointerException on a null cell or outputs
     */
    public ModelSpec build() {
      return new ModelSpec(this);
    }
  }
}
