package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.io.ModelFile;
import org.lstmlab.io.ModelSpec;
import org.lstmlab.io.TextModelFile;

/** {@code lstmlab text train|sample|evaluate}: a run end to end, and every kind of bad input. */
class TextCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** 3,000 characters of a pattern with some freedom: "the cat sat. the dog sat. ..." */
  private Path pattern() throws Exception {
    StringBuilder s = new StringBuilder();
    String[] animals = {"cat", "dog", "cow", "hen"};
    for (int i = 0; s.length() < 3000; i++) {
      s.append("the ").append(animals[(i * 7 + i / 3) % 4]).append(" sat. ");
    }
    Path f = dir.resolve("pattern.txt");
    Files.writeString(f, s.toString());
    return f;
  }

  private String[] small(Path data, Path out, String... more) {
    String[] base = {"text", "train", "--data", data.toString(), "--out", out.toString(),
        "--hidden", "24", "--epochs", "4", "--batch-size", "4", "--window", "16", "--lr", "0.02",
        "--seed", "3"};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void trainSampleEvaluate_patternText_beatsBaselinesAndAgrees() throws Exception {
    Path data = pattern();
    Path model = dir.resolve("lm.safetensors");
    MainTest.Run r = MainTest.run(small(data, model, "--json"));
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    JsonNode train = JSON.readTree(r.out());
    double bits = train.at("/held_out/bits_per_token").asDouble();
    assertThat(bits).isLessThan(train.at("/baselines/unigram").asDouble() - 1)
        .isLessThan(train.at("/baselines/bigram").asDouble());
    assertThat(train.at("/record/task").asText()).isEqualTo("language_model");
    assertThat(train.at("/record/training/batch_size").asText()).isEqualTo("4");
    assertThat(TextModelFile.load(model).vocabulary()).isPresent();
    assertThat(TextModelFile.load(model).spec().window()).isEqualTo(16);

    // evaluate refits the baselines on the recorded training text and scores the held-out part
    MainTest.Run e = MainTest.run("text", "evaluate", "--model", model.toString(), "--json");
    assertThat(e.code()).as(e.err()).isEqualTo(Main.OK);
    JsonNode ev = JSON.readTree(e.out());
    assertThat(ev.at("/held_out/bits_per_token").asDouble()).isCloseTo(bits, within(1e-9));
    assertThat(ev.at("/baselines/bigram").asDouble())
        .isEqualTo(train.at("/baselines/bigram").asDouble());
    MainTest.Run text = MainTest.run("text", "evaluate", "--model", model.toString());
    assertThat(text.out()).contains("bits/char").contains("bigram").contains("unigram");

    // seeded sampling: the same seed, the same text; the prompt comes first
    String[] sample = {"text", "sample", "--model", model.toString(), "--prompt", "the ",
        "--length", "40", "--seed", "9", "--top-k", "5", "--temperature", "0.7"};
    MainTest.Run s1 = MainTest.run(sample);
    assertThat(s1.code()).as(s1.err()).isEqualTo(Main.OK);
    assertThat(s1.out().strip()).startsWith("the ").hasSize(44);
    assertThat(MainTest.run(sample).out()).isEqualTo(s1.out());
  }

  @Test
  void train_report_writesCurvesAgainstTheBaselines() throws Exception {
    Path model = dir.resolve("lm.safetensors");
    Path rep = dir.resolve("rep");
    MainTest.Run r = MainTest.run(small(pattern(), model, "--report", rep.toString()));
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    String html = Files.readString(rep.resolve("report.html"));
    assertThat(html).contains("Learning curves").contains("bits per char").contains("bigram")
        .contains("held out");
    assertThat(Files.size(rep.resolve("report.png"))).isGreaterThan(1000);
    assertThat(r.out()).contains("Report: " + rep.resolve("report.html"));
  }

  @Test
  void predictAndEvaluate_textModel_oneLinePointingToText() throws Exception {
    Path model = dir.resolve("lm.safetensors");
    assertThat(MainTest.run(small(pattern(), model)).code()).isEqualTo(Main.OK);
    Path csv = Cli.notebookCsv(dir, 30);
    for (String cmd : new String[] {"predict", "evaluate"}) {
      MainTest.Run r = cmd.equals("predict")
          ? MainTest.run(cmd, "--model", model.toString(), "--data", csv.toString(), "--out",
              dir.resolve("p.csv").toString())
          : MainTest.run(cmd, "--model", model.toString(), "--data", csv.toString());
      assertThat(r.code()).isEqualTo(Main.FAILURE);
      assertThat(r.errLines()).containsExactly("lstmlab: " + model + ": a text model (it has a"
          + " vocabulary), not a forecaster; use 'lstmlab text sample' or 'lstmlab text"
          + " evaluate'");
    }
  }

  @Test
  void train_wordLevel_samplesWords() throws Exception {
    Path model = dir.resolve("words.safetensors");
    MainTest.Run r = MainTest.run(small(pattern(), model, "--level", "word"));
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("bits/word").contains("word tokens");
    MainTest.Run s = MainTest.run("text", "sample", "--model", model.toString(), "--length", "6",
        "--temperature", "0");
    assertThat(s.code()).isEqualTo(Main.OK);
    assertThat(s.out().strip().split(" ")).hasSizeBetween(1, 6);
  }

  @Test
  void train_embedding_savesATokenModelThatSamplesAndEvaluates() throws Exception {
    Path model = dir.resolve("embedded.safetensors");
    MainTest.Run r = MainTest.run(small(pattern(), model, "--embedding", "8", "--json"));
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    JsonNode train = JSON.readTree(r.out());
    double bits = train.at("/held_out/bits_per_token").asDouble();
    assertThat(bits).isLessThan(train.at("/baselines/bigram").asDouble());
    TextModelFile.Loaded loaded = TextModelFile.load(model);
    assertThat(loaded.model().tokenInput()).isTrue();
    assertThat(loaded.model().embedding().num()).isEqualTo(loaded.vocabulary().get().size());
    assertThat(loaded.spec().embeddingDim()).isEqualTo(8);
    assertThat(loaded.spec().inputSize()).isEqualTo(8);

    MainTest.Run e = MainTest.run("text", "evaluate", "--model", model.toString(), "--json");
    assertThat(e.code()).as(e.err()).isEqualTo(Main.OK);
    assertThat(JSON.readTree(e.out()).at("/held_out/bits_per_token").asDouble())
        .isCloseTo(bits, within(1e-9));
    MainTest.Run s = MainTest.run("text", "sample", "--model", model.toString(), "--prompt",
        "the ", "--length", "20", "--seed", "9");
    assertThat(s.code()).as(s.err()).isEqualTo(Main.OK);
    assertThat(s.out().strip()).startsWith("the ").hasSize(24);

    MainTest.Run bad = MainTest.run(small(pattern(), model, "--embedding", "-1"));
    assertThat(bad.code()).isEqualTo(Main.USAGE);
    assertThat(bad.errLines()).hasSize(1);
    assertThat(bad.err()).contains("--embedding");
  }

  @Test
  void train_missingFile_oneLine_andNothingWritten() {
    Path missing = dir.resolve("nope.txt");
    MainTest.Run r = MainTest.run(small(missing, dir.resolve("m.safetensors")));
    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.errLines()).containsExactly("lstmlab: " + missing + ": does not exist");
    assertThat(Cli.listing(dir)).isEmpty();
  }

  @Test
  void train_emptyText_oneLine_andExistingModelKept() throws Exception {
    Path empty = Cli.file(dir, "empty.txt", "  ", "");
    Path out = Cli.file(dir, "m.safetensors", "old");
    MainTest.Run r = MainTest.run(small(empty, out));
    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.errLines()).containsExactly("lstmlab: " + empty + ": holds no text to train on");
    assertThat(Files.readString(out)).isEqualTo("old\n");
  }

  @Test
  void train_textShorterThanTheStreams_oneLine() throws Exception {
    Path tiny = Cli.file(dir, "tiny.txt", "ab");
    MainTest.Run r = MainTest.run(small(tiny, dir.resolve("m.safetensors"), "--held-out", "0"));
    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("--batch-size 4 needs at least 5");
  }

  @Test
  void train_unknownFlagOrBadValue_usageLine() throws Exception {
    Path data = pattern();
    MainTest.Run r = MainTest.run(small(data, dir.resolve("m.safetensors"), "--hiden", "3"));
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("--hiden").contains("text train --help");
    MainTest.Run level = MainTest.run(small(data, dir.resolve("m.safetensors"), "--level",
        "byte"));
    assertThat(level.code()).isEqualTo(Main.USAGE);
    assertThat(level.err()).contains("--level must be one of char, word; got 'byte'");
    MainTest.Run held = MainTest.run(small(data, dir.resolve("m.safetensors"), "--held-out",
        "0.9"));
    assertThat(held.code()).isEqualTo(Main.USAGE);
    assertThat(held.err()).contains("--held-out must be in [0, 0.5], got 0.9");
  }

  @Test
  void sampleAndEvaluate_modelOfTheWrongKind_oneLine() throws Exception {
    SequenceModel series = SequenceModel.builder(CellType.LSTM, 1, 4).build();
    Path forecast = dir.resolve("forecast.safetensors");
    ModelFile.save(forecast, series, ModelSpec.builder(series).window(5).build());
    for (String cmd : new String[] {"sample", "evaluate"}) {
      MainTest.Run r = MainTest.run("text", cmd, "--model", forecast.toString());
      assertThat(r.code()).isEqualTo(Main.FAILURE);
      assertThat(r.errLines()).containsExactly("lstmlab: " + forecast
          + ": not a text model (it has no vocabulary); train one with 'lstmlab text train'");
    }
    MainTest.Run missing = MainTest.run("text", "sample", "--model",
        dir.resolve("none.safetensors").toString());
    assertThat(missing.code()).isEqualTo(Main.FAILURE);
    assertThat(missing.errLines()).hasSize(1);
  }
}
