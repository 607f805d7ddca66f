package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.text.Vocabulary;

class TextModelFileTest {

  @TempDir Path dir;

  @Test
  void save_load_roundTripsVocabularyAndWeights() throws Exception {
    Vocabulary v = Vocabulary.build(Vocabulary.Kind.CHAR, true, "Hello, \"world\"\n\u00e9\uD83D\uDE00",
        1, 100);
    SequenceModel model = SequenceModel.builder(CellType.GRU, v.size(), 3).outputSize(v.size())
        .outputs(SequenceModel.Outputs.ALL).seed(4).build();
    ModelSpec spec = ModelSpec.builder(model).window(8).build();
    Path file = dir.resolve("char.safetensors");

    TextModelFile.save(file, model, spec, v);
    TextModelFile.Loaded back = TextModelFile.load(file);

    assertThat(back.vocabulary()).contains(v);
    assertThat(back.model().parameters().data()).containsExactly(model.parameters().data());
    assertThat(back.spec().extra()).containsKey("vocabulary");
  }

  @Test
  void toJson_layout_isDocumented() {
    Vocabulary v = Vocabulary.build(Vocabulary.Kind.WORD, false, "b a b", 1, 10);
    assertThat(TextModelFile.toJson(v))
        .isEqualTo("{\"kind\":\"word\",\"lowercase\":false,\"tokens\":[\"<pad>\",\"<unk>\",\"b\",\"a\"]}");
  }

  @Test
  void load_withoutVocabulary_isEmpty() throws Exception {
    SequenceModel model = SequenceModel.builder(CellType.LSTM, 1, 2).build();
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(file, model, ModelSpec.builder(model).window(3).build());

    assertThat(TextModelFile.load(file).vocabulary()).isEmpty();
  }

  @Test
  void load_malformedVocabulary_oneLineNamingFileAndKey() throws Exception {
    SequenceModel model = SequenceModel.builder(CellType.LSTM, 1, 2).build();
    Path file = dir.resolve("bad.safetensors");
    ModelFile.save(file, model, ModelSpec.builder(model).window(3)
        .extra(Map.of("vocabulary", "{\"kind\":\"char\",\"lowercase\":false,\"tokens\":[\"a\"]}"))
        .build());

    assertThatThrownBy(() -> TextModelFile.load(file))
        .isInstanceOf(ModelFileException.class)
        .hasMessage(file + ": metadata 'vocabulary': tokens must start with <pad>, <unk>; got [a]");
  }

  @Test
  void fromJson_wrongTypes_sayWhich() {
    assertThatThrownBy(() -> TextModelFile.fromJson("[1]")).hasMessage("must be a JSON object");
    assertThatThrownBy(() -> TextModelFile.fromJson("{\"kind\":\"byte\",\"lowercase\":true,"
        + "\"tokens\":[]}")).hasMessage("vocabulary kind must be char or word; got 'byte'");
    assertThatThrownBy(() -> TextModelFile.fromJson("{\"kind\":\"char\",\"lowercase\":1,"
        + "\"tokens\":[]}")).hasMessage("'lowercase' must be true or false");
    assertThatThrownBy(() -> TextModelFile.fromJson("{\"kind\":\"char\",\"lowercase\":true,"
        + "\"tokens\":[\"<pad>\",2]}")).hasMessage("tokens[1] must be a string, got 2");
  }
}
