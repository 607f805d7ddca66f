package org.lstmlab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.lstmlab.core.data.Sanitizer;
import org.lstmlab.web.quiz.Answer;
import org.lstmlab.web.quiz.Question;
import org.lstmlab.web.quiz.QuestionType;
import org.lstmlab.web.quiz.Quiz;
import org.lstmlab.web.quiz.QuizFormatException;
import org.lstmlab.web.quiz.QuizGrader;
import org.lstmlab.web.quiz.QuizValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlab quiz}: the lesson's quizzes, or a quiz file in the jupyterquiz format, asked in
 * the terminal.
 *
 * <p>Each question is printed with its math left as {@code $…$} source and its choices numbered;
 * the answer is read as one line from standard input (for many_choice, several numbers separated
 * by commas or spaces), judged by {@link QuizGrader} with the same rules as the web page, and
 * answered with the feedback of each chosen answer. A line that is not an answer (a choice out of
 * range, two choices for a one-choice question) is asked again. The score comes at the end, or
 * as soon as standard input ends.
 *
 * <p>A user's file is validated before anything is asked: if it has problems, each is one line on
 * stderr, {@code lstmlab: <file> question <n>[ answer <m>]: <what is wrong>}, and the exit code is
 * {@link Main#FAILURE}. A file that is missing or not JSON is a {@link CommandFailure}.
 */
@Command(
    name = "quiz",
    mixinStandardHelpOptions = true,
    description = {
      "Answer the lesson's quizzes in the terminal, or the questions of your own quiz file"
          + " (jupyterquiz JSON).",
      "Type the number of your choice (several for 'choose all': 1,3 or 1 3), a number, or a word;"
          + " end with Ctrl-D to see your score so far."
    })
final class QuizCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--file",
      paramLabel = "F.json",
      description = "A quiz file in the jupyterquiz JSON format (default: the lesson's quizzes).")
  Path file;

  /** Where answers are read from; tests put their scripted answers here. */
  InputStream in = System.in;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Quiz> quizzes;
    if (file == null) {
      quizzes = Quiz.bundled();
    } else {
      if (!Files.isRegularFile(file)) {
        throw new CommandFailure("--file " + file + ": no such file");
      }
      Quiz quiz;
      try {
        quiz = Quiz.read(file);
      } catch (QuizFormatException e) {
        throw new CommandFailure(e.getMessage(), e); // already one line: file, line, column, what
      }
      // Several problems, one line each: more than one CommandFailure can say, so printed here.
      List<String> problems = QuizValidator.validate(quiz);
      if (!problems.isEmpty()) {
        problems.forEach(p -> err.println("lstmlab: " + Main.oneLine(p)));
        return Main.FAILURE;
      }
      quizzes = List.of(quiz);
    }
    List<Question> questions = Quiz.allQuestions(quizzes);
    BufferedReader answers = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));

    out.printf(
        "%d questions%s. Math is shown as LaTeX between $ signs. Ctrl-D stops.%n",
        questions.size(),
        file == null ? " from the lesson" : " from " + file);
    int asked = 0;
    int right = 0;
    for (Question q : questions) {
      out.println();
      out.printf("Question %d of %d  (%s)%n", asked + 1, questions.size(), hint(q));
      out.print(wrap(q.question(), "", ""));
      if (isChoice(q)) {
        for (int i = 0; i < q.answers().size(); i++) {
          out.print(wrap(q.answers().get(i).answer(), "  " + (i + 1) + ") ", "     "));
        }
      }
      QuizGrader.Result result = ask(q, answers, out);
      if (result == null) { // end of input
        out.println();
        out.printf(
            "Stopped. Score: %d of %d answered (%d in all).%n", right, asked, questions.size());
        out.flush();
        return Main.OK;
      }
      asked++;
      if (result.correct()) {
        right++;
      }
      report(q, result, out);
    }
    out.println();
    out.printf("Score: %d of %d.%n", right, questions.size());
    out.flush();
    return Main.OK;
  }

  /** Reads lines until one is an answer, and judges it; {@code null} at the end of input. */
  private QuizGrader.Result ask(Question q, BufferedReader answers, PrintWriter out)
      throws IOException {
    while (true) {
      out.print("> ");
      out.flush();
      String line = answers.readLine();
      if (line == null) {
        return null;
      }
      if (line.isBlank()) {
        continue;
      }
      switch (q.kind()) {
        case NUMERIC:
          return QuizGrader.numeric(q, line);
        case STRING:
          return QuizGrader.string(q, line);
        default:
          List<Integer> chosen = choices(line, q.answers().size());
          if (chosen == null) {
            boolean many = q.kind() == QuestionType.MANY_CHOICE;
            out.printf(
                "Type the number%s of your choice%s, 1 to %d.%n",
                many ? "s" : "", many ? "s (e.g. 1,3)" : "", q.answers().size());
          } else if (q.kind() == QuestionType.MULTIPLE_CHOICE && chosen.size() != 1) {
            out.println("Choose one answer.");
          } else {
            return QuizGrader.choices(q, chosen);
          }
      }
    }
  }

  /** The 0-based choices in "1, 3" or "1 3", or {@code null} if the line is not such a list. */
  static List<Integer> choices(String line, int count) {
    Set<Integer> chosen = new LinkedHashSet<>();
    for (String part : line.strip().split("[,;\\s]+")) {
      int n;
      try {
        n = Integer.parseInt(part);
      } catch (NumberFormatException e) {
        return null;
      }
      if (n < 1 || n > count) {
        return null;
      }
      chosen.add(n - 1);
    }
    return chosen.isEmpty() ? null : new ArrayList<>(chosen);
  }

  private static void report(Question q, QuizGrader.Result r, PrintWriter out) {
    for (String feedback : r.feedback()) {
      out.print(wrap(feedback, "  ", "  "));
    }
    if (q.kind() == QuestionType.MANY_CHOICE) {
      out.printf("  Found %d of %d correct answers.%n", r.found(), r.of());
    }
    if (r.correct()) {
      out.println("Correct.");
      return;
    }
    out.println("Not correct. " + rightAnswer(q));
  }

  /** What would have been right, so that a wrong answer still teaches something. */
  private static String rightAnswer(Question q) {
    List<String> right = new ArrayList<>();
    for (int i = 0; i < q.answers().size(); i++) {
      Answer a = q.answers().get(i);
      if (a.isDefault() || !a.isCorrect()) {
        continue;
      }
      if (isChoice(q)) {
        right.add(String.valueOf(i + 1));
      } else if (a.value() != null) {
        right.add(plain(a.value()));
      } else if (a.range() != null) {
        right.add("from " + plain(a.range().get(0)) + " up to " + plain(a.range().get(1)));
      } else {
        right.add(a.answer());
      }
      if (!isChoice(q)) {
        break; // one right answer is enough to show
      }
    }
    return (isChoice(q) && right.size() > 1 ? "The right answers: " : "The right answer: ")
        + String.join(", ", right)
        + ".";
  }

  /** Terminal width the text is wrapped to; long words (formulas) are never broken. */
  static final int WIDTH = 80;

  /** {@code text} as lines of at most {@link #WIDTH} characters, the first after {@code first}. */
  static String wrap(String text, String first, String rest) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder(first);
    int empty = first.length();
    // The validator refuses control characters in a quiz; escaped here all the same.
    for (String word : Sanitizer.escape(text.strip(), Integer.MAX_VALUE).split("\\s+")) {
      if (line.length() > empty && line.length() + 1 + word.length() > WIDTH) {
        out.append(line).append(System.lineSeparator());
        line = new StringBuilder(rest);
        empty = rest.length();
      }
      if (line.length() > empty) {
        line.append(' ');
      }
      line.append(word);
    }
    return out.append(line).append(System.lineSeparator()).toString();
  }

  private static boolean isChoice(Question q) {
    return q.kind() == QuestionType.MULTIPLE_CHOICE || q.kind() == QuestionType.MANY_CHOICE;
  }

  private static String hint(Question q) {
    return switch (q.kind()) {
      case MULTIPLE_CHOICE -> "choose one";
      case MANY_CHOICE -> "choose all that apply, e.g. 1,3";
      case NUMERIC ->
          q.precision() != null && q.precision() > 0
              ? "type a number; " + q.precision() + " significant digits are compared"
              : "type a number";
      case STRING -> "type a word";
    };
  }

  private static String plain(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
  }
}
