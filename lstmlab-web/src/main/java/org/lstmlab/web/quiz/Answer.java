package org.lstmlab.web.quiz;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One answer of a question, as jupyterquiz writes it. Which fields matter depends on the
 * question's type:
 *
 * <ul>
 *   <li>choices: {@code answer} (the text shown), {@code correct}, {@code feedback};
 *   <li>numeric: {@code type} {@code "value"} with {@code value}, {@code "range"} with {@code
 *       range} = [min, max) , or {@code "default"} with only {@code feedback};
 *   <li>string: {@code answer} (the text to match), {@code correct}, {@code feedback}, {@code
 *       match_case}, optionally {@code fuzzy_threshold}; or {@code type} {@code "default"}.
 * </ul>
 *
 * Absent fields are {@code null}; the {@link QuizValidator} says which ones a question needs.
 *
 * @param answer the choice's text, or the string to match
 * @param correct whether choosing or matching this answer is right
 * @param feedback what the learner reads after choosing or matching it
 * @param type for numeric and string answers: {@code value}, {@code range} or {@code default}
 * @param value the number a numeric {@code value} answer matches
 * @param range [min, max) that a numeric {@code range} answer matches
 * @param matchCase whether a string answer must match case too ({@code match_case})
 * @param fuzzyThreshold for strings: the similarity, 0 to 1, at which a near miss still matches
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Answer(
    String answer,
    Boolean correct,
    String feedback,
    String type,
    Double value,
    List<Double> range,
    @JsonProperty("match_case") Boolean matchCase,
    @JsonProperty("fuzzy_threshold") Double fuzzyThreshold) {

  /** The numeric or string answer kind {@code "default"}: feedback when nothing else matches. */
  public static final String DEFAULT = "default";

  /** The numeric answer kind that matches one number. */
  public static final String VALUE = "value";

  /** The numeric answer kind that matches a half-open interval [min, max). */
  public static final String RANGE = "range";

  /** Whether this is the {@code "default"} answer, which only carries feedback. */
  public boolean isDefault() {
    return DEFAULT.equals(type);
  }

  /** Whether this answer is marked correct; an absent {@code correct} counts as false. */
  public boolean isCorrect() {
    return Boolean.TRUE.equals(correct);
  }

  /** Whether a string answer compares case; absent means no, as in jupyterquiz. */
  public boolean isCaseSensitive() {
    return Boolean.TRUE.equals(matchCase);
  }
}
