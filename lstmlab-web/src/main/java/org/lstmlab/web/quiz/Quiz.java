package org.lstmlab.web.quiz;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A quiz file: the questions of one JSON file in the jupyterquiz format, and where they came from.
 *
 * <p>Order of use: {@link #read} (or {@link #bundled()}) → {@link QuizValidator#validate} →
 * show the questions and judge the answers with {@link QuizGrader}. Reading checks only that the
 * file is a JSON array of question objects with the right JSON types; everything else (a known
 * type, a correct answer, a sensible range) is the validator's job, so that a user sees all
 * problems at once rather than the first.
 *
 * @param source the name used in messages, e.g. {@code quizzes/cell.json}
 * @param questions the questions in file order
 */
public record Quiz(String source, List<Question> questions) {

  /** Where the bundled lesson and quizzes live on the class path. */
  static final String RESOURCES = "/org/lstmlab/web/";

  /** The lesson's table of contents, which lists each section's quiz files in reading order. */
  public static final String LESSON_INDEX = RESOURCES + "lesson/index.json";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          // "correct": "yes", "value": "3" or "precision": 2.5 are errors, not silently coerced
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          // a key given twice, or anything after the array, is a mistake to point at
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  public Quiz {
    // Not List.copyOf, which throws on null: a file [null] is the validator's to report.
    questions = questions == null ? List.of()
        : java.util.Collections.unmodifiableList(new ArrayList<>(questions));
  }

  /**
   * Reads a quiz from JSON text.
   *
   * @param source the name to use in messages
   * @throws QuizFormatException if the text is not a JSON array of question objects
   */
  public static Quiz read(String source, InputStream in) throws IOException {
    String text;
    try {
      // UTF-8, strictly: left to detect the encoding, Jackson takes some bytes for UTF-32 and
      // fails with an exception of its own that named no file (found by QuizFuzzTest).
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(in.readAllBytes())).toString();
    } catch (CharacterCodingException e) {
      throw new QuizFormatException(source + ": is not UTF-8 text; save the quiz as UTF-8 JSON", e);
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // byte-order mark, as some editors write
    }
    try {
      Question[] qs = JSON.readValue(text, Question[].class);
      return new Quiz(source, qs == null ? List.of() : Arrays.asList(qs));
    } catch (JsonProcessingException e) {
      throw new QuizFormatException(describe(source, e), e);
    }
  }

  /** Reads a quiz file, named in messages by its path as given. */
  public static Quiz read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(file.toString(), in);
    }
  }

  /**
   * The quizzes bundled with the lesson, in the order the lesson's {@code index.json} lists them,
   * each named {@code quizzes/<file>}.
   *
   * @throws UncheckedIOException if a bundled file is missing or malformed: a build error
   */
  public static List<Quiz> bundled() {
    try {
      List<Quiz> quizzes = new ArrayList<>();
      for (String file : bundledFiles()) {
        String name = "quizzes/" + file;
        try (InputStream in = resource(RESOURCES + name)) {
          quizzes.add(read(name, in));
        }
      }
      return quizzes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The quiz file names listed in the lesson's index, in reading order, each once. */
  public static List<String> bundledFiles() throws IOException {
    Set<String> files = new LinkedHashSet<>();
    try (InputStream in = resource(LESSON_INDEX)) {
      JsonNode sections = JSON.readTree(in);
      for (JsonNode section : sections) {
        for (JsonNode quiz : section.path("quizzes")) {
          files.add(quiz.asText());
        }
      }
    }
    return List.copyOf(files);
  }

  /** All questions of these quizzes, in order. */
  public static List<Question> allQuestions(List<Quiz> quizzes) {
    List<Question> all = new ArrayList<>();
    quizzes.forEach(q -> all.addAll(q.questions()));
    return all;
  }

  private static InputStream resource(String path) throws IOException {
    InputStream in = Quiz.class.getResourceAsStream(path);
    if (in == null) {
      throw new IOException("bundled resource " + path + " is missing from the jar");
    }
    return in;
  }

  /** One line: file, line and column, and Jackson's first sentence, without its Java details. */
  private static String describe(String source, JsonProcessingException e) {
    StringBuilder s = new StringBuilder(source);
    JsonLocation at = e.getLocation();
    if (at != null && at.getLineNr() > 0) {
      s.append(" line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
    }
    s.append(": ");
    if (e instanceof MismatchedInputException m) {
      String path = fieldPath(m);
      Class<?> target = m.getTargetType();
      if (String.valueOf(m.getOriginalMessage()).startsWith("Trailing token")) {
        s.append("text after the closing ] of the questions; a quiz file holds one JSON array");
      } else if (target == Question[].class) {
        s.append("a quiz file must be a JSON array of questions, [ {\"question\": ...}, ... ]");
      } else if (target != null && !path.isEmpty()) {
        s.append(path).append(" must be ").append(expected(target));
      } else {
        s.append(firstLine(e.getOriginalMessage()));
      }
    } else {
      s.append("not valid JSON: ").append(firstLine(e.getOriginalMessage()));
    }
    return s.toString();
  }

  /** Where in the document, as question 2 answer 3 "value" (1-based, as people count). */
  private static String fieldPath(MismatchedInputException m) {
    StringBuilder p = new StringBuilder();
    String field = null;
    boolean inAnswers = false;
    for (var ref : m.getPath()) {
      if (ref.getFieldName() != null) {
        field = ref.getFieldName();
        inAnswers = field.equals("answers");
      } else if (ref.getIndex() >= 0) {
        p.append(p.length() == 0 ? "question " : inAnswers ? " answer " : " item ")
            .append(ref.getIndex() + 1);
        field = null;
      }
    }
    if (field != null) {
      p.append(p.length() == 0 ? "" : " ").append('"').append(field).append('"');
    }
    return p.toString();
  }

  private static String expected(Class<?> target) {
    if (target == Boolean.class || target == boolean.class) {
      return "true or false";
    }
    if (target == Integer.class || target == int.class) {
      return "a whole number";
    }
    if (target == Double.class || target == double.class) {
      return "a number";
    }
    if (target == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(target) || target.isArray()) {
      return "an array";
    }
    return "an object";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
