package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LossPrinterTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "1 | 0.5        | 0.25       | NaN   | epoch:   1 loss: 0.50000000  mean: 0.25000000",
    "20| 0.00012345 | 1.23456789 | 0.125 | epoch:  20 loss: 0.00012345  mean: 1.23456789  validation: 0.12500000",
    "100| 12.5      | 3          | NaN   | epoch: 100 loss: 12.50000000  mean: 3.00000000",
  })
  void line_isTheNotebooksFormat(int epoch, double last, double mean, double val, String want) {
    assertThat(LossPrinter.line(epoch, last, mean, val)).isEqualTo(want);
  }

  @ParameterizedTest
  @CsvSource({"2, 7, '2,4,6,7'", "1, 3, '1,2,3'", "5, 5, '5'", "10, 4, '4'"})
  void onEpochEnd_printsEveryNthAndTheLast(int every, int epochs, String printed) {
    StringWriter s = new StringWriter();
    LossPrinter p = new LossPrinter(new PrintWriter(s), every, epochs, false);
    for (int e = 1; e <= epochs; e++) {
      p.onBatchEnd(e, 1, 1, 0.5);
      p.onEpochEnd(e, 0.25, Double.NaN, 0.01, 0);
    }
    StringBuilder got = new StringBuilder();
    for (String line : s.toString().split("\\R")) {
      got.append(got.length() == 0 ? "" : ",").append(line.substring(6, 10).strip());
    }
    assertThat(got.toString()).isEqualTo(printed);
  }
}
