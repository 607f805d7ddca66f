package org.lstmlab.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Embedding;
import org.lstmlab.core.nn.Parameters;
import org.lstmlab.core.nn.SequenceModel;

/**
 * Saves and loads a {@link SequenceModel} with its {@link ModelSpec} as a safetensors file that
 * PyTorch reads and writes too.
 *
 * <p>The tensors are the model's {@link SequenceModel#parameters()}, named as the {@code
 * state_dict()} of a PyTorch module whose recurrent part is {@code rnn} and whose head is {@code
 * head} ({@code rnn.weight_ih_l0}, ..., {@code head.bias}), preceded by {@code embedding.weight}
 * (V, E) for a token model, whose input stage is {@code embedding}; the spec is the {@code
 * __metadata__}
 * map ({@link ModelSpec#toMetadata()}). So in PyTorch:
 *
 * <pre>
 *   model.load_state_dict(safetensors.torch.load_file("model.safetensors"))
 *   safetensors.torch.save_file(model.state_dict(), "model.safetensors", metadata={"window": "24"})
 * </pre>
 *
 * <h2>Loading a file without our metadata</h2>
 *
 * Everything that is missing from the metadata is taken from the tensors: {@code input_size} from
 * the columns of {@code rnn.weight_ih_l0}, {@code hidden} from the columns of {@code
 * rnn.weight_hh_l0}, the gate count G from its rows ÷ hidden, {@code layers} from how many {@code
 * rnn.weight_ih_l{k}} there are, {@code bidirectional} from whether {@code rnn.weight_ih_l0_reverse}
 * is there (PyTorch's name for the reverse direction's tensors), {@code output_size} from the rows of
 * {@code head.weight}, a token model's V and E from the rows and columns of {@code
 * embedding.weight} (its padding id only from the {@code padding_idx} key: a PyTorch file without
 * it loads with none, which changes no prediction). The cell
 * comes from the caller, else the {@code cell} key, else G (4 lstm, 3 gru); G = 1 could be {@code
 * nn.RNN} with tanh or with relu, which the shapes cannot tell, so the caller must say. The window
 * comes from the caller, else the {@code window} key. What the caller gives wins over the file.
 * Metadata that is present must agree with the shapes, and the tensors must be exactly the model's
 * (as PyTorch's {@code load_state_dict(strict=True)}).
 *
 * <p>Saving is atomic ({@link AtomicFiles}): a failed save leaves an existing file as it was.
 */
