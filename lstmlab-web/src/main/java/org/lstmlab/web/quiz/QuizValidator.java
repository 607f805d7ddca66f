package org.lstmlab.web.quiz;

import java.util.ArrayList;
import java.util.List;
import org.lstmlab.core.data.Sanitizer;

/**
 * Finds everything wrong with a quiz, each problem as one line for people.
 *
 * <p>A line names the file, the question and, where it applies, the answer, all counted from 1,
 * then what is wrong and what would be right, e.g. {@code quizzes/cell.json question 3:
 * many_choice needs at least one correct answer}. An empty list means the quiz can be shown.
 *
 * <p>The rules are jupyterquiz's schema plus what makes a question answerable: a known type;
 * non-empty question and answer texts; {@code correct} given on every choice; exactly one correct
 * choice for {@code multiple_choice}, at least one for {@code many_choice}; numeric answers of
 * kind {@code value} (with a finite {@code value}), {@code range} (two finite numbers, min &lt;
 * max, half-open) or {@code default} (with feedback, at most one); {@code precision} not negative;
 * at least one correct numeric or string answer. Feedback is optional, as in jupyterquiz.
 */
public final class QuizValidator {

  private QuizValidator() {}

  /** Every problem in the quiz, in file order; empty when there is none. */
  public static List<String> validate(Quiz quiz) {
    List<String> problems = new ArrayList<>();
    if (quiz.questions().isEmpty()) {
      problems.add(quiz.source() + ": the quiz has no questions; add at least one");
    }
    for (int q = 0; q < quiz.questions().size(); q++) {
      String where = quiz.source() + " question " + (q + 1);
      Question question = quiz.questions().get(q);
      if (question == null) {
        problems.add(where + ": is null; write a question object {\"question\": ..., ...}");
        continue;
      }
      validate(question, where, problems);
    }
    // Every line printable whatever the file holds (QuizFuzzTest found a type echoed raw).
    return problems.stream().map(Sanitizer::line).toList();
  }

  private static void validate(Question q, String where, List<String> problems) {
    if (blank(q.question())) {
      problems.add(where + ": the question text is empty");
    }
    printable(q.question(), where + " \"question\"", problems);
    for (int a = 0; a < q.answers().size(); a++) {
      Answer answer = q.answers().get(a);
      if (answer != null) {
        printable(answer.answer(), where + " answer " + (a + 1) + " \"answer\"", problems);
        printable(answer.feedback(), where + " answer " + (a + 1) + " \"feedback\"", problems);
      }
    }
    QuestionType kind = q.kind();
    if (kind == null) {
      problems.add(
          where
              + ": unknown type "
              + (q.type() == null ? "(none given)" : Sanitizer.quote(q.type()))
              + "; use multiple_choice, many_choice, numeric or string");
      return;
    }
    if (q.answers().isEmpty()) {
      problems.add(where + ": " + kind.jsonName() + " has no answers");
      return;
    }
    if (q.precision() != null && q.precision() < 0) {
      problems.add(
          where
              + ": precision must be 0 (compare exactly) or more significant digits, got "
              + q.precision());
    }
    for (int a = 0; a < q.answers().size(); a++) {
      if (q.answers().get(a) == null) {
        problems.add(where + " answer " + (a + 1) + ": is null; write an answer object");
      }
    }
    if (q.answers().contains(null)) {
      return;
    }
    switch (kind) {
      case MULTIPLE_CHOICE, MANY_CHOICE -> choices(q, kind, where, problems);
      case NUMERIC -> numeric(q, where, problems);
      case STRING -> strings(q, where, problems);
    }
  }

  private static void choices(Question q, QuestionType kind, String where, List<String> problems) {
    List<Answer> answers = q.answers();
    if (answers.size() < 2) {
      problems.add(where + ": " + kind.jsonName() + " needs at least two answers to choose from");
    }
    for (int a = 0; a < answers.size(); a++) {
      Answer answer = answers.get(a);
      String at = where + " answer " + (a + 1);
      if (blank(answer.answer())) {
        problems.add(at + ": the answer text is empty");
      }
      if (answer.correct() == null) {
        problems.add(at + ": \"correct\" is missing; give true or false");
      }
    }
    int correct = q.correctCount();
    if (kind == QuestionType.MULTIPLE_CHOICE && correct != 1) {
      problems.add(
          where
              + ": multiple_choice needs exactly one correct answer, found "
              + correct
              + (correct > 1 ? "; use many_choice for several" : ""));
    } else if (kind == QuestionType.MANY_CHOICE && correct == 0) {
      problems.add(where + ": many_choice needs at least one correct answer");
    }
  }

