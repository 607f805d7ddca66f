package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code lstmlab demo} end to end, small enough to run in a second. */
class DemoCommandTest {

  static final Pattern ROW =
      Pattern.compile("^(LSTM|RNN|last value)\\s+(\\S+)\\s+(\\S+)(?: s)?$", Pattern.MULTILINE);

  @Test
  void demo_tiny_printsLossesAndATableOfFiniteMses() {
    MainTest.Run r = MainTest.run("demo", "--epochs", "3", "--hidden", "8");
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains("90 windows of 10 values")
        .contains("epoch:   1 loss: ", "epoch:   3 loss: ")
        .doesNotContain("epoch:   2 loss: ")
        .contains("MSE on all 90 training windows");
    List<String> models = new ArrayList<>();
    Matcher m = ROW.matcher(r.out());
    while (m.find()) {
      models.add(m.group(1));
      double mse = Double.parseDouble(m.group(2));
      assertThat(mse).isFinite().isPositive();
    }
    assertThat(models).containsExactly("LSTM", "RNN", "last value");
  }

  @Test
  void demo_oneEpoch_printsItOncePerModel() {
    MainTest.Run r = MainTest.run("demo", "--epochs", "1", "--hidden", "8");
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out().split("epoch:   1 loss: ", -1)).hasSize(3); // the epoch is also the last
    assertThat(r.out()).contains(", 1 epoch" + System.lineSeparator());
  }

  @Test
  void demo_sameSeed_sameNumbers_otherSeed_otherNumbers() {
    String a = withoutTimes(MainTest.run("demo", "--epochs", "1", "--hidden", "8").out());
    String b = withoutTimes(MainTest.run("demo", "--epochs", "1", "--hidden", "8").out());
    String c =
        withoutTimes(MainTest.run("demo", "--epochs", "1", "--hidden", "8", "--seed", "7").out());
    assertThat(b).isEqualTo(a);
    assertThat(c).isNotEqualTo(a);
  }

  @Test
  void demo_window_changesTheNumberOfWindows() {
    MainTest.Run r = MainTest.run("demo", "--epochs", "1", "--hidden", "4", "--window", "25");
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("75 windows of 25 values", "MSE on all 75 training windows");
  }

  private static String withoutTimes(String out) {
    return out.replaceAll("\\d+\\.\\d+ s", "<time>");
  }
}
