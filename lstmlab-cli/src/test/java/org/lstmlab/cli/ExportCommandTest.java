package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.io.ModelFile;

/** {@code lstmlab export} end to end: models trained by {@code train} and PyTorch's, run by onnxruntime. */
class ExportCommandTest {

  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @TempDir Path dir;

  /** The largest |onnxruntime − LSTM Lab| over a random batch (B = 3, T = 6). */
  static double worstDifference(Path model, Path onnx) throws Exception {
    return worstDifference(model, onnx, Optional.empty());
  }

  static double worstDifference(Path model, Path onnx, Optional<CellType> cell) throws Exception {
    ModelFile.LoadedModel m = ModelFile.load(model, OptionalInt.of(6), cell);
    int in = m.spec().inputSize();
    Random rnd = new Random(5);
    float[] x = new float[3 * 6 * in];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    float[] expected = m.model().predict(SequenceBatch.of(x, 3, 6, in));
    try (OrtSession s = ENV.createSession(Files.readAllBytes(onnx), new OrtSession.SessionOptions());
        OnnxTensor t = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), new long[] {3, 6, in});
        OrtSession.Result r = s.run(Map.of("input", t))) {
      FloatBuffer fb = ((OnnxTensor) r.get("prediction").get()).getFloatBuffer();
      assertThat(fb.remaining()).isEqualTo(expected.length);
      double worst = 0;
      for (int i = 0; i < expected.length; i++) {
        worst = Math.max(worst, Math.abs(fb.get(i) - expected[i]));
      }
      return worst;
    }
  }

  /** The ONNX file's metadata_props, as onnxruntime reads them. */
  static Map<String, String> metadata(Path onnx) throws Exception {
    try (OrtSession s = ENV.createSession(Files.readAllBytes(onnx), new OrtSession.SessionOptions())) {
      return s.getMetadata().getCustomMetadata();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lstm", "gru", "rnn"})
  void export_trainedModel_matchesForward(String cell) throws Exception {
    Path data = Cli.notebookCsv(dir, 60);
    Path model = dir.resolve("m.safetensors");
    MainTest.Run t = Cli.run("train", "--data", data, "--target", "value", "--cell", cell,
        "--hidden", 6, "--layers", 2, "--window", 5, "--horizon", 2, "--epochs", 3, "--out", model);
    assertThat(t.code()).as(t.err()).isEqualTo(Main.OK);
    Path onnx = dir.resolve("m.onnx");

    MainTest.Run r = Cli.run("export", "--model", model, "--format", "onnx", "--out", onnx);

    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).startsWith(onnx + ": ONNX opset 17, 2-layer " + cell);
    assertThat(worstDifference(model, onnx)).isLessThanOrEqualTo(1e-5);
    // The run record, scaler included, travels with the graph.
    Map<String, String> meta = metadata(onnx);
    assertThat(meta).containsEntry("cell", cell).containsEntry("window", "5")
        .containsEntry("horizon", "2");
    assertThat(meta.get("config")).contains("\"scaler\":{\"scaler\":\"standard\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lstm_l2_nometa", "lstm_l2_bidi_nometa"})
  void export_pytorchFile_matchesForward(String name) throws Exception {
    Path model = Path.of("src/test/resources/fixtures/" + name + ".safetensors");
    Path onnx = dir.resolve("torch.onnx");

    MainTest.Run r = Cli.run("export", "--model", model, "--window", 7, "--out", onnx);

    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(worstDifference(model, onnx)).isLessThanOrEqualTo(1e-5);
  }

  @Test
  void export_badModel_oneLine_keepsExistingFile() throws Exception {
    Path bad = Cli.file(dir, "bad.safetensors", "not a model");
    Path onnx = Files.writeString(dir.resolve("old.onnx"), "old");

    MainTest.Run r = Cli.run("export", "--model", bad, "--out", onnx);

    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.err().strip()).startsWith("lstmlab: " + bad).doesNotContain("\n");
    assertThat(Files.readString(onnx)).isEqualTo("old");
    assertThat(Cli.listing(dir)).containsExactly("bad.safetensors", "old.onnx");
  }

  @Test
  void export_unknownFormat_usageError() {
    MainTest.Run r = Cli.run("export", "--model", "m.safetensors", "--format", "tflite", "--out",
        dir.resolve("m.x"));

    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).startsWith("lstmlab: --format must be one of onnx; got 'tflite'");
  }

  @Test
  void export_plainRnn_tanhUnlessCellGiven() throws Exception {
    Path model = Path.of("src/test/resources/fixtures/rnn_relu_nometa.safetensors");
    Path onnx = dir.resolve("r.onnx");

    MainTest.Run tanh = Cli.run("export", "--model", model, "--window", 3, "--out", onnx);
    assertThat(tanh.code()).as(tanh.err()).isEqualTo(Main.OK);
    assertThat(tanh.err()).contains("taken as tanh").contains("--cell rnn_relu");
    MainTest.Run relu = Cli.run("export", "--model", model, "--window", 3, "--cell", "rnn_relu",
        "--out", onnx);

    assertThat(relu.code()).as(relu.err()).isEqualTo(Main.OK);
    assertThat(relu.err()).isEmpty();
    assertThat(worstDifference(model, onnx, Optional.of(CellType.RNN_RELU)))
        .isLessThanOrEqualTo(1e-5);
    assertThat(worstDifference(model, onnx, Optional.of(CellType.RNN_TANH)))
        .as("a relu export must differ from the tanh model").isGreaterThan(1e-3);
  }
}
