package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;

/**
 * Model files written by PyTorch (tools/pytorch/safetensors_fixtures.py, torch 1.13) load into
 * the models torch had: same sizes, and predictions within 1e-5 of torch's on the same input.
 */
class TorchFixturesTest {

  private static final double TOLERANCE = 1e-5;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // case,               cell given, expected cell, I, H, L, O, bidirectional
    "lstm_l2_nometa,       ,          lstm,          2, 4, 2, 1, false",
    "gru_meta,             ,          gru,           3, 5, 1, 2, false",
    "rnn_relu_nometa,      rnn_relu,  rnn_relu,      2, 3, 2, 1, false",
    "lstm_l2_bidi_nometa,  ,          lstm,          2, 4, 2, 1, true",
    "gru_bidi_meta,        ,          gru,           3, 5, 1, 2, true",
  })
  void load_torchFile_predictsAsTorch(String name, String cellGiven, String cell, int in,
      int hidden, int layers, int out, boolean bidirectional) throws IOException {
    JsonNode doc = TestFiles.fixtureJson(name + ".json");
    int batch = doc.get("batch").asInt();
    int steps = doc.get("steps").asInt();
    Optional<CellType> given = Optional.ofNullable(cellGiven).map(CellType::fromId);

    ModelFile.LoadedModel loaded =
        ModelFile.load(TestFiles.fixture(name + ".safetensors"), OptionalInt.of(steps), given);

    ModelSpec spec = loaded.spec();
    assertThat(spec.cell().id()).isEqualTo(cell);
    assertThat(new int[] {spec.inputSize(), spec.hidden(), spec.layers(), spec.outputSize()})
        .containsExactly(in, hidden, layers, out);
    assertThat(spec.bidirectional()).as("bidirectional").isEqualTo(bidirectional);
    assertThat(spec.window()).isEqualTo(steps);
    assertThat(spec.outputs()).isEqualTo(SequenceModel.Outputs.LAST);
    assertPredicts(loaded.model().predict(SequenceBatch.of(
        TestFiles.floats(doc.get("input")), batch, steps, loaded.model().inputSize())), doc);
  }

  /** Predictions within {@link #TOLERANCE} of torch's, the fixture's "expected". */
  private static void assertPredicts(float[] pred, JsonNode doc) {
    float[] expected = TestFiles.floats(doc.get("expected"));
    assertThat(pred).hasSize(expected.length);
    for (int i = 0; i < pred.length; i++) {
      assertThat((double) pred[i]).as("prediction %d", i).isCloseTo(expected[i], within(TOLERANCE));
    }
  }

  /**
   * PyTorch modules with {@code self.embedding = nn.Embedding(V, E, padding_idx=0)}: V and E come
   * from embedding.weight; the padding id from the {@code padding_idx} key, none without it.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // case,               expected cell, V, E, H, L, O, padding id (-1: none)
    "gru_embedding_nometa, gru,           9, 3, 5, 1, 2, -1",
    "lstm_embedding_meta,  lstm,          6, 2, 4, 2, 1, 0",
  })
  void load_torchTokenModel_predictsAsTorch(String name, String cell, int vocab, int dim,
      int hidden, int layers, int out, int padding) throws IOException {
    JsonNode doc = TestFiles.fixtureJson(name + ".json");
    int batch = doc.get("batch").asInt();
    int steps = doc.get("steps").asInt();
    ModelFile.LoadedModel loaded =
        ModelFile.load(TestFiles.fixture(name + ".safetensors"), OptionalInt.of(steps));

    ModelSpec spec = loaded.spec();
    assertThat(spec.cell().id()).isEqualTo(cell);
    assertThat(new int[] {spec.vocabSize(), spec.embeddingDim(), spec.inputSize(), spec.hidden(),
        spec.layers(), spec.outputSize()}).containsExactly(vocab, dim, dim, hidden, layers, out);
    assertThat(loaded.model().embedding().paddingIdx()).isEqualTo(padding);
    float[] ids = TestFiles.floats(doc.get("input"));
    int[] tokens = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      tokens[i] = (int) ids[i];
    }
    assertPredicts(loaded.model().predict(SequenceBatch.ofTokens(tokens, batch, steps)), doc);
  }

  @Test
  void load_plainRnnWithoutCell_takesPyTorchsTanh_andSaysSo() throws IOException {
    Path file = TestFiles.fixture("rnn_relu_nometa.safetensors");
    ModelFile.LoadedModel loaded = ModelFile.load(file, OptionalInt.of(7));
    assertThat(loaded.spec().cell()).isEqualTo(CellType.RNN_TANH);
    assertThat(loaded.notes()).containsExactly(file + ": one gate block, a plain RNN; the file"
        + " does not say its nonlinearity, so it is taken as tanh, PyTorch's nn.RNN default (give"
        + " --cell rnn_relu for relu)");
    assertThat(ModelFile.load(file, OptionalInt.of(7), Optional.of(CellType.RNN_RELU)).notes())
        .isEmpty();
  }

  @Test
  void load_torchFileWithoutWindow_asksForIt() {
    Path file = TestFiles.fixture("lstm_l2_nometa.safetensors");
    assertThatThrownBy(() -> ModelFile.load(file))
        .isInstanceOf(ModelFileException.class)
        .hasMessageEndingWith("give it (--window N)");
  }

  @Test
  void load_gruWithOnlyCellMetadata_infersTheRestAndUsesDefaults() throws IOException {
    ModelSpec spec =
        ModelFile.load(TestFiles.fixture("gru_meta.safetensors"), OptionalInt.of(7)).spec();
    assertThat(spec.horizon()).isEqualTo(1);
    assertThat(spec.dropout()).isZero();
    assertThat(spec.config().isEmpty()).isTrue();
    assertThat(spec.extra()).isEmpty();
  }
}
