package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlab.core.train.TrainerConfig;

/** The splits of {@link TextCorpus} and the round trip of {@link TextRun}. */
class TextCorpusTest {

  @TempDir Path dir;

  @Test
  void read_file_holdsOutItsLastFraction() throws Exception {
    Path f = Files.writeString(dir.resolve("t.txt"), "abcdefghij");
    TextCorpus c = TextCorpus.read(f, 0.2);
    assertThat(c.train()).isEqualTo("abcdefgh");
    assertThat(c.heldOut()).isEqualTo("ij");
    assertThat(c.description()).isEqualTo(f + ": 10 characters; the last 20 % held out");
    assertThat(TextCorpus.read(f, 0).heldOut()).isEmpty();
  }

  @Test
  void of_text_splitAsAFileIs() {
    TextCorpus c = TextCorpus.of("abcdefghij", 0.1, "your text");
    assertThat(c.train()).isEqualTo("abcdefghi");
    assertThat(c.heldOut()).isEqualTo("j");
    assertThat(c.description()).isEqualTo("your text: 10 characters; the last 10 % held out");
    assertThatThrownBy(() -> TextCorpus.of("ab", 0.6, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 0.5], got 0.6");
  }

  @Test
  void read_directory_holdsOutEveryKthFortuneInNameOrder() throws Exception {
    Files.writeString(dir.resolve("b"), "b1\n%\nb2\n%\nb3\n");
    Files.writeString(dir.resolve("a"), "a1\n%\na2\n");
    Files.writeString(dir.resolve("a.dat"), "index, skipped");
    TextCorpus c = TextCorpus.read(dir, 0.2); // every 5th: a1 a2 b1 b2 [b3]
    assertThat(c.train()).isEqualTo("a1\na2\nb1\nb2\n");
    assertThat(c.heldOut()).isEqualTo("b3\n");
    assertThat(c.description()).isEqualTo(dir + ": 5 fortunes in 2 files; every 5th held out");
    assertThat(TextCorpus.read(dir, 0.5).heldOut()).isEqualTo("a2\nb2\n");
  }

  @Test
  void read_badInput_oneLineNamingTheFile() throws Exception {
    Path missing = dir.resolve("none.txt");
    assertThatThrownBy(() -> TextCorpus.read(missing, 0.1))
        .isInstanceOf(FileFormatException.class).hasMessage(missing + ": does not exist");
    Path blank = Files.writeString(dir.resolve("blank.txt"), " \n\n");
    assertThatThrownBy(() -> TextCorpus.read(blank, 0.1))
        .hasMessage(blank + ": holds no text to train on");
    Path binary = Files.write(dir.resolve("bin.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    assertThatThrownBy(() -> TextCorpus.read(binary, 0.1))
        .hasMessage(binary + ": is not UTF-8 text");
    assertThatThrownBy(() -> TextCorpus.read(blank, 0.7))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 0.5]");
  }

  @Test
  void textRun_roundTripsThroughJson() {
    TrainerConfig config = TrainerConfig.builder().epochs(3).batchSize(8).lr(0.01).clip(1)
        .seed(4).build();
    TextRun run = new TextRun("data.txt", 0.1, 123, TextRun.crc32("hello"), 2, 500, config,
        java.util.Map.of("held_out_bits_per_token", 2.5));
    TextRun back = TextRun.fromJson(run.toJson());
    assertThat(back.data()).isEqualTo("data.txt");
    assertThat(back.trainCrc32()).isEqualTo(run.trainCrc32());
    assertThat(back.training().batchSize()).isEqualTo(8);
    assertThat(back.training().lr()).isEqualTo(0.01);
    assertThat(back.result()).containsEntry("held_out_bits_per_token", 2.5);
    assertThat(run.toJson().at("/training/batch_size").asText()).isEqualTo("8");
    assertThat(TextRun.fromJson(new com.fasterxml.jackson.databind.ObjectMapper()
        .createObjectNode().put("target", "y"))).isNull();
  }
}
