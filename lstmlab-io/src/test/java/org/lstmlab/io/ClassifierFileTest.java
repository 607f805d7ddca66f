package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.text.TextClassifier;
import org.lstmlab.core.text.Vocabulary;
import org.lstmlab.core.train.TrainerConfig;

/** Text classifier files and labelled texts: a round trip, and what is refused. */
class ClassifierFileTest {

  @TempDir Path dir;

  @Test
  void saveLoad_bidirectionalClassifier_givesTheSameProbabilitiesLabelsAndRecord()
      throws Exception {
    Vocabulary v = Vocabulary.build(Vocabulary.Kind.WORD, false, "a b c d a b", 1, 100);
    SequenceModel net = TextClassifier.builder(CellType.GRU, v, 3, 5).bidirectional(true).seed(4)
        .build();
    TextClassifier c = new TextClassifier(net, v, List.of("x", "y, z", "w"), 7);
    ClassifierRun run = new ClassifierRun("data.csv", "text", "label", 0.2, 10, 123, "word",
        false, 1, 100, TrainerConfig.builder().epochs(3).build(), Map.of("epochs", 3));
    Path file = dir.resolve("c.safetensors");
    try (OutputTransaction tx = OutputTransaction.begin()) {
      ClassifierFile.save(tx, file, c, run);
      tx.commit();
    }
    ClassifierFile.Loaded m = ClassifierFile.load(file);
    int[][] docs = {{2, 3, 4, 5, 2, 3, 4, 5, 2}, {3}};
    assertThat(m.classifier().probabilities(docs)).containsExactly(c.probabilities(docs));
    assertThat(m.classifier().labels()).containsExactly("x", "y, z", "w");
    assertThat(m.classifier().maxLength()).isEqualTo(7);
    assertThat(m.classifier().vocabulary()).isEqualTo(v);
    assertThat(m.run().toJson()).isEqualTo(run.toJson());
    assertThat(m.run().training().epochs()).isEqualTo(3);
  }

  @Test
  void load_languageModelFile_isRefusedAsNotAClassifier() throws Exception {
    Vocabulary v = Vocabulary.build(Vocabulary.Kind.CHAR, false, "abc", 1, 100);
    SequenceModel lm = SequenceModel.builder(CellType.LSTM, v.size(), 4).outputSize(v.size())
        .outputs(SequenceModel.Outputs.ALL).build();
    Path file = dir.resolve("lm.safetensors");
    TextModelFile.save(file, lm, ModelSpec.builder(lm).window(4).build(), v);
    assertThatThrownBy(() -> ClassifierFile.load(file)).isInstanceOf(ModelFileException.class)
        .hasMessage(file + ": not a text classifier (it has no class labels); train one with"
            + " 'lstmlab classify train'");
  }

  @Test
  void read_quotedCsv_keepsCommasAndLineBreaksAndLines() throws Exception {
    Path f = dir.resolve("t.csv");
    Files.writeString(f, "label;text\nspam;\"buy, now\nplease\"\nham;hello\n");
    LabelledTexts t = LabelledTexts.read(f, "text", Optional.of("label"));
    assertThat(t.texts()).containsExactly("buy, now\nplease", "hello");
    assertThat(t.labels()).containsExactly("spam", "ham");
    assertThat(t.rows()).containsExactly(3, 4); // the line each record ends on
    assertThat(t.classes()).containsExactly("ham", "spam");
    assertThat(t.classIndices(t.classes())).containsExactly(1, 0);
    LabelledTexts.Split s = t.split(0.5);
    assertThat(s.train().texts()).containsExactly("buy, now\nplease");
    assertThat(s.heldOut().texts()).containsExactly("hello");
  }
}
