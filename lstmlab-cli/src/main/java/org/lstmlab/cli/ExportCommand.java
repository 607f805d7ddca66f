package org.lstmlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.io.ModelFile;
import org.lstmlab.io.ModelSpec;
import org.lstmlab.onnx.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlab export}: a model file as an ONNX graph, written atomically. The graph reads
 * (batch, steps, inputs) in the model's scaled units and returns what the head returns; the model
 * file's metadata, scaler included, travels as ONNX {@code metadata_props} ({@link OnnxExport}).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Write a model (LSTM, GRU or RNN stack with its head) as an ONNX file for"
        + " onnxruntime and other frameworks; the scaler and run record go into its metadata.")
final class ExportCommand implements Callable<Integer> {

  /** The formats {@code --format} accepts. */
  static final List<String> FORMATS = List.of("onnx");

  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "MODEL", required = true,
      description = "A model file (.safetensors), from lstmlab train or PyTorch.")
  Path modelFile;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "onnx",
      description = "The format to write: onnx (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--out", paramLabel = "FILE", required = true,
      description = "The file to write; replaced whole or left as it was.")
  Path out;

  @Option(names = "--window", paramLabel = "W",
      description = "Time steps per window, recorded in the metadata; only for files that do not"
          + " say.")
  Integer window;

  @Option(names = "--cell", paramLabel = "CELL",
      description = "lstm, gru, rnn or rnn_relu; only for files that do not say (a PyTorch"
          + " nn.RNN file needs it: tanh and relu have the same shapes).")
  String cell;

  @Override
  public Integer call() throws IOException {
    Flags.oneOf(spec, "--format", format, FORMATS);
    if (window != null) {
      Flags.range(spec, "--window", window, 1, Flags.MAX_SIZE);
    }
    Optional<CellType> c = Optional.empty();
    if (cell != null) {
      try {
        c = Optional.of(CellType.fromId(cell));
      } catch (IllegalArgumentException e) {
        throw Flags.usage(spec, "--" + e.getMessage());
      }
    }
    Flags.output(spec, "--out", out, modelFile);
    ModelFile.LoadedModel m = ModelFile.load(modelFile,
        window == null ? OptionalInt.empty() : OptionalInt.of(window), c);
    m.notes().forEach(spec.commandLine().getErr()::println);
    OnnxExport.write(out, m.model(), m.spec());
    ModelSpec s = m.spec();
    spec.commandLine().getOut().printf(Locale.ROOT,
        "%s: ONNX opset %d, %d-layer %s%s (%s, hidden %d, outputs %d, head on %s step);"
            + " input and prediction in the model's scaled units, scaler in metadata 'config'%n",
        out, OnnxExport.OPSET, s.layers(), s.bidirectional() ? "bidirectional " : "", s.cell().id(),
        s.tokenInput() ? "int64 token ids of " + s.vocabSize() + ", embedding " + s.embeddingDim()
            : "inputs " + s.inputSize(), s.hidden(),
        s.outputSize(), s.outputs() == SequenceModel.Outputs.LAST ? "the last" : "every");
    return Main.OK;
  }
}
