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
  @ValueSource(strings = {"lstm", "gru", "rnn_relu", "lstm_bidi", "gru_embedding"})
  void load_javaWrittenFile_predictsAsWhenItWasWritten(String cell) throws IOException {
    JsonNode doc = TestFiles.fixtureJson("java_written_" + cell + ".json");
    ModelFile.LoadedModel m = ModelFile.load(TestFiles.fixture("java_written_" + cell + ".safetensors"));
    assertThat(m.spec()).isEqualTo(spec(cell));
    float[] pred = m.model().predict(batch(m.spec(), TestFiles.floats(doc.get("input"))));
    float[] expected = TestFiles.floats(doc.get("expected"));
    for (int i = 0; i < pred.length; i++) {
      // Not bit for bit: a vector kernel may sum in another order than the one that wrote it.
      assertThat((double) pred[i]).as("prediction %d", i).isCloseTo(expected[i], within(1e-6));
    }
  }

  /**
   * The spec of case {@code id}: a cell id, with "_bidi" for a bidirectional stack or
   * "_embedding" for a token model (an embedding of 8 tokens, E = 2, padding id 0).
   */
  static ModelSpec spec(String id) {
    ObjectNode config = JsonNodeFactory.instance.objectNode();
    config.put("note", "written by JavaWrittenFixturesTest");
    boolean bidirectional = id.endsWith("_bidi");
    boolean tokens = id.endsWith("_embedding");
    CellType cell = CellType.fromId(id.replace("_bidi", "").replace("_embedding", ""));
    ModelSpec.Builder b = ModelSpec.builder(cell, 2, 4).layers(2).bidirectional(bidirectional)
        .outputSize(1).window(STEPS).seed(21).config(config);
    return (tokens ? b.embedding(8, 2, 0) : b).build();
  }

  /** The case's input: (B, T, I) values, or (B, T) token ids stored as floats. */
  static SequenceBatch batch(ModelSpec spec, float[] input) {
    if (!spec.tokenInput()) {
      return SequenceBatch.of(input, BATCH, STEPS, spec.inputSize());
    }
    int[] ids = new int[input.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (int) input[i];
    }
    return SequenceBatch.ofTokens(ids, BATCH, STEPS);
  }

  @EnabledIfSystemProperty(named = "lstmlab.writeFixtures", matches = "true")
  @ParameterizedTest
  @ValueSource(strings = {"lstm", "gru", "rnn_relu", "lstm_bidi", "gru_embedding"})
  void write_fixtures(String cell) throws IOException {
    Path out = Path.of("src/test/resources/fixtures");
    ModelSpec spec = spec(cell);
    SequenceModel model = spec.newModel();
    ModelFile.save(out.resolve("java_written_" + cell + ".safetensors"), model, spec);
    SplittableRandom r = new SplittableRandom(5);
    int width = spec.tokenInput() ? 1 : spec.inputSize();
    float[] x = new float[BATCH * STEPS * width];
    for (int i = 0; i < x.length; i++) {
      x[i] = spec.tokenInput() ? r.nextInt(spec.vocabSize()) : (float) (2 * r.nextDouble() - 1);
    }
    float[] pred = model.predict(batch(spec, x));
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("case", "java_written_" + cell);
    doc.put("batch", BATCH);
    doc.put("steps", STEPS);
    doc.set("input", spec.tokenInput() ? tensor(x, BATCH, STEPS)
        : tensor(x, BATCH, STEPS, spec.inputSize()));
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
