/**
 * Quizzes in the jupyterquiz JSON format: the model, a validator, and a grader.
 *
 * <ul>
 *   <li>{@link org.lstmlab.web.quiz.Quiz}, {@link org.lstmlab.web.quiz.Question} and {@link
 *       org.lstmlab.web.quiz.Answer}: a quiz file read with Jackson, as jupyterquiz writes it (a
 *       JSON array of questions). Fields jupyterquiz knows but we do not use are ignored.
 *   <li>{@link org.lstmlab.web.quiz.QuizValidator}: every problem in a file as one line for people,
 *       naming the file, the question and the answer.
 *   <li>{@link org.lstmlab.web.quiz.QuizGrader}: how an answer is judged, with jupyterquiz's rules
 *       (numbers rounded to {@code precision} significant digits, ranges half-open, a default
 *       feedback; strings compared with or without case).
 * </ul>
 *
 * <p>The bundled quizzes live beside the lesson as resources under {@code org/lstmlab/web/quizzes};
 * {@link org.lstmlab.web.quiz.Quiz#bundled()} reads them in the lesson's order. The text of a quiz
 * is plain text with {@code $…$} math: whoever renders it as HTML must escape it.
 */
package org.lstmlab.web.quiz;
