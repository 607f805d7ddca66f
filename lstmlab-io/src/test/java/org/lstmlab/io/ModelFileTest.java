package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Parameters;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;

class ModelFileTest {

  @TempDir Path dir;

  private static ModelSpec spec(CellType cell) {
    ObjectNode config = JsonNodeFactory.instance.objectNode();
    config.put("lr", 0.01);
    config.putObject("scaler").put("kind", "standard").put("mean", 3.25).put("std", 1.5);
    config.putArray("columns").add("price").add("volume");
    return ModelSpec.builder(cell, 2, 5)
        .layers(2)
        .outputSize(3)
        .outputs(SequenceModel.Outputs.ALL)
        .dropout(0.25)
        .window(12)
        .horizon(4)
        .seed(1234567890123L)
        .config(config)
        .extra(Map.of("author", "test"))
        .build();
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void save_thenLoad_givesBitIdenticalParametersEqualSpecAndSamePredictions(CellType cell)
      throws IOException {
    ModelSpec spec = spec(cell);
    SequenceModel model = spec.newModel();
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(file, model, spec);

    ModelFile.LoadedModel loaded = ModelFile.load(file);
    assertThat(loaded.spec()).isEqualTo(spec);
    Parameters a = model.parameters();
    Parameters b = loaded.model().parameters();
    assertThat(b.sameLayout(a)).isTrue();
    for (int i = 0; i < a.size(); i++) {
      assertThat(Float.floatToRawIntBits(b.data()[i]))
          .as("parameter %d", i)
          .isEqualTo(Float.floatToRawIntBits(a.data()[i]));
    }
    float[] x = randomInput(2 * 12 * 2, 7);
    assertThat(loaded.model().predict(SequenceBatch.of(x, 2, 12, 2)))
        .containsExactly(model.predict(SequenceBatch.of(x, 2, 12, 2)));
    assertThat(TestFiles.list(dir)).containsExactly("m.safetensors");
  }

  @Test
  void save_metadata_isStringsWithJsonEncodedNumbersAndConfig() throws IOException {
    ModelSpec spec = spec(CellType.GRU);
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(file, spec.newModel(), spec);
    Map<String, String> meta = SafeTensors.read(file).metadata();
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("format", "lstmlab");
    expected.put("version", "2");
    expected.put("cell", "gru");
    expected.put("input_size", "2");
    expected.put("hidden", "5");
    expected.put("layers", "2");
    expected.put("output_size", "3");
    expected.put("outputs", "all");
    expected.put("dropout", "0.25");
    expected.put("window", "12");
    expected.put("horizon", "4");
    expected.put("seed", "1234567890123");
    expected.put(
        "config",
        "{\"lr\":0.01,\"scaler\":{\"kind\":\"standard\",\"mean\":3.25,\"std\":1.5},"
            + "\"columns\":[\"price\",\"volume\"]}");
    expected.put("author", "test");
    assertThat(meta).containsExactlyEntriesOf(expected);
    assertThat(SafeTensors.read(file).tensors().keySet())
        .containsExactly(
            "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
            "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
            "head.weight", "head.bias");
  }

  @Test
  void save_specFromModel_roundTripsDropoutAsTyped() throws IOException {
    SequenceModel model =
        SequenceModel.builder(CellType.LSTM, 3, 4).layers(2).dropout(0.2).seed(9).build();
    ModelSpec spec = ModelSpec.builder(model).window(24).build();
    assertThat(spec.dropout()).isEqualTo(0.2);
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(file, model, spec);
    assertThat(SafeTensors.read(file).metadata()).containsEntry("dropout", "0.2");
    assertThat(ModelFile.load(file).spec()).isEqualTo(spec);
  }

  @Test
  void save_nonFiniteParameter_leavesOldFileByteIdenticalAndNoTemporaryFile() throws IOException {
    ModelSpec spec = spec(CellType.LSTM);
    SequenceModel model = spec.newModel();
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(file, model, spec);
    byte[] good = Files.readAllBytes(file);

    SequenceModel diverged = spec.toBuilder().seed(99).build().newModel();
    Parameters p = diverged.parameters();
    p.data()[p.tensor("rnn.weight_hh_l1").offset() + 2] = Float.POSITIVE_INFINITY;
    assertThatThrownBy(() -> ModelFile.save(file, diverged, spec))
        .isInstanceOf(ModelFileException.class)
        .hasMessage(
            file + ": not saved: tensor 'rnn.weight_hh_l1' holds Infinity at index 2"
                + " (did training diverge?)");
    assertThat(Files.readAllBytes(file)).isEqualTo(good);
    assertThat(TestFiles.list(dir)).containsExactly("m.safetensors");
  }

  @Test
  void save_intoMissingDirectory_throwsAndLeavesNothing() {
    ModelSpec spec = spec(CellType.RNN_TANH);
    Path file = dir.resolve("missing/m.safetensors");
    assertThatThrownBy(() -> ModelFile.save(file, spec.newModel(), spec))
        .isInstanceOf(IOException.class);
    assertThat(TestFiles.list(dir)).isEmpty();
  }

  @Test
  void save_specDescribesAnotherModel_throwsNamingTheField() {
    ModelSpec spec = spec(CellType.LSTM);
    SequenceModel other = spec.toBuilder().layers(1).build().newModel();
    assertThatThrownBy(() -> ModelFile.save(dir.resolve("m.safetensors"), other, spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the spec says layers 2 but the model has 1");
  }

  @Test
  void load_windowGiven_replacesTheFilesWindow() throws IOException {
    ModelSpec spec = spec(CellType.LSTM);
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(file, spec.newModel(), spec);
    assertThat(ModelFile.load(file, OptionalInt.of(48)).spec().window()).isEqualTo(48);
  }

  // ---- files that do not fit ------------------------------------------------------------------

  /** Saves a spec's model, then rewrites the file with edited metadata and tensors. */
  private Path edited(
      ModelSpec spec,
      java.util.function.Consumer<Map<String, String>> meta,
      java.util.function.Consumer<List<SafeTensors.Tensor>> tensors)
      throws IOException {
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(file, spec.newModel(), spec);
    SafeTensors.Contents c = SafeTensors.read(file);
    Map<String, String> m = new LinkedHashMap<>(c.metadata());
    List<SafeTensors.Tensor> t = new ArrayList<>(c.tensors().values());
    meta.accept(m);
    tensors.accept(t);
    SafeTensors.write(file, m, t);
    return file;
  }

  private static void assertLoadFails(Path file, String message) {
    assertThatThrownBy(() -> ModelFile.load(file))
        .isInstanceOf(ModelFileException.class)
        .hasMessage(file + ": " + message);
  }

  @Test
  void load_newerVersion_asksToUpdate() throws IOException {
    Path file = edited(spec(CellType.LSTM), m -> m.put("version", "3"), t -> {});
    assertLoadFails(
        file, "model file format version 3 is newer than this LSTM Lab reads (2); update LSTM Lab");
  }

  @Test
  void load_metadataCellDisagreesWithShapes_saysBoth() throws IOException {
    Path file = edited(spec(CellType.LSTM), m -> m.put("cell", "gru"), t -> {});
    assertLoadFails(
        file,
        "metadata 'cell' is gru (3 gate blocks), but rnn.weight_hh_l0 has shape [20, 5], 4 gate"
            + " blocks");
  }

  @Test
  void load_metadataHiddenDisagreesWithShapes_saysBoth() throws IOException {
    Path file = edited(spec(CellType.GRU), m -> m.put("hidden", "6"), t -> {});
    assertLoadFails(file, "metadata 'hidden' is 6 but the columns of rnn.weight_hh_l0 give 5");
  }

  @Test
  void load_metadataBidirectionalDisagreesWithTensors_saysBoth() throws IOException {
    Path file = edited(spec(CellType.GRU), m -> m.put("bidirectional", "true"), t -> {});
    assertLoadFails(file,
        "metadata 'bidirectional' is true but the file has no rnn.weight_ih_l0_reverse");
    Path other = edited(spec(CellType.GRU), m -> m.put("bidirectional", "yes"), t -> {});
    assertLoadFails(other, "metadata 'bidirectional' is 'yes'; expected true or false");
  }

  @Test
  void saveAndLoad_bidirectional_roundTripsWithPyTorchNames() throws IOException {
    ModelSpec spec = spec(CellType.LSTM).toBuilder().layers(2).bidirectional(true).build();
    SequenceModel model = spec.newModel();
    Path file = dir.resolve("bidi.safetensors");
    ModelFile.save(file, model, spec);

    SafeTensors.Contents c = SafeTensors.read(file);
    assertThat(c.metadata()).containsEntry("bidirectional", "true");
    assertThat(c.tensors()).containsKeys("rnn.weight_ih_l0_reverse", "rnn.bias_hh_l1_reverse");
    assertThat(c.tensors().get("rnn.weight_ih_l1").shape()).containsExactly(4 * 5, 2 * 5);
    ModelFile.LoadedModel loaded = ModelFile.load(file);
    assertThat(loaded.spec()).isEqualTo(spec);
    assertThat(loaded.model().parameters().data()).containsExactly(model.parameters().data());
  }

  @Test
  void saveAndLoad_tokenModel_roundTripsWithEmbeddingFirstAndItsKeys() throws IOException {
    ModelSpec spec = spec(CellType.GRU).toBuilder().embedding(11, 2, 3).build();
    SequenceModel model = spec.newModel();
    Path file = dir.resolve("tokens.safetensors");
    ModelFile.save(file, model, spec);

    SafeTensors.Contents c = SafeTensors.read(file);
    assertThat(c.metadata()).containsEntry("embedding_dim", "2").containsEntry("padding_idx", "3")
        .containsEntry("input_size", "2");
    assertThat(c.tensors().keySet().iterator().next()).isEqualTo("embedding.weight");
    assertThat(c.tensors().get("embedding.weight").shape()).containsExactly(11, 2);
    ModelFile.LoadedModel loaded = ModelFile.load(file);
    assertThat(loaded.spec()).isEqualTo(spec);
    assertThat(loaded.model().tokenInput()).isTrue();
    assertThat(loaded.model().embedding().paddingIdx()).isEqualTo(3);
    assertThat(loaded.model().parameters().data()).containsExactly(model.parameters().data());
    int[] ids = {0, 4, 10, 3, 7, 1, 2, 9, 5, 6, 8, 3};
    assertThat(loaded.model().predict(SequenceBatch.ofTokens(ids, 1, 12)))
        .containsExactly(model.predict(SequenceBatch.ofTokens(ids, 1, 12)));
  }

  @Test
  void save_modelWithoutEmbedding_writesNoEmbeddingKeys() throws IOException {
    Path file = dir.resolve("floats.safetensors");
    ModelFile.save(file, spec(CellType.GRU).newModel(), spec(CellType.GRU));
    assertThat(SafeTensors.read(file).metadata()).doesNotContainKeys("embedding_dim",
        "padding_idx");
  }

  @Test
  void load_embeddingKeysWithoutTheTensor_saysSo() throws IOException {
    Path file = edited(spec(CellType.GRU), m -> m.put("embedding_dim", "2"), t -> {});
    assertLoadFails(file, "metadata 'embedding_dim' describes an embedding, but the file has no"
        + " tensor 'embedding.weight'");
  }

  @Test
  void load_embeddingDisagreeingWithItsMetadata_saysBoth() throws IOException {
    ModelSpec tokens = spec(CellType.GRU).toBuilder().embedding(11, 2, 3).build();
    assertLoadFails(edited(tokens, m -> m.put("embedding_dim", "4"), t -> {}),
        "metadata 'embedding_dim' is 4 but the columns of embedding.weight give 2");
    assertLoadFails(edited(tokens, m -> m.put("padding_idx", "11"), t -> {}),
        "metadata padding_idx must be in [0, 11), got 11");
  }

  @Test
  void load_ourFormatWithoutAKey_namesTheKey() throws IOException {
    Path file = edited(spec(CellType.GRU), m -> m.remove("output_size"), t -> {});
    assertLoadFails(file, "metadata has format 'lstmlab' but no 'output_size'");
  }

  @Test
  void load_badNumber_namesKeyAndValue() throws IOException {
    Path file = edited(spec(CellType.GRU), m -> m.put("layers", "two"), t -> {});
    assertLoadFails(file, "metadata 'layers' is 'two', not an integer");
  }

  @Test
  void load_badOutputs_listsTheValidOnes() throws IOException {
    Path file = edited(spec(CellType.GRU), m -> m.put("outputs", "first"), t -> {});
    assertLoadFails(file, "metadata outputs must be last or all; got 'first'");
  }

  @Test
  void load_badConfig_saysItIsNotJson() throws IOException {
    Path file = edited(spec(CellType.GRU), m -> m.put("config", "[1,2]"), t -> {});
    assertLoadFails(file, "metadata 'config' must be a JSON object, got [1,2]");
  }

  @Test
  void load_invalidDropout_isReportedAsInvalidDescription() throws IOException {
    Path file = edited(spec(CellType.GRU), m -> m.put("dropout", "1.5"), t -> {});
    assertLoadFails(file, "invalid model description: dropout must be in [0, 1), got 1.5");
  }

  @Test
  void load_missingTensor_namesItWithShape() throws IOException {
    Path file =
        edited(spec(CellType.LSTM), m -> {}, t -> t.removeIf(x -> x.name().equals("rnn.bias_hh_l1")));
    assertLoadFails(file, "missing tensor 'rnn.bias_hh_l1' [20]");
  }

  @Test
  void load_unexpectedTensor_namesIt() throws IOException {
    Path file =
        edited(
            spec(CellType.LSTM),
            m -> {},
            t -> t.add(new SafeTensors.Tensor("rnn.weight_hr_l0", new int[] {1}, new float[1])));
    assertThatThrownBy(() -> ModelFile.load(file))
        .isInstanceOf(ModelFileException.class)
        .hasMessageStartingWith(file + ": unexpected tensor 'rnn.weight_hr_l0'; the model has 10");
  }

  @Test
  void load_headWithWrongColumns_givesBothShapes() throws IOException {
    Path file =
        edited(
            spec(CellType.LSTM),
            m -> {},
            t -> t.replaceAll(
                x -> x.name().equals("head.weight")
                    ? new SafeTensors.Tensor("head.weight", new int[] {3, 4}, new float[12])
                    : x));
    assertLoadFails(file, "tensor 'head.weight' has shape [3, 4], the model needs [3, 5]");
  }

  @Test
  void load_noRecurrentWeights_explainsTheExpectedNames() throws IOException {
    Path file =
        edited(spec(CellType.LSTM), m -> {}, t -> t.removeIf(x -> x.name().equals("rnn.weight_ih_l0")));
    assertThatThrownBy(() -> ModelFile.load(file))
        .isInstanceOf(ModelFileException.class)
        .hasMessageStartingWith(
            file + ": no tensor 'rnn.weight_ih_l0'; a model file holds the state_dict of a module"
                + " with parts 'rnn' (nn.LSTM/GRU/RNN) and 'head' (nn.Linear)");
  }

  @Test
  void load_gateCountOfNoCell_saysWhatIsExpected() throws IOException {
    Path file =
        edited(
            spec(CellType.LSTM),
            m -> m.keySet().retainAll(List.of("window")),
            t -> t.replaceAll(
                x -> x.name().equals("rnn.weight_hh_l0")
                    ? new SafeTensors.Tensor("rnn.weight_hh_l0", new int[] {10, 5}, new float[50])
                    : x));
    assertLoadFails(
        file,
        "rnn.weight_hh_l0 has shape [10, 5], 2 gate blocks of 5 rows; expected 4 (lstm), 3 (gru)"
            + " or 1 (rnn)");
  }

  @Test
  void load_noWindowAnywhere_asksForIt() throws IOException {
    Path file = edited(spec(CellType.LSTM), m -> m.remove("window"), t -> {});
    assertLoadFails(
        file,
        "the file does not say which window (time steps) the model reads; give it (--window N)");
  }

  @Test
  void load_cellGiven_winsOverMetadata() throws IOException {
    Path file = edited(spec(CellType.RNN_TANH), m -> {}, t -> {});
    ModelFile.LoadedModel m =
        ModelFile.load(file, OptionalInt.empty(), Optional.of(CellType.RNN_RELU));
    assertThat(m.spec().cell()).isEqualTo(CellType.RNN_RELU);
    assertThat(m.model().config().cell()).isEqualTo(CellType.RNN_RELU);
  }

  @Test
  void load_foreignFormatKey_isDroppedNotKeptAsExtra() throws IOException {
    // Hugging Face writes {"format": "pt"}; it is not ours and not kept.
    Path file =
        edited(
            spec(CellType.GRU),
            m -> {
              m.put("format", "pt");
              m.put("other", "kept");
            },
            t -> {});
    ModelSpec loaded = ModelFile.load(file).spec();
    assertThat(loaded.extra()).containsOnly(Map.entry("author", "test"), Map.entry("other", "kept"));
  }

  private static float[] randomInput(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (2 * r.nextDouble() - 1);
    }
    return x;
  }
}
