package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlab.web.quiz.Answer;
import org.lstmlab.web.quiz.Question;
import org.lstmlab.web.quiz.QuestionType;
import org.lstmlab.web.quiz.Quiz;
import picocli.CommandLine;

/** {@code lstmlab quiz} with scripted answers on standard input. */
class QuizCommandTest {

  @TempDir Path dir;

  static MainTest.Run run(String input, String... args) {
    QuizCommand quiz = new QuizCommand();
    quiz.in = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
    List<String> all = new ArrayList<>(List.of(args));
    return MainTest.run(new CommandLine(quiz), all.toArray(String[]::new));
  }

  /** The right answer to each bundled question, as a learner would type it. */
  static String rightAnswers(List<Question> questions) {
    StringBuilder s = new StringBuilder();
    for (Question q : questions) {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < q.answers().size(); i++) {
        Answer a = q.answers().get(i);
        if (!a.isCorrect()) {
          continue;
        }
        if (q.kind() == QuestionType.MULTIPLE_CHOICE || q.kind() == QuestionType.MANY_CHOICE) {
          parts.add(String.valueOf(i + 1));
        } else if (parts.isEmpty()) {
          parts.add(
              a.value() != null ? a.value().toString()
                  : a.range() != null ? a.range().get(0).toString()
                  : a.answer());
        }
      }
      s.append(String.join(", ", parts)).append('\n');
    }
    return s.toString();
  }

  @Test
  void quiz_bundled_allRight_fullScore() {
    List<Question> questions = Quiz.allQuestions(Quiz.bundled());
    MainTest.Run r = run(rightAnswers(questions));
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.err()).isEmpty();
    int n = questions.size();
    assertThat(n).isGreaterThanOrEqualTo(12);
    assertThat(r.out())
        .contains(n + " questions from the lesson")
        .contains("Question 1 of " + n, "Question " + n + " of " + n)
        .contains("$") // math left as source
        .doesNotContain("Not correct")
        .endsWith("Score: " + n + " of " + n + "." + System.lineSeparator());
  }

  @Test
  void quiz_eof_stopsWithTheScoreSoFar() {
    List<Question> questions = Quiz.allQuestions(Quiz.bundled());
    String firstTwo = rightAnswers(questions.subList(0, 2));
    MainTest.Run r = run(firstTwo);
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out())
        .contains("Question 3 of " + questions.size())
        .contains("Stopped. Score: 2 of 2 answered (" + questions.size() + " in all).");
  }

  static final String MINI =
      """
      [{"question": "Pick the gates of an LSTM.", "type": "many_choice", "answers": [
         {"answer": "forget", "correct": true, "feedback": "F yes"},
         {"answer": "reset", "correct": false, "feedback": "R no"},
         {"answer": "output", "correct": true, "feedback": "O yes"}]},
       {"question": "How many gates?", "type": "numeric", "precision": 1, "answers": [
         {"type": "value", "value": 3, "correct": true, "feedback": "N yes"},
         {"type": "default", "feedback": "N default"}]},
       {"question": "Name the GRU gate z.", "type": "string", "answers": [
         {"answer": "update", "correct": true, "feedback": "S yes"}]},
       {"question": "One?", "type": "multiple_choice", "answers": [
         {"answer": "a", "correct": false, "feedback": "M no"},
         {"answer": "b", "correct": true, "feedback": "M yes"}]}]
      """;

  Path mini() throws IOException {
    Path f = dir.resolve("mini.json");
    Files.writeString(f, MINI);
    return f;
  }

  @Test
  void quiz_file_rightAnswers_feedbackAndScore() throws IOException {
    MainTest.Run r = run("1 3\n3.2\n UPDATE \n2\n", "--file", mini().toString());
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out())
        .contains("4 questions from " + mini())
        .contains("  1) forget", "  2) reset", "  3) output")
        .contains("F yes", "O yes", "Found 2 of 2 correct answers.")
        .contains("N yes", "S yes", "M yes")
        .doesNotContain("R no", "Not correct")
        .contains("Score: 4 of 4.");
  }

  @Test
  void quiz_file_wrongAnswers_feedbackAndTheRightAnswer() throws IOException {
    MainTest.Run r = run("1,2\n4\nreset\n1\n", "--file", mini().toString());
    assertThat(r.out())
        .contains("F yes", "R no", "Found 1 of 2 correct answers.", "The right answers: 1, 3.")
        .contains("N default", "The right answer: 3.")
        .contains("Incorrect. Try again.", "The right answer: update.")
        .contains("M no")
        .contains("Score: 0 of 4.");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "9       | Type the numbers of your choices (e.g. 1,3), 1 to 3.",
        "one     | Type the numbers of your choices (e.g. 1,3), 1 to 3.",
        "0       | Type the numbers of your choices (e.g. 1,3), 1 to 3.",
      })
  void quiz_notAChoice_askedAgain(String bad, String hint) throws IOException {
    MainTest.Run r = run(bad + "\n\n1,3\n", "--file", mini().toString());
    assertThat(r.out()).contains(hint).contains("Found 2 of 2 correct answers.");
    assertThat(r.out()).contains("Stopped. Score: 1 of 1 answered (4 in all).");
  }

  @Test
  void quiz_multipleChoice_twoNumbers_askedForOne() throws IOException {
    MainTest.Run r = run("1 3\n3\nupdate\n1 2\n2\n", "--file", mini().toString());
    assertThat(r.out()).contains("Choose one answer.").contains("Score: 4 of 4.");
  }

  @Test
  void quiz_invalidFile_oneLinePerProblem_exit1_nothingAsked() throws IOException {
    Path f = dir.resolve("bad.json");
    Files.writeString(
        f,
        """
        [{"question": "", "type": "numeric", "precision": -2, "answers": [
           {"type": "range", "range": [2, 1], "correct": true}]},
         {"question": "q", "type": "essay", "answers": []}]
        """);
    MainTest.Run r = run("1\n", "--file", f.toString());
    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines())
        .containsExactly(
            "lstmlab: " + f + " question 1: the question text is empty",
            "lstmlab: " + f + " question 1: precision must be 0 (compare exactly) or more"
                + " significant digits, got -2",
            "lstmlab: " + f + " question 1 answer 1: range [2, 1) is empty; it needs min < max"
                + " (it includes min, excludes max)",
            "lstmlab: " + f + " question 2: unknown type 'essay'; use multiple_choice,"
                + " many_choice, numeric or string");
  }

  @Test
  void quiz_notJson_oneLine_exit1() throws IOException {
    Path f = dir.resolve("broken.json");
    Files.writeString(f, "[{\"question\": ");
    MainTest.Run r = run("", "--file", f.toString());
    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).singleElement().asString().startsWith("lstmlab: " + f + " line 1");
  }

  @Test
  void quiz_missingFile_oneLine_exit1() {
    MainTest.Run r = run("", "--file", dir.resolve("nope.json").toString());
    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.errLines())
        .containsExactly("lstmlab: --file " + dir.resolve("nope.json") + ": no such file");
  }

  @Test
  void wrap_longText_linesOfAtMost80_indentedAfterTheFirst() {
    String text = "word ".repeat(40).strip();
    String[] lines = QuizCommand.wrap(text, "  1) ", "     ").split(System.lineSeparator());
    assertThat(lines).hasSizeGreaterThan(2);
    assertThat(lines[0]).startsWith("  1) word");
    assertThat(lines[1]).startsWith("     word");
    assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    assertThat(String.join(" ", lines).replaceAll("\\s+", " ").strip())
        .isEqualTo("1) " + text);
    assertThat(QuizCommand.wrap("short", "", "")).isEqualTo("short" + System.lineSeparator());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"1,3|0,2", "1 3|0,2", " 3 ; 1 |2,0", "2,2|1"})
  void choices_commasOrSpaces(String line, String expected) {
    List<Integer> want = new ArrayList<>();
    for (String s : expected.split(",")) {
      want.add(Integer.parseInt(s));
    }
    assertThat(QuizCommand.choices(line, 3)).isEqualTo(want);
  }
}
