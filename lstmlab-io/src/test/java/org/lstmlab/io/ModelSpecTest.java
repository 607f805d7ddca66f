package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Embedding;
import org.lstmlab.core.nn.SequenceModel;

class ModelSpecTest {

  @Test
  void build_withoutWindow_saysWindowIsRequired() {
    assertThatThrownBy(() -> ModelSpec.builder(CellType.LSTM, 1, 4).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must be positive, got 0");
  }

  @Test
  void build_reservedExtraKey_isRejected() {
    assertThatThrownBy(
            () -> ModelSpec.builder(CellType.LSTM, 1, 4).window(3).extra(Map.of("hidden", "9")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("extra metadata must not use the reserved key 'hidden'");
  }

  @Test
  void config_isCopiedInAndOut() {
    ObjectNode config = JsonNodeFactory.instance.objectNode().put("lr", 0.1);
    ModelSpec spec = ModelSpec.builder(CellType.GRU, 1, 4).window(3).config(config).build();
    config.put("lr", 0.5);
    spec.config().put("lr", 0.9);
    assertThat(spec.config().get("lr").doubleValue()).isEqualTo(0.1);
  }

  @Test
  void toBuilder_unchanged_isEqualWithSameHash() {
    ModelSpec spec =
        ModelSpec.builder(CellType.RNN_RELU, 2, 3).layers(3).window(5).horizon(2).seed(-4).build();
    ModelSpec copy = spec.toBuilder().build();
    assertThat(copy).isEqualTo(spec).hasSameHashCodeAs(spec);
    assertThat(spec.toBuilder().horizon(3).build()).isNotEqualTo(spec);
  }

  @Test
  void toJson_hasTypedValuesUnderTheMetadataKeys() {
    ModelSpec spec = ModelSpec.builder(CellType.LSTM, 2, 8).dropout(0.1).window(24).build();
    assertThat(spec.toJson().toString())
        .isEqualTo(
            "{\"format\":\"lstmlab\",\"version\":2,\"cell\":\"lstm\",\"input_size\":2,\"hidden\":8,"
                + "\"layers\":1,\"output_size\":1,\"outputs\":\"last\",\"dropout\":0.1,"
                + "\"window\":24,\"horizon\":1,\"seed\":0,\"config\":{}}");
    // "bidirectional" is written only for a bidirectional model, the embedding's keys only for a
    // token model, so older files stay as they were.
    java.util.Set<String> optional = java.util.Set.of("bidirectional", "embedding_dim",
        "padding_idx");
    assertThat(spec.toMetadata().keySet()).containsExactlyInAnyOrderElementsOf(
        ModelSpec.KEYS.stream().filter(k -> !optional.contains(k)).toList());
    ModelSpec bidi = spec.toBuilder().bidirectional(true).embedding(30, 2, 1).build();
    assertThat(bidi.toMetadata().keySet()).containsExactlyInAnyOrderElementsOf(ModelSpec.KEYS);
    assertThat(bidi.toMetadata()).containsEntry("bidirectional", "true")
        .containsEntry("embedding_dim", "2").containsEntry("padding_idx", "1");
    assertThat(bidi.toJson().get("bidirectional").booleanValue()).isTrue();
    assertThat(bidi.toJson().get("embedding_dim").intValue()).isEqualTo(2);
    assertThat(spec.toBuilder().embedding(30, 2, Embedding.NO_PADDING).build().toMetadata())
        .containsEntry("embedding_dim", "2").doesNotContainKey("padding_idx");
    assertThatThrownBy(() -> spec.toBuilder().embedding(30, 3, 1).build())
        .hasMessage("embedding_dim 3 must equal input_size 2: the embedded vectors are the"
            + " stack's input");
  }

  @Test
  void builderOfModel_bidirectional_isKeptAndChecked() {
    SequenceModel model = SequenceModel.builder(CellType.GRU, 2, 4).layers(2).bidirectional(true)
        .build();
    ModelSpec spec = ModelSpec.builder(model).window(5).build();
    assertThat(spec.bidirectional()).isTrue();
    assertThat(spec.parameterShapes()).containsKeys("rnn.weight_ih_l1_reverse", "head.weight");
    assertThat(spec.parameterShapes().get("rnn.weight_ih_l1")).containsExactly(12, 8);
    spec.requireFits(model);
    ModelSpec one = spec.toBuilder().bidirectional(false).build();
    assertThatThrownBy(() -> one.requireFits(model))
        .hasMessage("the spec says bidirectional false but the model has true");
  }

  @ParameterizedTest
  @CsvSource({"last, LAST", "ALL, ALL", "All, ALL"})
  void outputsFromId_anyCase_givesOutputs(String id, SequenceModel.Outputs expected) {
    assertThat(ModelSpec.outputsFromId(id)).isEqualTo(expected);
  }

  @Test
  void requireFits_otherCell_namesCell() {
    ModelSpec spec = ModelSpec.builder(CellType.GRU, 2, 4).window(3).build();
    SequenceModel lstm = SequenceModel.builder(CellType.LSTM, 2, 4).build();
    assertThatThrownBy(() -> spec.requireFits(lstm))
        .hasMessage("the spec says cell gru but the model has lstm");
  }
}
