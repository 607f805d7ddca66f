package org.lstmlab.web.quiz;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Judges a learner's answer to a validated question, with the rules of jupyterquiz's own pages
 * (jupyterquiz/js/numeric.js, string.js, multiple_choice.js), so that a quiz file behaves the same
 * here, in the browser and in the terminal.
 *
 * <p><b>Numeric.</b> With {@code precision} p &gt; 0 both the typed number and each {@code value}
 * are rounded to p significant digits, as JavaScript's {@code Number(x.toPrecision(p))} does (the
 * exact binary value of the double, ties away from zero), and compared for equality; a {@code
 * range} [min, max) is tested against the rounded typed number, min included, max excluded, bounds
 * not rounded. Answers are tried in file order and the first that matches gives the feedback;
 * when none does, the {@code default} answer's feedback (or "Incorrect. Try again."). A typed
 * fraction {@code a/b} is accepted, as jupyterquiz accepts it, and so are digits grouped in
 * thousands, "41,200" or "41 200" (beyond jupyterquiz, which would refuse them). Precision 0
 * compares exactly: in jupyterquiz {@code toPrecision(0)} would throw, so 0 can only sensibly mean
 * "no rounding".
 *
 * <p><b>String.</b> The typed text is trimmed, then compared with each answer exactly when {@code
 * match_case} is true, else ignoring case; an answer with {@code fuzzy_threshold} t also matches
 * when 1 − Levenshtein distance / longer length ≥ t, and its feedback is then marked "(Fuzzy)".
 *
 * <p><b>Choices.</b> Each chosen answer gives its own feedback. A multiple_choice question is
 * right when the one correct answer is chosen; a many_choice question when the chosen set is
 * exactly the correct set. {@link Result#found()} counts the correct answers among those chosen,
 * for the found-so-far counter "[found/of]".
 */
public final class QuizGrader {

  /** Feedback when a numeric or string answer matches nothing and the quiz gives no default. */
  public static final String DEFAULT_FEEDBACK = "Incorrect. Try again.";

  /** Feedback for a matched answer that has none of its own. */
  static final String CORRECT = "Correct!";

  static final String INCORRECT = "Incorrect. Try again.";

  // Digits as jupyterquiz's input filter lets them through: sign, decimals, exponent, one '/'.
  private static final String NUMBER = "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?";
  private static final Pattern NUMERIC_INPUT =
      Pattern.compile("\\s*(" + NUMBER + ")\\s*(?:/\\s*(" + NUMBER + ")\\s*)?");

  // Digit groups as people write them: a first group of one to three digits, then groups of exactly
  // three after a comma or a space (plain, no-break U+00A0, thin U+2009 or narrow no-break U+202F):
  // "41,200", "41 200", "1 234 567.5". A comma before anything but three digits ("1,5", a decimal
  // comma) is left alone, so it stays unreadable rather than guessed.
  private static final Pattern GROUPED =
      Pattern.compile("\\s*([-+]?\\d{1,3}(?:[, \\u00a0\\u2009\\u202f]\\d{3})+(?:\\.\\d*)?)\\s*");
  private static final Pattern SEPARATOR = Pattern.compile("[, \\u00a0\\u2009\\u202f]");

  private QuizGrader() {}

  /**
   * The verdict on one answer.
   *
   * @param correct whether the answer is right
   * @param feedback the feedback to show, one entry per chosen or matched answer, never empty
   * @param found how many correct answers were chosen (choices), or 1/0 (numeric, string)
   * @param of how many correct answers there are to find (choices), or 1 (numeric, string)
   */
  public record Result(boolean correct, List<String> feedback, int found, int of) {
    public Result {
      feedback = List.copyOf(feedback);
    }
  }

  /**
   * Judges the chosen answers of a multiple_choice or many_choice question.
   *
   * @param chosen the chosen answers' indices, 0-based, in any order; repeats count once
   * @throws IllegalArgumentException if an index is out of range or the question is not a choice
   */
  public static Result choices(Question q, Collection<Integer> chosen) {
    QuestionType kind = q.kind();
    if (kind != QuestionType.MULTIPLE_CHOICE && kind != QuestionType.MANY_CHOICE) {
      throw new IllegalArgumentException("not a choice question: type " + q.type());
    }
    List<Answer> answers = q.answers();
    TreeSet<Integer> picked = new TreeSet<>(chosen);
    List<String> feedback = new ArrayList<>();
    int found = 0;
    int wrong = 0;
    for (int i : picked) {
      if (i < 0 || i >= answers.size()) {
        throw new IllegalArgumentException(
            "choice " + (i + 1) + " is not one of the answers 1 to " + answers.size());
      }
      Answer a = answers.get(i);
      if (a.isCorrect()) {
        found++;
      } else {
        wrong++;
      }
      feedback.add(orElse(a.feedback(), a.isCorrect() ? CORRECT : INCORRECT));
    }
    int of = q.correctCount();
    boolean right = wrong == 0 && found == of && found > 0;
    if (feedback.isEmpty()) {
      feedback.add("Nothing chosen.");
    }
    return new Result(right, feedback, found, of);
  }

  /**
   * Judges a typed number, given as the learner typed it ("41200", "4.12e4", "1/3").
   * Unparseable text is simply wrong, with feedback that says what a number looks like.
   */
  public static Result numeric(Question q, String typed) {
    Double x = parseNumber(typed);
    if (x == null) {
      return new Result(
          false,
          List.of("'" + typed.strip()
              + "' is not a number; type e.g. 42, 41,200, 0.5, 1e-3 or 1/3."),
          0,
          1);
    }
    return numeric(q, x);
  }

  /** Judges a number. */
  public static Result numeric(Question q, double typed) {
    if (q.kind() != QuestionType.NUMERIC) {
      throw new IllegalArgumentException("not a numeric question: type " + q.type());
    }
    Integer p = q.precision();
    double x = round(typed, p);
    String defaultFeedback = DEFAULT_FEEDBACK;
    for (Answer a : q.answers()) {
      if (a.value() != null) {
        if (x == round(a.value(), p)) {
          return matched(a);
        }
      } else if (a.range() != null && a.range().size() == 2) {
        if (x >= a.range().get(0) && x < a.range().get(1)) {
          return matched(a);
        }
      } else if (a.isDefault() && a.feedback() != null) {
        defaultFeedback = a.feedback();
      }
    }
    return new Result(false, List.of(defaultFeedback), 0, 1);
  }

  /** Judges typed text. */
  public static Result string(Question q, String typed) {
    if (q.kind() != QuestionType.STRING) {
      throw new IllegalArgumentException("not a string question: type " + q.type());
    }
    String s = typed.strip();
    String defaultFeedback = DEFAULT_FEEDBACK;
    for (Answer a : q.answers()) {
      if (a.isDefault()) {
        defaultFeedback = orElse(a.feedback(), DEFAULT_FEEDBACK);
      }
    }
    for (Answer a : q.answers()) {
      if (a.isDefault() || a.answer() == null) {
        continue;
      }
      boolean match =
          a.isCaseSensitive()
              ? s.equals(a.answer())
              : s.toLowerCase(Locale.ROOT).equals(a.answer().toLowerCase(Locale.ROOT));
      if (match) {
        return matched(a);
      }
      if (a.fuzzyThreshold() != null && similarity(s, a.answer(), a.isCaseSensitive())
          >= a.fuzzyThreshold()) {
        Result r = matched(a);
        return new Result(r.correct(), List.of("(Fuzzy) " + r.feedback().get(0)), r.found(), 1);
      }
    }
    return new Result(false, List.of(defaultFeedback), 0, 1);
  }

  /**
   * {@code x} rounded to {@code precision} significant digits as JavaScript's {@code
   * Number(x.toPrecision(precision))}: the double's exact decimal value rounded half away from
   * zero, then read back as the nearest double. {@code null} or 0 leaves x as it is.
   */
  public static double round(double x, Integer precision) {
    if (precision == null || precision <= 0 || x == 0 || !Double.isFinite(x)) {
      return x;
    }
    // new BigDecimal(double) is the exact binary value, as toPrecision sees it: 1.005 -> 1.00
    return new BigDecimal(x).round(new MathContext(precision, RoundingMode.HALF_UP)).doubleValue();
  }

  /**
   * The number typed, or {@code null} if it is none; "a/b" is a / b, and digits grouped in
   * thousands by commas or spaces ("41,200", "41 200", thin or no-break spaces too) are one number.
   */
  static Double parseNumber(String typed) {
    var grouped = GROUPED.matcher(typed);
    if (grouped.matches()) {
      return Double.parseDouble(SEPARATOR.matcher(grouped.group(1)).replaceAll(""));
    }
    var m = NUMERIC_INPUT.matcher(typed);
    if (!m.matches()) {
      return null;
    }
    double x = Double.parseDouble(m.group(1));
    if (m.group(2) != null) {
      x /= Double.parseDouble(m.group(2));
    }
    return Double.isNaN(x) ? null : x;
  }

  private static Result matched(Answer a) {
    boolean right = a.isCorrect();
    String feedback = orElse(a.feedback(), right ? CORRECT : INCORRECT);
    return new Result(right, List.of(feedback), right ? 1 : 0, 1);
  }

  /** 1 − edit distance / longer length: 1 for equal strings, 0 for nothing in common. */
  static double similarity(String a, String b, boolean matchCase) {
    if (!matchCase) {
      a = a.toLowerCase(Locale.ROOT);
      b = b.toLowerCase(Locale.ROOT);
    }
    int longer = Math.max(a.length(), b.length());
    return longer == 0 ? 1 : 1 - (double) levenshtein(a, b) / longer;
  }

  static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String orElse(String s, String otherwise) {
    return s == null || s.isBlank() ? otherwise : s;
  }
}
