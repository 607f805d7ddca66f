package org.lstmlab.web.quiz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Reading quiz files: the jupyterquiz shape, and one-line errors for files of the wrong shape. */
class QuizTest {

  static Quiz parse(String json) throws IOException {
    return Quiz.read("my.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void read_numericQuestion_allFields() throws IOException {
    Quiz quiz =
        parse(
            """
            [{"question": "How many?", "type": "numeric", "precision": 2,
              "answers": [
                {"type": "value", "value": 3, "correct": true, "feedback": "yes"},
                {"type": "range", "range": [4, 5.5], "correct": false, "feedback": "no"},
                {"type": "default", "feedback": "try again"}]}]
            """);
    assertThat(quiz.source()).isEqualTo("my.json");
    Question q = quiz.questions().get(0);
    assertThat(q.kind()).isEqualTo(QuestionType.NUMERIC);
    assertThat(q.precision()).isEqualTo(2);
    assertThat(q.answers()).hasSize(3);
    assertThat(q.answers().get(0).value()).isEqualTo(3.0);
    assertThat(q.answers().get(0).isCorrect()).isTrue();
    assertThat(q.answers().get(1).range()).containsExactly(4.0, 5.5);
    assertThat(q.answers().get(2).isDefault()).isTrue();
    assertThat(q.correctCount()).isEqualTo(1);
  }

  @Test
  void read_stringQuestion_matchCaseAndUnknownFieldsIgnored() throws IOException {
    Quiz quiz =
        parse(
            """
            [{"question": "Name?", "type": "string", "input_width": 12,
              "answers": [{"answer": "Ada", "correct": true, "match_case": true,
                           "fuzzy_threshold": 0.8, "hide": false}]}]
            """);
    Answer a = quiz.questions().get(0).answers().get(0);
    assertThat(a.isCaseSensitive()).isTrue();
    assertThat(a.fuzzyThreshold()).isEqualTo(0.8);
  }

  @Test
  void read_seedNotebookQuizShape_manyChoice() throws IOException {
    Quiz quiz =
        parse(
            """
            [{"question": "Q?", "type": "many_choice", "answers": [
               {"answer": "a", "correct": true, "feedback": "fa"},
               {"answer": "b", "correct": false, "feedback": "fb"}]}]
            """);
    Question q = quiz.questions().get(0);
    assertThat(q.kind()).isEqualTo(QuestionType.MANY_CHOICE);
    assertThat(q.answers()).extracting(Answer::answer).containsExactly("a", "b");
    assertThat(q.precision()).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"question\": \"q\"}                                  | my.json line 1, column 1: a quiz file must be a JSON array of questions",
        "[{\"question\": \"q\", \"precision\": 2.5}]           | my.json line 1, column 33: question 1 \"precision\" must be a whole number",
        "[{\"question\": \"q\", \"answers\": [{\"correct\": \"yes\"}]} ] | question 1 answer 1 \"correct\" must be true or false",
        "[{\"question\": \"q\", \"answers\": [{\"value\": \"3\"}]}] | question 1 answer 1 \"value\" must be a number",
        "[{\"question\": \"q\",                                | my.json line 1, column 19: not valid JSON",
      })
  void read_wrongShape_oneLineNamingFileAndPlace(String json, String expected) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(QuizFormatException.class)
        .hasMessageContaining(expected)
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("org.lstmlab");
  }

  @Test
  void bundledFiles_followTheLessonIndex() throws IOException {
    List<String> files = Quiz.bundledFiles();
    assertThat(files).startsWith("sequences.json", "gradients.json", "cell.json");
    assertThat(Quiz.bundled()).extracting(Quiz::source).first().isEqualTo("quizzes/sequences.json");
  }

  // Issue 11, cases 8 and 12: a null question is the validator's to report, not a
  // NullPointerException; a key twice or text after the array is an error, not ignored.

  @Test
  void read_nullQuestion_isReportedByTheValidator() throws IOException {
    Quiz quiz = parse("[null]");
    assertThat(QuizValidator.validate(quiz)).containsExactly(
        "my.json question 1: is null; write a question object {\"question\": ..., ...}");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "[{\"question\": \"a\", \"question\": \"b\"}]"
        + " | my.json line 1, column 30: not valid JSON: Duplicate field 'question'",
    "[] []      | my.json line 1, column 4: text after the closing ] of the questions; a quiz"
        + " file holds one JSON array",
  })
  void read_duplicateKeyOrTrailingText_isAnError(String json, String message) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(QuizFormatException.class)
        .hasMessage(message);
  }

  @Test
  void validate_escapeSequenceInText_isAProblemEchoedEscaped() throws IOException {
    Quiz quiz = parse("[{\"question\": \"Clear\\u001b[2J?\", \"type\": \"string\","
        + " \"answers\": [{\"answer\": \"x\", \"correct\": true}]}]");
    assertThat(QuizValidator.validate(quiz)).containsExactly("my.json question 1 \"question\""
        + " holds a control character: 'Clear\\u001B[2J?'; quiz text must be printable");
  }
}