  private static void numeric(Question q, String where, List<String> problems) {
    int defaults = 0;
    for (int a = 0; a < q.answers().size(); a++) {
      Answer answer = q.answers().get(a);
      String at = where + " answer " + (a + 1);
      String type = answer.type();
      if (type == null) {
        // jupyterquiz decides by the fields present; we ask for the type so the file says it
        type = answer.value() != null ? Answer.VALUE : answer.range() != null ? Answer.RANGE : null;
        if (type == null) {
          problems.add(at + ": numeric answer needs \"type\": \"value\", \"range\" or \"default\"");
          continue;
        }
      }
      switch (type) {
        case Answer.VALUE -> {
          if (answer.value() == null) {
            problems.add(at + ": numeric answer of type value is missing \"value\"");
          } else if (!Double.isFinite(answer.value())) {
            problems.add(at + ": \"value\" must be a finite number");
          }
          requireCorrect(answer, at, problems);
        }
        case Answer.RANGE -> {
          List<Double> r = answer.range();
          if (r == null || r.size() != 2 || r.contains(null)) {
            problems.add(at + ": numeric answer of type range needs \"range\": [min, max]");
          } else if (!Double.isFinite(r.get(0)) || !Double.isFinite(r.get(1))) {
            problems.add(at + ": \"range\" bounds must be finite numbers");
          } else if (r.get(0) >= r.get(1)) {
            problems.add(
                at
                    + ": range ["
                    + num(r.get(0))
                    + ", "
                    + num(r.get(1))
                    + ") is empty; it needs min < max (it includes min, excludes max)");
          }
          requireCorrect(answer, at, problems);
        }
        case Answer.DEFAULT -> {
          defaults++;
          if (blank(answer.feedback())) {
            problems.add(at + ": the default answer needs \"feedback\"");
          }
        }
        default ->
            problems.add(
                at
                    + ": unknown numeric answer type "
                    + Sanitizer.quote(type)
                    + "; use value, range or default");
      }
    }
    if (defaults > 1) {
      problems.add(where + ": has " + defaults + " default answers; keep one");
    }
    if (q.correctCount() == 0) {
      problems.add(where + ": numeric needs at least one correct value or range answer");
    }
  }

  private static void strings(Question q, String where, List<String> problems) {
    int defaults = 0;
    for (int a = 0; a < q.answers().size(); a++) {
      Answer answer = q.answers().get(a);
      String at = where + " answer " + (a + 1);
      if (answer.isDefault()) {
        defaults++;
        if (blank(answer.feedback())) {
          problems.add(at + ": the default answer needs \"feedback\"");
        }
        continue;
      }
      if (answer.type() != null) {
        problems.add(
            at + ": unknown string answer type " + Sanitizer.quote(answer.type())
                + "; only default has a type");
      }
      if (blank(answer.answer())) {
        problems.add(at + ": the answer text is empty");
      }
      requireCorrect(answer, at, problems);
      Double fuzzy = answer.fuzzyThreshold();
      if (fuzzy != null && !(fuzzy > 0 && fuzzy <= 1)) {
        problems.add(at + ": fuzzy_threshold must be in (0, 1], got " + num(fuzzy));
      }
    }
    if (defaults > 1) {
      problems.add(where + ": has " + defaults + " default answers; keep one");
    }
    if (q.correctCount() == 0) {
      problems.add(where + ": string needs at least one correct answer");
    }
  }

  private static void requireCorrect(Answer answer, String at, List<String> problems) {
    if (answer.correct() == null) {
      problems.add(at + ": \"correct\" is missing; give true or false");
    }
  }

  /**
   * Quiz text is shown on a terminal and in the browser: a control character (an escape
   * sequence that clears the screen, a bidirectional override) has no place in it. Line breaks
   * and tabs are layout, not control, and are allowed.
   */
  private static void printable(String text, String where, List<String> problems) {
    if (text != null && Sanitizer.isUnsafe(text.replace('\n', ' ').replace('\t', ' '))) {
      problems.add(where + " holds a control character: " + Sanitizer.quote(text)
          + "; quiz text must be printable");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String num(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
  }
}
