package org.lstmlab.web.quiz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.lstmlab.core.data.Sanitizer;

/**
 * Fuzz test of the quiz reader and validator (Jazzer): on any bytes, {@link Quiz#read} returns a
 * quiz or throws a one-line {@link QuizFormatException}, and {@link QuizValidator#validate} never
 * throws and words every problem as one printable line; anything else is a finding.
 *
 * <p>Runs as {@code ReaderFuzzTest} in lstmlab-io does: its inputs replayed by {@code ./mvnw
 * verify}, fuzzed for {@code maxDuration} by the pom's {@code fuzz-quiz} execution, longer by hand
 * with {@code tools/fuzz.sh web quiz 600}.
 */
public class QuizFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void quiz(byte[] data) throws IOException {
    target(data);
  }

  static void target(byte[] data) throws IOException {
    Quiz quiz;
    try {
      quiz = Quiz.read("fuzz.json", new ByteArrayInputStream(data));
    } catch (QuizFormatException e) {
      line(e.getMessage());
      return;
    }
    List<String> problems = QuizValidator.validate(quiz);
    problems.forEach(QuizFuzzTest::line);
    if (problems.isEmpty()) {
      for (Question q : quiz.questions()) {
        switch (q.kind()) {
          case MULTIPLE_CHOICE, MANY_CHOICE -> QuizGrader.choices(q, List.of(0));
          case NUMERIC -> QuizGrader.numeric(q, "1.5");
          case STRING -> QuizGrader.string(q, "lstm");
        }
      }
    }
  }

  static void line(String m) {
    if (m == null || m.isBlank() || m.length() > 4000 || m.contains("\n")
        || Sanitizer.isUnsafe(m)) {
      throw new AssertionError("not one printable line: " + Sanitizer.line(String.valueOf(m)));
    }
  }

  /** The entry point for Jazzer's own driver (tools/fuzz.sh). */
  public static final class Target {
    private Target() {}

    public static void fuzzerTestOneInput(byte[] data) throws IOException {
      target(data);
    }
  }
}
