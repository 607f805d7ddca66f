package org.lstmlab.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.text.OneHot;
import org.lstmlab.core.text.Vocabulary;
import org.lstmlab.io.ModelFile;
import org.lstmlab.io.ModelSpec;
import org.lstmlab.io.TextModelFile;

/**
 * Exported graphs run by onnxruntime, the independent reference, against LSTM Lab's forward and
 * against PyTorch's outputs stored with the fixture files (tools/pytorch/safetensors_fixtures.py).
 */
class OnnxExportTest {

  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private static final double TOL = 1e-5;

  @TempDir Path dir;

  /** The exported model's predictions for x (B, T, I). */
  static float[] runOnnx(byte[] onnx, float[] x, int batch, int steps, int in)
      throws OrtException {
    try (OnnxTensor t = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x),
        new long[] {batch, steps, in})) {
      return runOnnx(onnx, Map.of(OnnxExport.INPUT, t));
    }
  }

  /** The exported model's predictions for its input tensors, by name. */
  static float[] runOnnx(byte[] onnx, Map<String, OnnxTensor> inputs) throws OrtException {
    try (OrtSession s = ENV.createSession(onnx, new OrtSession.SessionOptions());
        OrtSession.Result r = s.run(inputs)) {
      FloatBuffer fb = ((OnnxTensor) r.get(OnnxExport.OUTPUT).get()).getFloatBuffer();
      float[] out = new float[fb.remaining()];
      fb.get(out);
      return out;
    }
  }

  static float[] randomInput(int n, long seed) {
    Random rnd = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    return x;
  }

  static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    double worst = 0;
    for (int i = 0; i < actual.length; i++) {
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    }
    assertThat(worst).as("largest |onnx - expected|").isLessThanOrEqualTo(TOL);
  }

  /**
   * One direction and bidirectional stacks; a bidirectional one is ONNX's direction =
   * "bidirectional" nodes with Y (T, 2, B, H) turned into PyTorch's (T, B, 2H) between layers and
   * the head on both directions' final states.
   */
  @ParameterizedTest(name = "{0} layers={1} outputs={2} bidirectional={3}")
  @CsvSource({
    "lstm, 1, last, false", "lstm, 2, last, false", "lstm, 2, all, false",
    "gru, 1, last, false", "gru, 2, last, false", "gru, 2, all, false",
    "rnn, 1, last, false", "rnn, 2, last, false", "rnn, 2, all, false",
    "rnn_relu, 2, last, false", "rnn_relu, 1, all, false",
    "lstm, 1, last, true", "lstm, 2, last, true", "lstm, 2, all, true",
    "gru, 1, all, true", "gru, 2, last, true", "gru, 2, all, true",
    "rnn, 1, last, true", "rnn, 2, last, true", "rnn, 2, all, true",
    "rnn_relu, 2, last, true", "rnn_relu, 2, all, true",
  })
  void toOnnx_matchesForward(String cellId, int layers, String outputs, boolean bidirectional)
      throws Exception {
    int in = 3;
    int hid = 5;
    int out = 2;
    int batch = 4;
    int steps = 9;
    CellType cell = CellType.fromId(cellId);
    SequenceModel model = SequenceModel.builder(cell, in, hid).layers(layers)
        .bidirectional(bidirectional).outputSize(out).outputs(ModelSpec.outputsFromId(outputs))
        .seed(7 + layers).build();
    ModelSpec spec = ModelSpec.builder(model).window(steps).build();
    float[] x = randomInput(batch * steps * in, 3);

    float[] onnx = runOnnx(OnnxExport.toOnnx(model, spec).toByteArray(), x, batch, steps, in);

    float[] expected = model.predict(SequenceBatch.of(x, batch, steps, in));
    assertThat(onnx).hasSize(outputs.equals("all") ? batch * steps * out : batch * out);
    assertClose(onnx, expected);
  }

  /**
   * A token model: int64 ids (B, T) through a Gather on the embedding's weight before the first
   * recurrent node; onnxruntime matches the model's forward on the same ids.
   */
  @ParameterizedTest(name = "{0} layers={1} outputs={2} bidirectional={3}")
  @CsvSource({"lstm, 2, last, false", "gru, 1, all, false", "gru, 2, last, true",
      "rnn, 1, all, true"})
  void toOnnx_tokenModel_gathersEmbeddingAndMatchesForward(String cellId, int layers,
      String outputs, boolean bidirectional) throws Exception {
    int vocab = 11;
    int dim = 3;
    int batch = 4;
    int steps = 9;
    SequenceModel model = SequenceModel.builder(CellType.fromId(cellId), dim, 5)
        .embedding(vocab, dim, 0).layers(layers).bidirectional(bidirectional).outputSize(2)
        .outputs(ModelSpec.outputsFromId(outputs)).seed(5 + layers).build();
    ModelSpec spec = ModelSpec.builder(model).window(steps).build();
    Random rnd = new Random(4);
    int[] ids = new int[batch * steps];
    long[] longs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rnd.nextInt(vocab);
      longs[i] = ids[i];
    }
    float[] onnx;
    try (OnnxTensor t = OnnxTensor.createTensor(ENV, java.nio.LongBuffer.wrap(longs),
        new long[] {batch, steps})) {
      onnx = runOnnx(OnnxExport.toOnnx(model, spec).toByteArray(),
          Map.of(OnnxExport.INPUT, t));
    }
    assertClose(onnx, model.predict(SequenceBatch.ofTokens(ids, batch, steps)));
  }

  /**
   * With the {@code lengths} input (ONNX's sequence_lens on every recurrent node) a padded batch
   * gives the model's predictions for {@code withLengths}: rows of 9, 4, 1 and 6 of T = 9 steps,
   * one direction and bidirectional, the head on the last states and on every step.
   */
  @ParameterizedTest(name = "{0} layers={1} outputs={2} bidirectional={3}")
  @CsvSource({"lstm, 2, last, false", "gru, 1, all, false", "lstm, 1, last, true",
      "gru, 2, all, true", "rnn, 2, last, true"})
  void toOnnx_lengths_matchesForwardWithLengths(String cellId, int layers, String outputs,
      boolean bidirectional) throws Exception {
    int in = 3;
    int batch = 4;
    int steps = 9;
    int[] lengths = {9, 4, 1, 6};
    SequenceModel model = SequenceModel.builder(CellType.fromId(cellId), in, 5).layers(layers)
        .bidirectional(bidirectional).outputSize(2).outputs(ModelSpec.outputsFromId(outputs))
        .seed(11 + layers).build();
    ModelSpec spec = ModelSpec.builder(model).window(steps).build();
    float[] x = randomInput(batch * steps * in, 8);
    float[] onnx;
    try (OnnxTensor t = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x),
            new long[] {batch, steps, in});
        OnnxTensor len = OnnxTensor.createTensor(ENV, java.nio.IntBuffer.wrap(lengths),
            new long[] {batch})) {
      onnx = runOnnx(OnnxExport.toOnnx(model, spec, true).toByteArray(),
          Map.of(OnnxExport.INPUT, t, OnnxExport.LENGTHS, len));
    }
    assertClose(onnx,
        model.predict(SequenceBatch.of(x, batch, steps, in).withLengths(lengths)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"lstm_l2_nometa, lstm", "gru_meta, gru", "rnn_relu_nometa, rnn_relu",
      "lstm_l2_bidi_nometa, lstm", "gru_bidi_meta, gru"})
  void write_pytorchFile_matchesPytorch(String name, String cell) throws Exception {
    Path fixtures = Path.of("src/test/resources/fixtures");
    JsonNode json = new ObjectMapper().readTree(fixtures.resolve(name + ".json").toFile());
    int batch = json.get("batch").asInt();
    int steps = json.get("steps").asInt();
    int in = json.get("input_size").asInt();
    ModelFile.LoadedModel m = ModelFile.load(fixtures.resolve(name + ".safetensors"),
        OptionalInt.of(steps), Optional.of(CellType.fromId(cell)));
    Path onnxFile = dir.resolve(name + ".onnx");

    OnnxExport.write(onnxFile, m.model(), m.spec());

    float[] onnx = runOnnx(Files.readAllBytes(onnxFile), floats(json.get("input").get("data")),
        batch, steps, in);
    assertClose(onnx, floats(json.get("expected").get("data")));
  }

  @Test
  void toOnnx_metadata_carriesModelFileMetadata() throws Exception {
    SequenceModel model = SequenceModel.builder(CellType.GRU, 1, 4).build();
    ModelSpec spec = ModelSpec.builder(CellType.GRU, 1, 4).window(12).horizon(3)
        .extra(Map.of("note", "scaler here")).build();
    byte[] bytes = OnnxExport.toOnnx(model, spec).toByteArray();
    try (OrtSession s = ENV.createSession(bytes, new OrtSession.SessionOptions())) {
      Map<String, String> meta = s.getMetadata().getCustomMetadata();
      assertThat(meta).containsAllEntriesOf(spec.toMetadata());
      assertThat(meta).containsEntry("window", "12").containsEntry("note", "scaler here");
      assertThat(s.getMetadata().getProducerName()).isEqualTo("lstmlab");
    }
  }

  /** A character model (one-hot in, a distribution over the next character at every step). */
  @Test
  void write_textModel_carriesVocabulary_andMatchesForward() throws Exception {
    Vocabulary v = Vocabulary.build(Vocabulary.Kind.CHAR, false, "hello, world", 1, 100);
    SequenceModel model = SequenceModel.builder(CellType.LSTM, v.size(), 6).outputSize(v.size())
        .outputs(SequenceModel.Outputs.ALL).seed(9).build();
    ModelSpec spec = TextModelFile.withVocabulary(ModelSpec.builder(model).window(5).build(), v);
    Path file = dir.resolve("chars.onnx");
    int[] ids = v.encode("world");
    float[] x = OneHot.encode(ids, v.size());

    OnnxExport.write(file, model, spec);

    byte[] bytes = Files.readAllBytes(file);
    assertClose(runOnnx(bytes, x, 1, ids.length, v.size()),
        model.predict(SequenceBatch.of(x, 1, ids.length, v.size())));
    try (OrtSession s = ENV.createSession(bytes, new OrtSession.SessionOptions())) {
      assertThat(TextModelFile.fromJson(s.getMetadata().getCustomMetadata().get("vocabulary")))
          .isEqualTo(v);
    }
  }

  @Test
  void toOnnx_gateOrder_lstmBlocksAreIOFC() {
    // rows of 4 blocks of H = 1 row, 1 column: values name the PyTorch gate i=0, f=1, g=2, o=3
    float[] torch = {0, 1, 2, 3};
    assertThat(OnnxExport.reorder(torch, OnnxExport.gateOrder(CellType.LSTM), 1, 1))
        .containsExactly(0, 3, 1, 2);
    assertThat(OnnxExport.reorder(new float[] {0, 1, 2}, OnnxExport.gateOrder(CellType.GRU), 1, 1))
        .containsExactly(1, 0, 2);
  }

  @Test
  void write_specNotOfModel_throwsAndKeepsFile() throws IOException {
    Path file = dir.resolve("m.onnx");
    Files.writeString(file, "old");
    SequenceModel model = SequenceModel.builder(CellType.LSTM, 2, 4).build();
    ModelSpec other = ModelSpec.builder(CellType.LSTM, 2, 5).window(3).build();

    assertThatThrownBy(() -> OnnxExport.write(file, model, other))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.readString(file)).isEqualTo("old");
  }

  private static float[] floats(JsonNode arr) {
    float[] f = new float[arr.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) arr.get(i).asDouble();
    }
    return f;
  }
}
