package org.lstmlab.web.quiz;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One question, as jupyterquiz writes it: its text, its type, its answers and, for numeric
 * questions, the number of significant digits compared.
 *
 * @param question the text, plain text with {@code $…$} math
 * @param type the JSON type name, e.g. {@code "many_choice"}; see {@link #kind()}
 * @param precision numeric only: significant digits compared; {@code null} or 0 compares exactly
 * @param answers the answers, in the order shown
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Question(String question, String type, Integer precision, List<Answer> answers) {

  /** The type, or {@code null} when {@link #type()} names none (the validator reports it). */
  @JsonIgnore
  public QuestionType kind() {
    return QuestionType.fromJson(type);
  }

  /** The answers, never {@code null}. */
  @Override
  public List<Answer> answers() {
    return answers == null ? List.of() : answers;
  }

  /** How many answers are marked correct (for many_choice: how many there are to find). */
  @JsonIgnore
  public int correctCount() {
    int n = 0;
    for (Answer a : answers()) {
      if (!a.isDefault() && a.isCorrect()) {
        n++;
      }
    }
    return n;
  }
}
