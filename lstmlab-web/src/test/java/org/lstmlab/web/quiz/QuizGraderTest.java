package org.lstmlab.web.quiz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** jupyterquiz's grading rules: numbers to significant digits, half-open ranges, case, choices. */
class QuizGraderTest {

  static Question only(String json) throws IOException {
    return QuizTest.parse(json).questions().get(0);
  }

  /**
   * Expected values are what JavaScript prints for {@code Number(x.toPrecision(p))} (node 18:
   * {@code (1.005).toPrecision(3) === "1.00"}, {@code (0.125).toPrecision(2) === "0.13"}, ...),
   * the exact rule jupyterquiz applies.
   */
  @ParameterizedTest
  @CsvSource({
    "41234,    3, 41200",
    "41250,    3, 41300", // an exact tie goes up, away from zero
    "41249.9,  3, 41200",
    "1.005,    3, 1.0", //   1.005 is 1.00499999999999989... in binary: rounds down
    "0.125,    2, 0.13", //  exact tie in binary: up
    "0.135,    2, 0.14", //  0.13500000000000000888...: up
    "-2.5,     1, -3", //    ties away from zero, as toPrecision does on |x|
    "2.5,      1, 3",
    "1.096,    2, 1.1",
    "123456,   2, 120000",
    "0.000515, 2, 0.00052",
    "7.7,      0, 7.7", //   precision 0: no rounding
  })
  void round_likeJavaScriptToPrecision(double x, int precision, double expected) {
    assertThat(QuizGrader.round(x, precision)).isEqualTo(expected);
  }

  @Test
  void round_nullPrecision_unchanged() {
    assertThat(QuizGrader.round(0.1 + 0.2, null)).isEqualTo(0.1 + 0.2);
  }

  static final String NUMERIC =
      """
      [{"question": "q", "type": "numeric", "precision": 3, "answers": [
         {"type": "value", "value": 41200, "correct": true, "feedback": "exact"},
         {"type": "value", "value": 40800, "correct": false, "feedback": "one bias"},
         {"type": "range", "range": [41000, 41200], "correct": false, "feedback": "just below"},
         {"type": "range", "range": [41000, 42000], "correct": true, "feedback": "close"},
         {"type": "default", "feedback": "count again"}]}]
      """;

