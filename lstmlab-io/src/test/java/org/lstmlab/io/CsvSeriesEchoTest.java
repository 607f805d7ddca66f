package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, cases 7 and 12: what the CSV reader echoes of a file is escaped and cut, a cell far
 * too long for a number is refused before it is matched, and lines of only spaces are blank.
 */
class CsvSeriesEchoTest {

  @TempDir Path dir;

  Path csv(String text) throws IOException {
    return Files.writeString(dir.resolve("data.csv"), text, StandardCharsets.UTF_8);
  }

  static CsvSeries read(Path file) throws IOException {
    return CsvSeries.read(file, "value", List.of(), Optional.empty());
  }

  @Test
  void read_tenMegabyteCell_echoesSixtyCharactersAndTheLength() throws IOException {
    Path f = csv("t,value\n0,1\n1," + "x".repeat(10_000_000) + "\n");
    assertThatThrownBy(() -> read(f)).isInstanceOf(CsvFileException.class)
        .hasMessage(f + " line 3, column 'value': '" + "x".repeat(60) + "…' is not a number"
            + " (10,000,000 characters)");
  }

  @Test
  void read_twoMillionDigitsThenALetter_isRefusedWithoutMatching() throws IOException {
    // The old pattern backtracked over the digits for more than 20 minutes.
    Path f = csv("t,value\n0," + "1".repeat(2_000_000) + "a\n");
    assertThatThrownBy(() -> read(f)).isInstanceOf(CsvFileException.class)
        .hasMessage(f + " line 2, column 'value': '" + "1".repeat(60) + "…' is not a number"
            + " (2,000,001 characters)");
  }

  @Test
  void read_longestAcceptedCellOfDigitsThenALetter_isNotANumber() throws IOException {
    Path f = csv("t,value\n0," + "1".repeat(CsvSeries.MAX_NUMBER_LENGTH - 1) + "a\n");
    assertThatThrownBy(() -> read(f)).isInstanceOf(CsvFileException.class)
        .hasMessage(f + " line 2, column 'value': '" + "1".repeat(60) + "…' is not a number");
  }

  @Test
  void read_escapeSequenceInACellAndAColumnName_isEscaped() throws IOException {
    Path f = csv("t,\u001b[2Jvalue\n0,\u001b]0;pwned\u0007\n");
    assertThatThrownBy(() -> CsvSeries.read(f, "\u001b[2Jvalue", List.of(), Optional.empty()))
        .isInstanceOf(CsvFileException.class)
        .hasMessage(f + " line 2, column '\\u001B[2Jvalue': '\\u001B]0;pwned\\u0007' is not a"
            + " number");
    assertThatThrownBy(() -> read(f)).isInstanceOf(CsvFileException.class)
        .hasMessage(f + ": no column 'value'; the columns are t, \\u001B[2Jvalue");
  }

  @Test
  void read_linesOfOnlySpaces_areSkippedAsBlankLines() throws IOException {
    CsvSeries s = read(csv("t,value\n0,1\n   \n1,2\n\t \n2,3\n"));
    assertThat(s.targetValues()).containsExactly(1f, 2f, 3f);
  }
}
