/**
 * The tutorial server: {@link org.lstmlab.web.WebServer} serves the lesson (sections, quizzes, the
 * cell diagram), the synthetic series, live training streamed as Server-Sent Events, the gate
 * explorer and the gradient-flow view, as one local web app with every script, style and font
 * from the jar. {@link org.lstmlab.web.Limits} holds the bounds of every request; {@code Fields}
 * defines every page's fields once (name, label, range, default), which the server reads requests
 * with and serves at {@code /api/limits} for the page to build its forms from.
 *
 * <p>Inside: {@code TrainingJobs} runs training jobs on a small pool off the request threads, each
 * model through the library's forecasting pipeline ({@code Forecaster.fit}, with the notebook's
 * configuration, {@code NotebookForecast}), {@code Explorers} computes the two views inside the
 * networks on the pipeline's windows, {@code LessonContent} reads the
 * lesson from the class path, {@code StaticFiles} serves files and refuses path traversal. The
 * page itself is {@code static/app.js}. Left out: user accounts, persistence of runs across
 * restarts.
 */
package org.lstmlab.web;
