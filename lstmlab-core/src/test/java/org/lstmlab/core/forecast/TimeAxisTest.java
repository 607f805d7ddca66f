package org.lstmlab.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Continuing time labels of each kind. */
class TimeAxisTest {

  @Test
  void years_continue() {
    assertThat(TimeAxis.of(List.of("1700", "1701", "1702")).next(2)).containsExactly("1703", "1704");
  }

  @Test
  void yyyymmddWeekly_continueByAWeek_overAGap() {
    // statsmodels' CO2 file: weekly dates as 8-digit numbers; one week missing.
    List<String> t = List.of("19580329", "19580405", "19580412", "19580426", "19580503");
    assertThat(TimeAxis.of(t).next(2)).containsExactly("19580510", "19580517");
  }

  @Test
  void months_continueAcrossTheYear() {
    assertThat(TimeAxis.of(List.of("2000-11", "2000-12")).next(2))
        .containsExactly("2001-01", "2001-02");
    assertThat(TimeAxis.of(List.of("2000-10-01", "2000-11-01", "2000-12-01")).next(1))
        .containsExactly("2001-01-01");
    assertThat(TimeAxis.of(List.of("2000-01-31", "2000-02-29", "2000-03-31")).next(1))
        .containsExactly("2000-04-30"); // month ends stay month ends
    assertThat(TimeAxis.of(List.of("2000-01-01", "2000-01-08", "2000-01-15")).next(1))
        .containsExactly("2000-01-22");
  }

  @Test
  void decimalsAndDateTimes_continue() {
    assertThat(TimeAxis.of(List.of("0.5", "1.0", "1.5")).next(2)).containsExactly("2.0", "2.5");
    assertThat(TimeAxis.of(List.of("2024-01-01 22:00", "2024-01-01 23:00")).next(1))
        .containsExactly("2024-01-02 00:00");
  }

  @Test
  void unknownLabels_countOnFromTheIndex() {
    TimeAxis a = TimeAxis.of(List.of("a", "b", "c"));
    assertThat(a.isRegular()).isFalse();
    assertThat(a.next(2)).containsExactly("t+3", "t+4");
  }
}