  @ParameterizedTest
  @CsvSource({
    "41200,   true,  exact",
    "41249,   true,  exact", //      rounds to 41200 at 3 digits
    "41150,   true,  exact", //      41150 -> 41200 (tie, up)
    "41149,   false, just below", // -> 41100, in [41000, 41200)
    "41000,   false, just below", // min is included
    "41250,   true,  close", //      -> 41300: not the value, but in the second range
    "41949,   true,  close", //      -> 41900
    "41951,   false, count again", // -> 42000 at 3 digits: the range excludes its max
    "40799,   false, one bias",
    "4.12e4,  true,  exact",
    "123600/3, true, exact", //   a fraction, as jupyterquiz accepts: 41200
    "1,       false, count again",
    "'41,200', true, exact", //    digits grouped in thousands
    "'41 200', true, exact",
    "'41\u00a0200', true, exact", // no-break space
    "'41\u2009200', true, exact", // thin space
    "'41\u202f200', true, exact", // narrow no-break space
    "' 41,200.0 ', true, exact",
  })
  void numeric_firstMatchingAnswerInOrder_elseDefault(
      String typed, boolean correct, String feedback) throws IOException {
    Question q = only(NUMERIC);
    QuizGrader.Result r = QuizGrader.numeric(q, typed);
    assertThat(r.correct()).isEqualTo(correct);
    assertThat(r.feedback()).containsExactly(feedback);
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(delimiter = '|', value = {
    "41,200 | 41200",
    "-1 234 567.25 | -1234567.25",
    "41\u202f200 | 41200",
    "+1,000 | 1000",
  })
  void parseNumber_digitGroups_areOneNumber(String typed, double expected) {
    assertThat(QuizGrader.parseNumber(typed)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"1,5", "41,20", "41 2000", "4,1200", "1,,000", "41, 200", "1 2"})
  void parseNumber_notGroupsOfThree_isNoNumber(String typed) {
    assertThat(QuizGrader.parseNumber(typed)).isNull();
  }

  @Test
  void numeric_rangeMaxExcluded_minIncluded() throws IOException {
    Question q =
        only(
            """
            [{"question": "q", "type": "numeric", "answers": [
               {"type": "range", "range": [0.9, 1.1], "correct": true, "feedback": "in"}]}]
            """);
    assertThat(QuizGrader.numeric(q, 0.9).correct()).isTrue();
    assertThat(QuizGrader.numeric(q, 1.0999).correct()).isTrue();
    assertThat(QuizGrader.numeric(q, 1.1).correct()).isFalse();
    assertThat(QuizGrader.numeric(q, 1.1).feedback()).containsExactly(QuizGrader.DEFAULT_FEEDBACK);
  }

  @Test
  void numeric_precisionAppliesToTheTypedNumberBeforeTheRange() throws IOException {
    Question q =
        only(
            """
            [{"question": "q", "type": "numeric", "precision": 2, "answers": [
               {"type": "range", "range": [0.9, 1.1], "correct": true, "feedback": "in"}]}]
            """);
    assertThat(QuizGrader.numeric(q, 1.04).correct()).isTrue(); // 1.0
    assertThat(QuizGrader.numeric(q, 1.096).correct()).isFalse(); // 1.1, max excluded
    assertThat(QuizGrader.numeric(q, 0.895).correct()).isTrue(); // 0.89500000000000001776... -> 0.90
    assertThat(QuizGrader.numeric(q, 0.885).correct()).isFalse(); // 0.88500000000000000888... -> 0.89
  }

  @ParameterizedTest
  @CsvSource({"abc", "''", "1..2", "1/", "NaN", "Infinity", "0x10", "1;5"})
  void numeric_notANumber_wrongWithAHint(String typed) throws IOException {
    QuizGrader.Result r = QuizGrader.numeric(only(NUMERIC), typed);
    assertThat(r.correct()).isFalse();
    assertThat(r.feedback()).singleElement().asString().contains("is not a number");
  }

  @Test
  void numeric_zeroOverZero_notANumber() {
    assertThat(QuizGrader.parseNumber("0/0")).isNull();
    assertThat(QuizGrader.parseNumber(" -1.5e2 ")).isEqualTo(-150.0);
    assertThat(QuizGrader.parseNumber("1/4")).isEqualTo(0.25);
  }

  @Test
  void numeric_noDefaultAnswer_genericFeedback() throws IOException {
    Question q =
        only(
            """
            [{"question": "q", "type": "numeric", "answers": [
               {"type": "value", "value": 3, "correct": true}]}]
            """);
    assertThat(QuizGrader.numeric(q, 4).feedback()).containsExactly("Incorrect. Try again.");
    assertThat(QuizGrader.numeric(q, 3).feedback()).containsExactly("Correct!");
    assertThat(QuizGrader.numeric(q, 3.0000001).correct()).isFalse(); // no precision: exact
  }

  static final String STRING =
      """
      [{"question": "q", "type": "string", "answers": [
         {"answer": "weight_hh_l0", "correct": true, "match_case": true, "feedback": "yes"},
         {"answer": "Forget", "correct": true, "match_case": false, "feedback": "any case"},
         {"answer": "reset", "correct": false, "feedback": "GRU"},
         {"type": "default", "feedback": "nope"}]}]
      """;

  @ParameterizedTest
  @CsvSource({
    "weight_hh_l0,     true,  yes",
    "'  weight_hh_l0 ', true, yes", // trimmed
    "Weight_hh_l0,     false, nope", // match_case: the case must match
    "forget,           true,  any case",
    "FORGET,           true,  any case",
    "Reset,            false, GRU",
    "forgot,           false, nope",
  })
  void string_matchCaseOrNot(String typed, boolean correct, String feedback) throws IOException {
    QuizGrader.Result r = QuizGrader.string(only(STRING), typed);
    assertThat(r.correct()).isEqualTo(correct);
    assertThat(r.feedback()).containsExactly(feedback);
  }

  @Test
  void string_fuzzyThreshold_nearMissMatchesAndSaysSo() throws IOException {
    Question q =
        only(
            """
            [{"question": "q", "type": "string", "answers": [
               {"answer": "Hochreiter", "correct": true, "fuzzy_threshold": 0.8, "feedback": "yes"}]}]
            """);
    // "hochrieter": two substitutions in 10 letters -> similarity 0.8
    assertThat(QuizGrader.similarity("hochrieter", "Hochreiter", false)).isEqualTo(0.8);
    assertThat(QuizGrader.string(q, "hochrieter").feedback()).containsExactly("(Fuzzy) yes");
    assertThat(QuizGrader.string(q, "Schmidhuber").correct()).isFalse();
    assertThat(QuizGrader.levenshtein("kitten", "sitting")).isEqualTo(3);
  }

  static final String MANY =
      """
      [{"question": "q", "type": "many_choice", "answers": [
         {"answer": "a", "correct": true, "feedback": "fa"},
         {"answer": "b", "correct": false, "feedback": "fb"},
         {"answer": "c", "correct": true, "feedback": "fc"},
         {"answer": "d", "correct": true}]}]
      """;

  @Test
  void choices_manyChoice_rightOnlyWhenExactlyTheCorrectSet() throws IOException {
    Question q = only(MANY);
    assertThat(QuizGrader.choices(q, List.of(0, 2, 3)))
        .isEqualTo(new QuizGrader.Result(true, List.of("fa", "fc", "Correct!"), 3, 3));
    assertThat(QuizGrader.choices(q, List.of(2, 0)))
        .isEqualTo(new QuizGrader.Result(false, List.of("fa", "fc"), 2, 3));
    assertThat(QuizGrader.choices(q, List.of(0, 1, 2, 3)))
        .isEqualTo(
            new QuizGrader.Result(false, List.of("fa", "fb", "fc", "Correct!"), 3, 3));
    assertThat(QuizGrader.choices(q, List.of(0, 0, 2, 3)).correct()).isTrue(); // repeats once
  }

  @Test
  void choices_multipleChoice_theOneCorrect() throws IOException {
    Question q =
        only(
            """
            [{"question": "q", "type": "multiple_choice", "answers": [
               {"answer": "a", "correct": false, "feedback": "fa"},
               {"answer": "b", "correct": true, "feedback": "fb"}]}]
            """);
    assertThat(QuizGrader.choices(q, List.of(1)))
        .isEqualTo(new QuizGrader.Result(true, List.of("fb"), 1, 1));
    assertThat(QuizGrader.choices(q, List.of(0)))
        .isEqualTo(new QuizGrader.Result(false, List.of("fa"), 0, 1));
    assertThat(QuizGrader.choices(q, List.of()).correct()).isFalse();
  }

  @Test
  void choices_outOfRange_namesTheChoiceAndTheRange() throws IOException {
    assertThatThrownBy(() -> QuizGrader.choices(only(MANY), List.of(4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("choice 5 is not one of the answers 1 to 4");
  }

  @Test
  void grade_wrongKindOfQuestion_throws() throws IOException {
    assertThatThrownBy(() -> QuizGrader.numeric(only(MANY), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a numeric question");
  }
}