public final class ModelFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelFile() {}

  /** A model read from a file, with the spec that describes it. */
  public static final class LoadedModel {
    private final SequenceModel model;
    private final ModelSpec spec;
    private final List<String> notes;

    LoadedModel(SequenceModel model, ModelSpec spec, List<String> notes) {
      this.model = model;
      this.spec = spec;
      this.notes = List.copyOf(notes);
    }

    /** What loading assumed for a person to know, e.g. a PyTorch default taken. */
    public List<String> notes() {
      return notes;
    }

    /** The model with the file's parameters. */
    public SequenceModel model() {
      return model;
    }

    /** Its spec, from the metadata and the shapes. */
    public ModelSpec spec() {
      return spec;
    }
  }

  /**
   * Writes {@code model}'s parameters and {@code spec} to {@code file}, atomically.
   *
   * @throws IllegalArgumentException if {@code spec} does not describe {@code model}
   * @throws ModelFileException if a parameter is not finite; nothing is written then
   * @throws IOException if writing fails; an existing file is then unchanged
   */
  public static void save(Path file, SequenceModel model, ModelSpec spec) throws IOException {
    try (OutputTransaction tx = OutputTransaction.begin()) {
      save(tx, file, model, spec);
      tx.commit();
    }
  }

  /**
   * As {@link #save(Path, SequenceModel, ModelSpec)}, but only stages the file in {@code tx}: it
   * replaces {@code file} when the transaction commits, with the command's other files (a model
   * and its report are both new, or both old).
   */
  public static void save(OutputTransaction tx, Path file, SequenceModel model, ModelSpec spec)
      throws IOException {
    spec.requireFits(model);
    Parameters p = model.parameters();
    List<SafeTensors.Tensor> tensors = new ArrayList<>();
    for (Parameters.Tensor t : p.tensors()) {
      tensors.add(new SafeTensors.Tensor(t.name(), t.shape(), p.get(t.name())));
    }
    SafeTensors.stage(tx, file, spec.toMetadata(), tensors);
  }

  /**
   * Loads a model whose file gives its window.
   *
   * @throws ModelFileException if anything about the file is wrong, in one line
   */
  public static LoadedModel load(Path file) throws IOException {
    return load(file, OptionalInt.empty(), Optional.empty());
  }

  /**
   * Loads a model; {@code window}, when present, replaces the file's (CLI {@code --window}).
   *
   * @throws ModelFileException if anything about the file is wrong, in one line
   */
  public static LoadedModel load(Path file, OptionalInt window) throws IOException {
    return load(file, window, Optional.empty());
  }

  /**
   * Loads a model; {@code window} and {@code cell}, when present, replace the file's (CLI {@code
   * --window}, {@code --cell}). The cell is needed for a plain RNN file without a {@code cell} key.
   *
   * @throws ModelFileException if anything about the file is wrong, in one line
   */
  public static LoadedModel load(Path file, OptionalInt window, Optional<CellType> cell)
      throws IOException {
    SafeTensors.Contents contents = SafeTensors.read(file);
    Map<String, String> meta = contents.metadata();
    Map<String, SafeTensors.Tensor> tensors = contents.tensors();
    Meta m = new Meta(file, meta);

    String format = meta.get("format");
    if (FORMAT_OURS.equals(format)) {
      int version = m.integer("version").orElseThrow(() -> m.missing("version"));
      if (version > ModelSpec.FORMAT_VERSION) {
        throw new ModelFileException(
            file,
            "model file format version " + version + " is newer than this LSTM Lab reads ("
                + ModelSpec.FORMAT_VERSION + "); update LSTM Lab");
      }
      if (version < 1) {
        throw new ModelFileException(file, "metadata 'version' must be ≥ 1, got " + version);
      }
    }

    // Sizes from the shapes.
    SafeTensors.Tensor wIh0 = matrix(file, tensors, "rnn.weight_ih_l0");
    SafeTensors.Tensor wHh0 = matrix(file, tensors, "rnn.weight_hh_l0");
    SafeTensors.Tensor headW = matrix(file, tensors, "head.weight");
    int inputSize = wIh0.shape()[1];
    int hidden = wHh0.shape()[1];
    int gh = wHh0.shape()[0];
    if (hidden == 0 || gh % hidden != 0) {
      throw new ModelFileException(
          file,
          "rnn.weight_hh_l0 has shape " + Arrays.toString(wHh0.shape())
              + "; expected (G·H, H) with G = 4 (lstm), 3 (gru) or 1 (rnn)");
    }
    int gates = gh / hidden;
    int layers = 0;
    while (tensors.containsKey("rnn.weight_ih_l" + layers)) {
      layers++;
    }
    int outputSize = headW.shape()[0];
    boolean bidirectional = tensors.containsKey("rnn.weight_ih_l0_reverse");
    SafeTensors.Tensor table = tensors.containsKey("embedding.weight")
        ? matrix(file, tensors, "embedding.weight") : null; // (V, E)

    List<String> notes = new ArrayList<>();
    CellType c = cellOf(file, cell, m, gates, wHh0, notes);
    m.agree("input_size", inputSize, "the columns of rnn.weight_ih_l0");
    m.agree("hidden", hidden, "the columns of rnn.weight_hh_l0");
    m.agree("layers", layers, "the rnn.weight_ih_l{k} tensors");
    m.agree("output_size", outputSize, "the rows of head.weight");
    m.agreeBidirectional(bidirectional);
    OptionalInt pad = m.integer("padding_idx");
    if (table != null) {
      m.agree("embedding_dim", table.shape()[1], "the columns of embedding.weight");
    } else if (m.meta.containsKey("embedding_dim") || pad.isPresent()) {
      throw new ModelFileException(file, "metadata '"
          + (pad.isPresent() ? "padding_idx" : "embedding_dim") + "' describes an embedding, but"
          + " the file has no tensor 'embedding.weight'");
    }

    int win;
    if (window.isPresent()) {
      win = window.getAsInt();
    } else {
      win = m.integer("window").orElseThrow(() -> new ModelFileException(
          file, "the file does not say which window (time steps) the model reads; give it"
              + " (--window N)"));
    }

    ModelSpec.Builder b = ModelSpec.builder(c, inputSize, hidden)
        .layers(layers)
        .bidirectional(bidirectional)
        .outputSize(outputSize)
        .window(win);
    if (table != null) {
      try {
        b.embedding(table.shape()[0], table.shape()[1], pad.orElse(Embedding.NO_PADDING));
      } catch (IllegalArgumentException e) {
        throw new ModelFileException(file, "metadata " + e.getMessage());
      }
    }
    Optional<String> outputs = Optional.ofNullable(meta.get("outputs"));
    SequenceModel.Outputs reads = SequenceModel.Outputs.LAST;
    if (outputs.isPresent()) {
      try {
        reads = ModelSpec.outputsFromId(outputs.get());
      } catch (IllegalArgumentException e) {
        throw new ModelFileException(file, "metadata " + e.getMessage());
      }
      b.outputs(reads);
    }
    m.number("dropout").ifPresent(b::dropout);
    OptionalInt horizon = m.integer("horizon");
    if (reads == SequenceModel.Outputs.LAST && horizon.isPresent()
        && horizon.getAsInt() != outputSize) {
      // A many-to-one model forecasts one value per head output: its horizon is the head's rows.
      throw new ModelFileException(file, "metadata 'horizon' is " + horizon.getAsInt() + " but the "
          + outputSize + " rows of head.weight forecast " + outputSize + " value"
          + (outputSize == 1 ? "" : "s") + " per window");
    }
    horizon.ifPresent(b::horizon);
    m.longInteger("seed").ifPresent(b::seed);
    String config = meta.get("config");
    if (config != null) {
      b.config(parseConfig(file, config));
    }
    Map<String, String> extra = new LinkedHashMap<>();
    meta.forEach(
        (k, v) -> {
          if (!ModelSpec.KEYS.contains(k)) {
            extra.put(k, v);
          }
        });
    b.extra(extra);

    ModelSpec spec;
    SequenceModel model;
    try {
      spec = b.build();
      // The shapes first, without allocating: a tensor [0, 30000000] holds no value, yet as
      // rnn.weight_ih_l0 it would make a model of gigabytes.
      checkShapes(file, spec.parameterShapes(), tensors);
      model = spec.newModel();
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(file, "invalid model description: " + e.getMessage(), e);
    }
    setParameters(model.parameters(), tensors);
    return new LoadedModel(model, spec, notes);
  }

  private static final String FORMAT_OURS = ModelSpec.FORMAT;

  private static CellType cellOf(Path file, Optional<CellType> given, Meta m, int gates,
      SafeTensors.Tensor wHh0, List<String> notes)
      throws ModelFileException {
    CellType c;
    String source;
    if (given.isPresent()) {
      c = given.get();
      source = "the cell given";
    } else if (m.meta.containsKey("cell")) {
      try {
        c = CellType.fromId(m.meta.get("cell"));
      } catch (IllegalArgumentException e) {
        throw new ModelFileException(file, "metadata " + e.getMessage());
      }
      source = "metadata 'cell'";
    } else {
      switch (gates) {
        case 4:
          return CellType.LSTM;
        case 3:
          return CellType.GRU;
        case 1:
          notes.add(file + ": one gate block, a plain RNN; the file does not say its"
              + " nonlinearity, so it is taken as tanh, PyTorch's nn.RNN default (give --cell"
              + " rnn_relu for relu)");
          return CellType.RNN_TANH;
        default:
          throw new ModelFileException(
              file,
              "rnn.weight_hh_l0 has shape " + Arrays.toString(wHh0.shape()) + ", " + gates
                  + " gate blocks of " + wHh0.shape()[1]
                  + " rows; expected 4 (lstm), 3 (gru) or 1 (rnn)");
      }
    }
    if (c.gates() != gates) {
      throw new ModelFileException(
          file,
          source + " is " + c.id() + " (" + c.gates() + " gate blocks), but rnn.weight_hh_l0 has"
              + " shape " + Arrays.toString(wHh0.shape()) + ", " + gates + " gate blocks");
    }
    return c;
  }

  private static SafeTensors.Tensor matrix(
      Path file, Map<String, SafeTensors.Tensor> tensors, String name) throws ModelFileException {
    SafeTensors.Tensor t = tensors.get(name);
    if (t == null) {
      throw new ModelFileException(
          file,
          "no tensor '" + name + "'; a model file holds the state_dict of a module with parts"
              + " 'rnn' (nn.LSTM/GRU/RNN) and 'head' (nn.Linear); it has " + tensors.keySet());
    }
    if (t.shape().length != 2) {
      throw new ModelFileException(
          file, "tensor '" + name + "' has shape " + Arrays.toString(t.shape()) + "; expected 2-D");
    }
    return t;
  }

  /** The file must hold exactly the model's tensors, each of the model's shape. */
  private static void checkShapes(
      Path file, Map<String, int[]> want, Map<String, SafeTensors.Tensor> tensors)
      throws ModelFileException {
    for (Map.Entry<String, int[]> w : want.entrySet()) {
      SafeTensors.Tensor got = tensors.get(w.getKey());
      if (got == null) {
        throw new ModelFileException(
            file, "missing tensor '" + w.getKey() + "' " + Arrays.toString(w.getValue()));
      }
      if (!Arrays.equals(got.shape(), w.getValue())) {
        throw new ModelFileException(
            file,
            "tensor '" + w.getKey() + "' has shape " + Arrays.toString(got.shape())
                + ", the model needs " + Arrays.toString(w.getValue()));
      }
    }
    for (String name : tensors.keySet()) {
      if (!want.containsKey(name)) {
        List<String> all = new ArrayList<>();
        want.forEach((k, v) -> all.add(k + Arrays.toString(v)));
        throw new ModelFileException(
            file, "unexpected tensor '" + name + "'; the model has " + want.size() + " tensors: "
                + all);
      }
    }
  }

  /** Copies every tensor into the model, whose shapes {@link #checkShapes} has checked. */
  private static void setParameters(Parameters params, Map<String, SafeTensors.Tensor> tensors) {
    for (Parameters.Tensor want : params.tensors()) {
      params.set(want.name(), tensors.get(want.name()).values());
    }
  }

  private static ObjectNode parseConfig(Path file, String text) throws ModelFileException {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ModelFileException(
          file, "metadata 'config' is not valid JSON: " + e.getOriginalMessage().split("\n", 2)[0], e);
    }
    if (node == null || !node.isObject()) {
      throw new ModelFileException(file, "metadata 'config' must be a JSON object, got " + text);
    }
    return (ObjectNode) node;
  }

  /** Typed access to the metadata strings, with errors naming the key. */
  private static final class Meta {
    final Path file;
    final Map<String, String> meta;

    Meta(Path file, Map<String, String> meta) {
      this.file = file;
      this.meta = meta;
    }

    ModelFileException missing(String key) {
      return new ModelFileException(file, "metadata has format 'lstmlab' but no '" + key + "'");
    }

    OptionalInt integer(String key) throws ModelFileException {
      String v = meta.get(key);
      if (v == null) {
        return OptionalInt.empty();
      }
      try {
        return OptionalInt.of(Integer.parseInt(v.trim()));
      } catch (NumberFormatException e) {
        throw new ModelFileException(file, "metadata '" + key + "' is '" + v + "', not an integer");
      }
    }

    Optional<Long> longInteger(String key) throws ModelFileException {
      String v = meta.get(key);
      if (v == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(Long.parseLong(v.trim()));
      } catch (NumberFormatException e) {
        throw new ModelFileException(file, "metadata '" + key + "' is '" + v + "', not an integer");
      }
    }

    Optional<Double> number(String key) throws ModelFileException {
      String v = meta.get(key);
      if (v == null) {
        return Optional.empty();
      }
      try {
        double d = Double.parseDouble(v.trim());
        if (Double.isFinite(d)) {
          return Optional.of(d);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new ModelFileException(file, "metadata '" + key + "' is '" + v + "', not a number");
    }

    /**
     * The {@code bidirectional} key, when present, must be true or false as the tensors say
     * (absent means one direction in files written before it existed, and is not checked).
     */
    void agreeBidirectional(boolean fromTensors) throws ModelFileException {
      String v = meta.get("bidirectional");
      if (v == null) {
        return;
      }
      if (!v.trim().equals("true") && !v.trim().equals("false")) {
        throw new ModelFileException(file, "metadata 'bidirectional' is '" + v
            + "'; expected true or false");
      }
      if (Boolean.parseBoolean(v.trim()) != fromTensors) {
        throw new ModelFileException(file, "metadata 'bidirectional' is " + v.trim() + " but the"
            + " file " + (fromTensors ? "has" : "has no") + " rnn.weight_ih_l0_reverse");
      }
    }

    /** A size in the metadata, when present, must be the one the shapes give. */
    void agree(String key, int fromShapes, String what) throws ModelFileException {
      OptionalInt v = integer(key);
      if (v.isEmpty()) {
        if (FORMAT_OURS.equals(meta.get("format"))) {
          throw missing(key);
        }
        return;
      }
      if (v.getAsInt() != fromShapes) {
        throw new ModelFileException(
            file,
            "metadata '" + key + "' is " + v.getAsInt() + " but " + what + " give " + fromShapes);
      }
    }
  }
}
