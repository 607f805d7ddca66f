package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;

/**
 * Model files written by this code and kept in the repository, in both roles:
 *
 * <ul>
 *   <li>a model saved by an old version must still load and predict as it did (this test);
 *   <li>PyTorch must read them: {@code /usr/bin/python3 tools/pytorch/safetensors_fixtures.py
 *       --check java_written_lstm.safetensors java_written_lstm.json} loads one into torch with
 *       {@code load_state_dict(strict=True)} and compares torch's prediction with the one stored
 *       here (run by hand, as the other fixture scripts).
 * </ul>
 *
 * Regenerate on purpose only: {@code ./mvnw -pl lstmlab-io test -Dtest=JavaWrittenFixturesTest
 * -Dlstmlab.writeFixtures=true}, from the repository root.
 */
class JavaWrittenFixturesTest {

  static final int BATCH = 3; // B
  static final int STEPS = 7; // T

  @ParameterizedTest
  @ValueSource(strings = {"lstm", "gru", "rnn_relu", "lstm_bidi"})
  void load_javaWrittenFile_predictsAsWhenItWasWritten(String cell) throws IOException {
    JsonNode doc = TestFiles.fixtureJson("java_written_" + cell + ".json");
    ModelFile.LoadedModel m = ModelFile.load(TestFiles.fixture("java_written_" + cell + ".safetensors"));
    assertThat(m.spec()).isEqualTo(spec(cell));
    float[] pred = m.model().predict(SequenceBatch.of(TestFiles.floats(doc.get("input")), BATCH,
        STEPS, m.spec().inputSize()));
    float[] expected = TestFiles.floats(doc.get("expected"));
    for (int i = 0; i < pred.length; i++) {
      // Not bit for bit: a vector kernel may sum in another order than the one that wrote it.
      assertThat((double) pred[i]).as("prediction %d", i).isCloseTo(expected[i], within(1e-6));
    }
  }

  /** The spec of case {@code id}: a cell id, with "_bidi" for a bidirectional stack. */
  static ModelSpec spec(String id) {
    ObjectNode config = JsonNodeFactory.instance.objectNode();
    config.put("note", "written by JavaWrittenFixturesTest");
    boolean bidirectional = id.endsWith("_bidi");
    CellType cell = CellType.fromId(bidirectional ? id.substring(0, id.length() - 5) : id);
    return ModelSpec.builder(cell, 2, 4).layers(2).bidirectional(bidirectional).outputSize(1)
        .window(STEPS).seed(21).config(config).build();
  }

  @EnabledIfSystemProperty(named = "lstmlab.writeFixtures", matches = "true")
  @ParameterizedTest
  @ValueSource(strings = {"lstm", "gru", "rnn_relu", "lstm_bidi"})
  void write_fixtures(String cell) throws IOException {
    Path out = Path.of("src/test/resources/fixtures");
    ModelSpec spec = spec(cell);
    SequenceModel model = spec.newModel();
    ModelFile.save(out.resolve("java_written_" + cell + ".safetensors"), model, spec);
    SplittableRandom r = new SplittableRandom(5);
    float[] x = new float[BATCH * STEPS * spec.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (2 * r.nextDouble() - 1);
    }
    float[] pred = model.predict(SequenceBatch.of(x, BATCH, STEPS, spec.inputSize()));
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("case", "java_written_" + cell);
    doc.put("batch", BATCH);
    doc.put("steps", STEPS);
    doc.set("input", tensor(x, BATCH, STEPS, spec.inputSize()));
    doc.set("expected", tensor(pred, BATCH, spec.outputSize()));
    Files.writeString(out.resolve("java_written_" + cell + ".json"), doc + "\n");
  }

  private static ObjectNode tensor(float[] v, int... shape) {
    ObjectNode t = JsonNodeFactory.instance.objectNode();
    ArrayNode s = t.putArray("shape");
    for (int d : shape) {
      s.add(d);
    }
    ArrayNode d = t.putArray("data");
    for (float f : v) {
      d.add((double) f); // the exact double of the float: parsing and narrowing gives it back
    }
    return t;
  }
}
