package org.lstmlab.web.quiz;

import java.util.Locale;

/** The four kinds of question jupyterquiz knows, by their name in the JSON {@code type} field. */
public enum QuestionType {
  /** Several choices, exactly one of them correct. */
  MULTIPLE_CHOICE,
  /** Several choices, one or more of them correct; the learner finds them all. */
  MANY_CHOICE,
  /** A number typed in, compared after rounding to {@code precision} significant digits. */
  NUMERIC,
  /** A word or phrase typed in, compared with or without case. */
  STRING;

  /** The name in the JSON file, e.g. {@code "many_choice"}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type with this JSON name, or {@code null} when there is none (the validator says so). */
  public static QuestionType fromJson(String name) {
    for (QuestionType t : values()) {
      if (t.jsonName().equals(name)) {
        return t;
      }
    }
    return null;
  }
}
