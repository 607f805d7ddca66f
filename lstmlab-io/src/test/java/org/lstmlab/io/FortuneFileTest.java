package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FortuneFileTest {

  @TempDir Path dir;

  @Test
  void read_separatorLines_splitTexts_keepInnerLines() throws Exception {
    Path f = Files.writeString(dir.resolve("x"),
        "First line\n  indented\n%\nSecond\n%\n%\n\n%\nLast, no separator after\n");

    assertThat(FortuneFile.read(f))
        .containsExactly("First line\n  indented", "Second", "Last, no separator after");
  }

  @Test
  void read_notUtf8_oneLineNamingFile() throws Exception {
    Path f = Files.write(dir.resolve("bad"), new byte[] {'a', (byte) 0xff, '\n'});

    assertThatThrownBy(() -> FortuneFile.read(f))
        .isInstanceOf(FileFormatException.class).hasMessage(f + ": is not UTF-8 text");
  }

  @Test
  void readDirectory_skipsDottedNames_categoryIsFileName() throws Exception {
    Files.writeString(dir.resolve("b"), "b1\n%\nb2\n");
    Files.writeString(dir.resolve("a"), "a1\n");
    Files.writeString(dir.resolve("a.dat"), "binary index");
    Files.createSymbolicLink(dir.resolve("a.u8"), dir.resolve("a"));

    assertThat(FortuneFile.readDirectory(dir)).containsExactly(
        new FortuneFile.Fortune("a", "a1"), new FortuneFile.Fortune("b", "b1"),
        new FortuneFile.Fortune("b", "b2"));
  }

  /** Debian's package, installed by .ci/run: its categories and their sizes as `%` lines count. */
  @Test
  void readDirectory_debianFortunes_manyCategories() throws Exception {
    assumeTrue(Files.isDirectory(FortuneFile.DEBIAN), "Debian's fortunes package is not installed");

    List<FortuneFile.Fortune> all = FortuneFile.readDirectory(FortuneFile.DEBIAN);

    Map<String, Long> counts = all.stream()
        .collect(Collectors.groupingBy(FortuneFile.Fortune::category, Collectors.counting()));
    assertThat(counts.size()).isGreaterThanOrEqualTo(40);
    assertThat(counts.get("computers")).isGreaterThan(1000);
    assertThat(all).allSatisfy(f -> assertThat(f.text()).isNotBlank());
  }
}
