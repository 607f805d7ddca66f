package org.lstmlab.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One training job: an id, a cancellation flag, and the log of events it has produced. A job of
 * the Train page and one of the Long lags page differ only in their events; the settings stay
 * with the code that runs them ({@link TrainingJobs}).
 *
 * <p>The training threads append events; each listener (a Server-Sent-Events stream of a browser
 * tab) reads the log from its own position and waits for more, so a tab that connects late, or
 * reconnects, still gets every event from the first, and a slow tab never holds up training.
 * Events in order: {@code start} once; per model, {@code epoch} after each epoch and {@code model}
 * when it ends (models train in parallel, so their events interleave); finally {@code done} once.
 * A long-lags job sends {@code eval} after each evaluation instead of {@code epoch}.
 * Thread-safe.
 */
final class TrainingJob {

  /** One event: its SSE name and its JSON data. */
  record Event(String name, String json) {}

  final String id;
  final long created = System.currentTimeMillis();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final List<Event> events = new ArrayList<>();
  private final Map<String, Object> results = new java.util.concurrent.ConcurrentHashMap<>();
  private boolean finished;
  private String status = "queued";

  TrainingJob(String id) {
    this.id = id;
  }

  /** Keeps what a model of the job produced (a fitted forecaster to download), by name. */
  void keep(String name, Object result) {
    results.put(name, result);
  }

  /** What {@link #keep} kept under {@code name}, or null. */
  Object kept(String name) {
    return results.get(name);
  }

  /** Asks the training to stop before its next batch. */
  void cancel() {
    cancelled.set(true);
  }

  boolean cancelled() {
    return cancelled.get();
  }

  synchronized void publish(String name, String json) {
    events.add(new Event(name, json));
    notifyAll();
  }

  /** Publishes the last event and marks the job finished. */
  synchronized void finish(String status, String json) {
    this.status = status;
    events.add(new Event("done", json));
    finished = true;
    notifyAll();
  }

  synchronized void running() {
    if (!finished) {
      status = "running";
    }
  }

  synchronized boolean finished() {
    return finished;
  }

  synchronized String status() {
    return status;
  }

  synchronized int size() {
    return events.size();
  }

  /**
   * The events from index {@code from} on, waiting up to {@code millis} for one if there are none
   * yet; empty if none came in time or the job finished with no more.
   */
  synchronized List<Event> awaitFrom(int from, long millis) throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    while (events.size() <= from && !finished) {
      long left = end - System.currentTimeMillis();
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    return from < events.size()
        ? new ArrayList<>(events.subList(from, events.size())) : List.of();
  }

  /** A summary for {@code GET /api/train/{id}}: id, status, event count, cancelled. */
  synchronized Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("status", status);
    m.put("events", events.size());
    m.put("cancelled", cancelled.get());
    return m;
  }
}
