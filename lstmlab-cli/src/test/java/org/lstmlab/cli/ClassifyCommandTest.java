package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlab.io.ClassifierFile;

/** {@code lstmlab classify train|predict|evaluate}: a run end to end, and bad input. */
class ClassifyCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /**
   * A CSV of 500 texts of filler words with one "a" and one "b": label "ab" when a comes first,
   * "ba" otherwise. A bag of words cannot tell the two apart; the order can.
   */
  private Path orderCsv() throws Exception {
    SplittableRandom rng = new SplittableRandom(5);
    StringBuilder s = new StringBuilder("id,text,label\n");
    for (int i = 0; i < 500; i++) {
      int len = 3 + rng.nextInt(5);
      StringBuilder words = new StringBuilder();
      int first = rng.nextInt(len);
      int second = first + 1 + rng.nextInt(len - first);
      boolean ab = rng.nextBoolean();
      for (int t = 0; t <= len; t++) {
        String w = t == first ? (ab ? "a" : "b") : t == second ? (ab ? "b" : "a")
            : String.valueOf((char) ('c' + rng.nextInt(5)));
        words.append(t == 0 ? "" : " ").append(w);
      }
      s.append(i).append(',').append(words).append(',').append(ab ? "ab" : "ba").append('\n');
    }
    Path f = dir.resolve("order.csv");
    Files.writeString(f, s.toString());
    return f;
  }

  private static String[] train(Path data, Path out, String... more) {
    String[] base = {"classify", "train", "--data", data.toString(), "--out", out.toString(),
        "--hidden", "16", "--batch-size", "16", "--lr", "0.01",
        "--min-count", "1", "--seed", "2"};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void trainEvaluatePredict_orderTask_beatsBaselinesAndAgrees() throws Exception {
    Path data = orderCsv();
    Path model = dir.resolve("cls.safetensors");
    Path report = dir.resolve("report");
    MainTest.Run r = MainTest.run(train(data, model, "--epochs", "12", "--json", "--report",
        report.toString()));
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    JsonNode t = JSON.readTree(r.out());
    double accuracy = t.at("/held_out/model/accuracy").asDouble();
    assertThat(accuracy).isGreaterThan(0.9)
        .isGreaterThan(t.at("/held_out/baselines/naive_bayes/accuracy").asDouble() + 0.25);
    assertThat(t.at("/held_out/baselines/majority/accuracy").asDouble()).isLessThan(0.6);
    assertThat(t.at("/held_out/labels").toString()).isEqualTo("[\"ab\",\"ba\"]");
    long total = 0;
    for (JsonNode row : t.at("/held_out/confusion")) {
      for (JsonNode c : row) {
        total += c.asLong();
      }
    }
    assertThat(total).isEqualTo(100); // every fifth of 500 held out
    assertThat(t.at("/record/task").asText()).isEqualTo("text_classifier");
    assertThat(ClassifierFile.load(model).classifier().labels()).containsExactly("ab", "ba");
    assertThat(Files.readString(report.resolve("report.html"))).contains("Confusion matrix");

    // evaluate: the held-out texts of the recorded data again, baselines refit
    MainTest.Run e = MainTest.run("classify", "evaluate", "--model", model.toString(), "--json");
    assertThat(e.code()).as(e.err()).isEqualTo(Main.OK);
    JsonNode ev = JSON.readTree(e.out());
    assertThat(ev.at("/model/accuracy").asDouble()).isCloseTo(accuracy, within(1e-12));
    assertThat(ev.at("/baselines/naive_bayes/accuracy").asDouble())
        .isEqualTo(t.at("/held_out/baselines/naive_bayes/accuracy").asDouble());
    MainTest.Run text = MainTest.run("classify", "evaluate", "--model", model.toString());
    assertThat(text.out()).contains("naive Bayes").contains("majority").contains("Confusion");

    // predict: one row per text, probabilities that sum to 1, the argmax as predicted
    Path preds = dir.resolve("preds.csv");
    MainTest.Run p = MainTest.run("classify", "predict", "--model", model.toString(), "--data",
        data.toString(), "--out", preds.toString());
    assertThat(p.code()).as(p.err()).isEqualTo(Main.OK);
    List<String> lines = Files.readAllLines(preds);
    assertThat(lines).hasSize(501);
    assertThat(lines.get(0)).isEqualTo("row,text,predicted,p_ab,p_ba");
    String[] first = lines.get(1).split(",");
    assertThat(first[0]).isEqualTo("2"); // the CSV line of the first text
    double pab = Double.parseDouble(first[3]);
    double pba = Double.parseDouble(first[4]);
    assertThat(pab + pba).isCloseTo(1, within(2e-6));
    assertThat(first[2]).isEqualTo(pab >= pba ? "ab" : "ba");
  }

  @Test
  void train_embedding_savesAnEmbeddedModelThatEvaluatesAsTrained() throws Exception {
    Path data = orderCsv();
    Path model = dir.resolve("emb.safetensors");
    MainTest.Run r = MainTest.run(train(data, model, "--epochs", "12", "--embedding", "8",
        "--json"));
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    JsonNode t = JSON.readTree(r.out());
    double accuracy = t.at("/held_out/model/accuracy").asDouble();
    assertThat(accuracy).isGreaterThan(0.9)
        .isGreaterThan(t.at("/held_out/baselines/naive_bayes/accuracy").asDouble() + 0.25);
    var loaded = ClassifierFile.load(model).classifier().model();
    assertThat(loaded.tokenInput()).isTrue();
    assertThat(loaded.parameters().tensor("embedding.weight").shape()[1]).isEqualTo(8);
    MainTest.Run e = MainTest.run("classify", "evaluate", "--model", model.toString(), "--json");
    assertThat(e.code()).as(e.err()).isEqualTo(Main.OK);
    assertThat(JSON.readTree(e.out()).at("/model/accuracy").asDouble())
        .isCloseTo(accuracy, within(1e-12));
  }

  static Stream<Arguments> badCsv() {
    return Stream.of(
        Arguments.of("id,words,label\n1,a b,x\n", "order.csv: no column 'text'"),
        Arguments.of("id,text,label\n1,a b,x\n2,   ,y\n", "line 3, column 'text': empty text"),
        Arguments.of("id,text,label\n1,a b,x\n2,c d,\n", "line 3, column 'label': empty label"),
        Arguments.of("id,text,label\n1,a b,x\n2,c d,x\n", "holds one label (x)"));
  }

  @ParameterizedTest
  @MethodSource("badCsv")
  void train_badCsv_failsInOneLineAndKeepsTheOldModel(String csv, String message)
      throws Exception {
    Path data = dir.resolve("order.csv");
    Files.writeString(data, csv);
    Path model = dir.resolve("m.safetensors");
    Files.writeString(model, "old");
    MainTest.Run r = MainTest.run(train(data, model));
    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(message).doesNotContain("Exception");
    assertThat(Files.readString(model)).isEqualTo("old");
  }

  @Test
  void evaluate_labelTheModelDoesNotKnow_failsNamingTheLine() throws Exception {
    Path data = orderCsv();
    Path model = dir.resolve("cls.safetensors");
    assertThat(MainTest.run(train(data, model, "--epochs", "1")).code()).isEqualTo(Main.OK);
    Path other = dir.resolve("other.csv");
    Files.writeString(other, "text,label\na b,ab\nb a,zz\n");
    MainTest.Run r = MainTest.run("classify", "evaluate", "--model", model.toString(), "--data",
        other.toString());
    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("other.csv line 3, column 'label': label 'zz' is not one of"
        + " the model's 2 classes [ab, ba]");
  }

  @Test
  void predict_notAClassifier_failsInOneLine() throws Exception {
    Path notModel = dir.resolve("x.safetensors");
    Files.writeString(notModel, "not a model");
    Path data = orderCsv();
    Path out = dir.resolve("p.csv");
    MainTest.Run r = MainTest.run("classify", "predict", "--model", notModel.toString(),
        "--data", data.toString(), "--out", out.toString());
    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("x.safetensors");
    assertThat(out).doesNotExist();
  }
}
