package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsvSeriesTest {

  @TempDir Path dir;

  private Path csv(String text) throws IOException {
    Path file = dir.resolve("data.csv");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void read_targetFeaturesAndTime_givesColumnsRowMajor() throws IOException {
    Path file =
        csv("date,price,volume,note\n"
            + "2024-01-01,1.5,10,a\n"
            + "2024-01-02,-2e-3,20,\"b, quoted\"\n"
            + "2024-01-03, .25 ,+30,c\n");
    CsvSeries s = CsvSeries.read(file, "price", List.of("volume", "price"), Optional.of("date"));
    assertThat(s.rows()).isEqualTo(3);
    assertThat(s.featureCount()).isEqualTo(2);
    assertThat(s.targetValues()).containsExactly(1.5f, -2e-3f, 0.25f);
    // (N, F) row-major: volume, price per row
    assertThat(s.featureValues()).containsExactly(10f, 1.5f, 20f, -2e-3f, 30f, 0.25f);
    assertThat(s.feature("volume")).containsExactly(10f, 20f, 30f);
    assertThat(s.timeLabels()).containsExactly("2024-01-01", "2024-01-02", "2024-01-03");
    assertThat(s.timeColumn()).contains("date");
    assertThat(s.source()).isEqualTo(file);
  }

  @Test
  void read_noFeaturesNoTime_givesTargetOnly() throws IOException {
    Path file = csv("y\n1\n2\n");
    CsvSeries s = CsvSeries.read(file, "y", List.of(), Optional.empty());
    assertThat(s.targetValues()).containsExactly(1f, 2f);
    assertThat(s.featureValues()).isEmpty();
    assertThat(s.timeLabels()).isEmpty();
  }

  @Test
  void read_byteOrderMarkCrlfAndBlankLines_areAccepted() throws IOException {
    Path file = csv("\uFEFFt,y\r\n0,1\r\n\r\n1,2\r\n\r\n");
    CsvSeries s = CsvSeries.read(file, "y", List.of(), Optional.of("t"));
    assertThat(s.targetValues()).containsExactly(1f, 2f);
    assertThat(s.timeLabels()).containsExactly("0", "1");
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("t,price\n0,1\n1,2\n2,abc\n", "data.csv line 4, column 'price': 'abc' is not a number"),
        Arguments.of("t,price\n0,1\n\n1,x\n", "data.csv line 4, column 'price': 'x' is not a number"),
        Arguments.of("t,price\n0,1.5f\n", "data.csv line 2, column 'price': '1.5f' is not a number"),
        Arguments.of("t,price\n0,0x1p3\n", "data.csv line 2, column 'price': '0x1p3' is not a number"),
        Arguments.of("t,price\n0,NaN\n", "data.csv line 2, column 'price': 'NaN' is not a finite number"),
        Arguments.of("t,price\n0,-inf\n", "data.csv line 2, column 'price': '-inf' is not a finite number"),
        Arguments.of("t,price\n0,1e39\n", "data.csv line 2, column 'price': '1e39' is beyond float range (±3.4e38)"),
        Arguments.of("t,price\n0,\n", "data.csv line 2, column 'price': empty value; every row needs a number here"),
        Arguments.of("t,price\n0,1\n1,2,3\n", "data.csv line 3: 3 values, but the header has 2 columns"),
        Arguments.of("t,price\n0,1\n1\n", "data.csv line 3: 1 value, but the header has 2 columns"),
        // The line break inside the quoted cell is echoed escaped: the message stays one line.
        Arguments.of("t,price\n0,\"1\n2\"\n", "data.csv line 3, column 'price': '1\\n2' is not a number"),
        Arguments.of("", "data.csv: the file is empty; it needs a header row naming the columns, then the data"),
        Arguments.of("\n\n  \n", "data.csv: the file is empty; it needs a header row naming the columns, then the data"),
        Arguments.of("t,price\n", "data.csv: no data rows after the header [t, price]"),
        Arguments.of("t,volume\n0,1\n", "data.csv: no column 'price'; the columns are t, volume"),
        Arguments.of("t,Price\n0,1\n", "data.csv: no column 'price' (did you mean 'Price'? names are case-sensitive); the columns are t, Price"),
        Arguments.of("t,price,price\n0,1,2\n", "data.csv line 1: two columns are named 'price' (columns 2 and 3)"),
        Arguments.of("t,,price\n0,1,2\n", "data.csv line 1: column 2 has no name; the first row must name every column"),
        Arguments.of("t,price\n0,\"1\"x\n", "data.csv: malformed CSV: "));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void read_malformedFile_throwsOneLineWithFileLineAndColumn(String text, String message)
      throws IOException {
    Path file = csv(text);
    String expected = message.replaceFirst("^data\\.csv", java.util.regex.Matcher.quoteReplacement(file.toString()));
    assertThatThrownBy(() -> CsvSeries.read(file, "price", List.of(), Optional.of("t")))
        .isInstanceOf(CsvFileException.class)
        .hasMessageStartingWith(expected);
  }

  @Test
  void read_badValue_exposesLineAndColumn() throws IOException {
    Path file = csv("t,price,volume\n0,1,2\n1,2,oops\n");
    assertThatThrownBy(() -> CsvSeries.read(file, "price", List.of("volume"), Optional.empty()))
        .isInstanceOfSatisfying(
            CsvFileException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.column()).isEqualTo("volume");
              assertThat(e.file()).isEqualTo(file);
            });
  }

  @Test
  void read_missingTimeOrFeatureColumn_listsAvailableColumns() throws IOException {
    Path file = csv("t,price\n0,1\n");
    assertThatThrownBy(() -> CsvSeries.read(file, "price", List.of("vol"), Optional.empty()))
        .hasMessage(file + ": no column 'vol'; the columns are t, price");
    assertThatThrownBy(() -> CsvSeries.read(file, "price", List.of(), Optional.of("time")))
        .hasMessage(file + ": no column 'time'; the columns are t, price");
  }

  @Test
  void read_notUtf8_saysSo() throws IOException {
    Path file = dir.resolve("latin1.csv");
    Files.write(file, new byte[] {'t', ',', 'p', 'r', 'i', 'c', 'e', '\n', 'a', (byte) 0xE9, ',', '1', '\n'});
    assertThatThrownBy(() -> CsvSeries.read(file, "price", List.of(), Optional.of("t")))
        .isInstanceOf(CsvFileException.class)
        .hasMessage(file + ": is not UTF-8 text; save it as UTF-8 CSV");
  }

  @Test
  void read_missingFile_saysNoSuchFile() {
    Path file = dir.resolve("none.csv");
    assertThatThrownBy(() -> CsvSeries.read(file, "price", List.of(), Optional.empty()))
        .isInstanceOf(CsvFileException.class)
        .hasMessage(file + ": no such file");
  }

  @Test
  void read_manyRows_growsBuffers() throws IOException {
    StringBuilder sb = new StringBuilder("a,b\n");
    for (int i = 0; i < 1000; i++) {
      sb.append(i).append(',').append(-i).append('\n');
    }
    CsvSeries s = CsvSeries.read(csv(sb.toString()), "a", List.of("b"), Optional.empty());
    assertThat(s.rows()).isEqualTo(1000);
    assertThat(s.targetValues()[999]).isEqualTo(999f);
    assertThat(s.featureValues()[999]).isEqualTo(-999f);
  }
}
