/**
 * The tutorial server: {@link org.lstmlab.web.WebServer} serves the lesson (sections, quizzes, the
 * cell diagram), the synthetic series, live training streamed as Server-Sent Events, the gate
 * explorer and the gradient-flow view, as one local web app with every script, style and font
 * from the jar. {@link org.lstmlab.web.Limits} holds the bounds of every request.
 *
 * <p>Inside: {@code TrainingJobs} runs training jobs on a small pool off the request threads,
 * {@code Explorers} computes the two views inside the networks, {@code LessonContent} reads the
 * lesson from the class path, {@code StaticFiles} serves files and refuses path traversal. The
 * page itself is {@code static/app.js}. Left out: the long-time-lags experiments page (waits for
 * those experiments), user accounts, persistence of runs across restarts.
 */
package org.lstmlab.web;
