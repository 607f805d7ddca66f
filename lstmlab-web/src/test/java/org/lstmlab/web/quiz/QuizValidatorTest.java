package org.lstmlab.web.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each rule of the validator, one broken file each, and the bundled quizzes. */
class QuizValidatorTest {

  static List<String> problems(String json) throws IOException {
    return QuizValidator.validate(QuizTest.parse(json));
  }

  @Test
  void validate_goodQuizOfEveryType_noProblems() throws IOException {
    assertThat(
            problems(
                """
                [{"question": "One?", "type": "multiple_choice", "answers": [
                   {"answer": "a", "correct": true}, {"answer": "b", "correct": false}]},
                 {"question": "Many?", "type": "many_choice", "answers": [
                   {"answer": "a", "correct": true}, {"answer": "b", "correct": true}]},
                 {"question": "N?", "type": "numeric", "precision": 0, "answers": [
                   {"type": "value", "value": 1, "correct": true},
                   {"type": "range", "range": [1, 2], "correct": false},
                   {"type": "default", "feedback": "no"}]},
                 {"question": "S?", "type": "string", "answers": [
                   {"answer": "x", "correct": true, "match_case": false},
                   {"type": "default", "feedback": "no"}]}]
                """))
        .isEmpty();
  }

  // Each row: one question (as JSON) with one thing wrong, and the one line expected.
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'question': '', 'type': 'multiple_choice', 'answers': [{'answer': 'a', 'correct': true}, {'answer': 'b', 'correct': false}]}"
            + "| my.json question 1: the question text is empty",
        "{'question': 'q', 'type': 'essay', 'answers': [{'answer': 'a', 'correct': true}]}"
            + "| my.json question 1: unknown type 'essay'; use multiple_choice, many_choice, numeric or string",
        "{'question': 'q', 'answers': [{'answer': 'a', 'correct': true}]}"
            + "| my.json question 1: unknown type (none given); use multiple_choice, many_choice, numeric or string",
        "{'question': 'q', 'type': 'many_choice', 'answers': []}"
            + "| my.json question 1: many_choice has no answers",
        "{'question': 'q', 'type': 'many_choice', 'answers': [{'answer': 'a', 'correct': false}, {'answer': 'b', 'correct': false}]}"
            + "| my.json question 1: many_choice needs at least one correct answer",
        "{'question': 'q', 'type': 'multiple_choice', 'answers': [{'answer': 'a', 'correct': true}, {'answer': 'b', 'correct': true}]}"
            + "| my.json question 1: multiple_choice needs exactly one correct answer, found 2; use many_choice for several",
        "{'question': 'q', 'type': 'multiple_choice', 'answers': [{'answer': 'a', 'correct': true}]}"
            + "| my.json question 1: multiple_choice needs at least two answers to choose from",
        "{'question': 'q', 'type': 'multiple_choice', 'answers': [{'answer': ' ', 'correct': true}, {'answer': 'b', 'correct': false}]}"
            + "| my.json question 1 answer 1: the answer text is empty",
        "{'question': 'q', 'type': 'multiple_choice', 'answers': [{'answer': 'a', 'correct': true}, {'answer': 'b'}]}"
            + "| my.json question 1 answer 2: \"correct\" is missing; give true or false",
        "{'question': 'q', 'type': 'numeric', 'answers': [{'type': 'value', 'correct': true}]}"
            + "| my.json question 1 answer 1: numeric answer of type value is missing \"value\"",
        "{'question': 'q', 'type': 'numeric', 'answers': [{'type': 'value', 'value': 1, 'correct': true}, {'type': 'range', 'range': [2, 2], 'correct': false}]}"
            + "| my.json question 1 answer 2: range [2, 2) is empty; it needs min < max (it includes min, excludes max)",
        "{'question': 'q', 'type': 'numeric', 'answers': [{'type': 'range', 'range': [3, 1.5], 'correct': true}]}"
            + "| my.json question 1 answer 1: range [3, 1.5) is empty; it needs min < max (it includes min, excludes max)",
        "{'question': 'q', 'type': 'numeric', 'answers': [{'type': 'range', 'range': [1], 'correct': true}]}"
            + "| my.json question 1 answer 1: numeric answer of type range needs \"range\": [min, max]",
        "{'question': 'q', 'type': 'numeric', 'precision': -1, 'answers': [{'type': 'value', 'value': 1, 'correct': true}]}"
            + "| my.json question 1: precision must be 0 (compare exactly) or more significant digits, got -1",
        "{'question': 'q', 'type': 'numeric', 'answers': [{'type': 'guess', 'value': 1, 'correct': true}]}"
            + "| my.json question 1 answer 1: unknown numeric answer type 'guess'; use value, range or default",
        "{'question': 'q', 'type': 'numeric', 'answers': [{'correct': true}]}"
            + "| my.json question 1 answer 1: numeric answer needs \"type\": \"value\", \"range\" or \"default\"",
        "{'question': 'q', 'type': 'numeric', 'answers': [{'type': 'value', 'value': 1, 'correct': false}]}"
            + "| my.json question 1: numeric needs at least one correct value or range answer",
        "{'question': 'q', 'type': 'numeric', 'answers': [{'type': 'value', 'value': 1, 'correct': true}, {'type': 'default'}]}"
            + "| my.json question 1 answer 2: the default answer needs \"feedback\"",
        "{'question': 'q', 'type': 'numeric', 'answers': [{'type': 'value', 'value': 1, 'correct': true}, {'type': 'default', 'feedback': 'a'}, {'type': 'default', 'feedback': 'b'}]}"
            + "| my.json question 1: has 2 default answers; keep one",
        "{'question': 'q', 'type': 'string', 'answers': [{'answer': '', 'correct': true}]}"
            + "| my.json question 1 answer 1: the answer text is empty",
        "{'question': 'q', 'type': 'string', 'answers': [{'answer': 'x', 'correct': false}]}"
            + "| my.json question 1: string needs at least one correct answer",
        "{'question': 'q', 'type': 'string', 'answers': [{'answer': 'x', 'correct': true, 'fuzzy_threshold': 1.5}]}"
            + "| my.json question 1 answer 1: fuzzy_threshold must be in (0, 1], got 1.5",
      })
  void validate_oneThingWrong_oneLineSayingWhatAndWhere(String question, String expected)
      throws IOException {
    assertThat(problems("[" + question.replace('\'', '"') + "]")).containsExactly(expected);
  }

  @Test
  void validate_secondQuestionWrong_countsQuestionsFromOne() throws IOException {
    assertThat(
            problems(
                """
                [{"question": "ok", "type": "string", "answers": [{"answer": "x", "correct": true}]},
                 {"question": "", "type": "string", "answers": [{"answer": "x", "correct": true}]}]
                """))
        .containsExactly("my.json question 2: the question text is empty");
  }

  @Test
  void validate_severalProblems_allReported() throws IOException {
    assertThat(
            problems(
                """
                [{"question": "", "type": "many_choice", "answers": [
                   {"answer": "", "correct": false}, {"answer": "b", "correct": false}]}]
                """))
        .containsExactly(
            "my.json question 1: the question text is empty",
            "my.json question 1 answer 1: the answer text is empty",
            "my.json question 1: many_choice needs at least one correct answer");
  }

  @Test
  void validate_emptyArray_saysAddAQuestion() throws IOException {
    assertThat(problems("[]")).containsExactly("my.json: the quiz has no questions; add at least one");
  }

  /** The quizzes shipped with the lesson: all valid, at least 12, every type, feedback on all. */
  @Test
  void bundled_allValid_atLeast12Questions_allFourTypes() {
    List<Quiz> quizzes = Quiz.bundled();
    assertThat(quizzes).hasSizeGreaterThanOrEqualTo(5);
    for (Quiz quiz : quizzes) {
      assertThat(QuizValidator.validate(quiz)).as(quiz.source()).isEmpty();
    }
    List<Question> all = Quiz.allQuestions(quizzes);
    assertThat(all).hasSizeGreaterThanOrEqualTo(12);
    Set<QuestionType> types = EnumSet.noneOf(QuestionType.class);
    all.forEach(q -> types.add(q.kind()));
    assertThat(types).containsExactlyInAnyOrder(QuestionType.values());
    for (Question q : all) {
      assertThat(q.answers())
          .as(q.question())
          .allSatisfy(a -> assertThat(a.feedback()).isNotBlank());
      assertThat(q.question()).as("plain text, escaped by the page").doesNotContain("<", "`");
      if (q.kind() == QuestionType.MANY_CHOICE) {
        assertThat(q.correctCount()).as(q.question()).isGreaterThanOrEqualTo(2);
      }
    }
  }

  /** Every correct numeric value really is graded correct, with its own feedback. */
  @Test
  void bundled_everyCorrectNumericValue_gradesCorrect() {
    for (Question q : Quiz.allQuestions(Quiz.bundled())) {
      if (q.kind() != QuestionType.NUMERIC) {
        continue;
      }
      for (Answer a : q.answers()) {
        if (a.value() != null) {
          QuizGrader.Result r = QuizGrader.numeric(q, a.value());
          assertThat(r.correct()).as(q.question() + " " + a.value()).isEqualTo(a.isCorrect());
          assertThat(r.feedback()).containsExactly(a.feedback());
        }
      }
    }
  }
}
