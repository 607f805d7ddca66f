package org.lstmlab.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.server.NetworkConnectionLimit;

/**
 * The tutorial server: the lesson, the series, live training, the gate explorer and the gradient
 * view, as one local web app on an embedded Jetty (through Javalin).
 *
 * <p>Pages ({@code /lesson}, {@code /series}, {@code /train}, {@code /gates}, {@code /gradients},
 * {@code /lags}, {@code /data}, {@code /text})
 * are one shell page whose script draws the chosen view; their settings live in the URL's query.
 * The JSON API:
 *
 * <pre>
 *   GET  /api/lesson                     sections with their HTML and quizzes
 *   GET  /api/lesson/diagram.svg         the LSTM cell diagram
 *   GET  /api/series?length&amp;noise&amp;seed     the synthetic series, its clean signal and time points
 *   GET  /api/limits                     every page's fields: label, range, default ({@link Fields})
 *   POST /api/train  {models, hidden, window, epochs, lr, batch_size, holdout, length, noise, seed}
 *                                        202 {id}; 429 when too many jobs run
 *   POST /api/lags   {task, length, steps, hidden, lr, eval_every, test_size, seed}
 *                                        202 {id}: the LSTM and the tanh RNN on a long-lag task
 *   POST /api/own    {file_name, csv, target, time, missing, models, hidden, epochs, horizon,
 *                    forecast, seed}     202 {id}: your own CSV through the pipeline
 *   GET  /api/own/{id}/{model}/model.safetensors   the trained model file (lstmlab-io)
 *   GET  /api/own/{id}/{model}/report.html         its HTML report, as a download
 *   POST /api/text   {file | text, input, hidden, window, batch_size, epochs, lr, temperature,
 *                    prompt, seed}       202 {id}: a character model on a fortune file or a text
 *   POST /api/text/{id}/sample  {prompt, temperature, seed}   a sample from the trained model
 *   GET  /api/train/{id}/events          Server-Sent Events: start, epoch (lags: eval), model, done
 *   GET  /api/train/{id}                 the job's status
 *   POST /api/train/{id}/cancel          stops the job before its next batch
 *   GET  /api/gates?hidden&amp;window&amp;start&amp;epochs&amp;length&amp;noise&amp;seed
 *   GET  /api/gradients?hidden&amp;window&amp;epochs&amp;forget_bias&amp;length&amp;noise&amp;seed
 * </pre>
 *
 * Every refusal is a 4xx with {@code {"error": "..."}} naming the field and its range, Jetty's
 * own included ({@link JsonErrorHandler}). Only the user's own tab may drive the server ({@link
 * RequestGuard}: Host, Origin and Sec-Fetch-Site checked, POST bodies JSON), and at most {@value
 * Limits#MAX_STREAMS} event streams are open at once (429 beyond). Training
 * runs on its own small pool ({@link TrainingJobs}) and the explorers on another, so request
 * threads stay free while models train. Responses carry a Content-Security-Policy that allows
 * scripts, styles and fonts from this server only.
 *
 * <p>Lifecycle: {@link #start} → serve → {@link #close}. Thread-safe.
 */
public final class WebServer implements AutoCloseable {

  /** The loopback address the server binds by default. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The default port. */
  public static final int DEFAULT_PORT = 8080;

  static final List<String> PAGES =
      List.of("lesson", "series", "train", "gates", "gradients", "lags", "data", "text");

  private static final String CSP = "default-src 'self'; script-src 'self'; "
      + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private final Javalin app;
  private final TrainingJobs jobs;
  private final ExecutorService explore;
  private final String host;
  private final RequestGuard guard;
  private final Semaphore streams = new Semaphore(Limits.MAX_STREAMS);

  private WebServer(String host, int port, String lessonRoot) {
    this.host = host;
    this.guard = new RequestGuard(host);
    int cores = Runtime.getRuntime().availableProcessors();
    this.jobs = new TrainingJobs(Math.max(1, Math.min(2, cores)), Limits.MAX_JOBS);
    this.explore = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(4), r -> {
          Thread t = new Thread(r, "lstmlab-explore");
          t.setDaemon(true);
          return t;
        });
    LessonContent lesson = new LessonContent(lessonRoot);
    StaticFiles own = new StaticFiles("org/lstmlab/web/static/");
    StaticFiles webjars = new StaticFiles("META-INF/resources/webjars/");

    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.maxRequestSize = Limits.MAX_UPLOAD_BODY_BYTES;
      config.jetty.host = host;
      config.jetty.port = port;
      config.jetty.modifyServer(server -> {
        server.setErrorHandler(new JsonErrorHandler());
        // Beyond this many open connections Jetty stops accepting until one closes.
        server.addBean(new NetworkConnectionLimit(Limits.MAX_CONNECTIONS, server));
      });

      config.routes.before(ctx -> {
        guard.check(ctx);
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        String length = ctx.header("Content-Length");
        if (length != null) {
          long n;
          try {
            n = Long.parseLong(length.trim());
          } catch (NumberFormatException e) {
            throw new ApiError(400, "Content-Length is not a number");
          }
          long max = bodyLimit(ctx);
          if (n > max) {
            drain(ctx, n);
            throw new ApiError(413, "request body too large: " + n + " bytes, at most " + max);
          }
        }
      });
      config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
      config.routes.exception(HttpResponseException.class,
          (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
      config.routes.exception(Exception.class,
          (e, ctx) -> error(ctx, 500, "internal error: " + e.getMessage()));
      config.routes.error(404, ctx -> {
        if (ctx.result() == null || ctx.result().isEmpty()) {
          error(ctx, 404, "no such page or endpoint: " + ctx.path());
        }
      });

      // Pages: one shell; the script draws the view the path names.
      config.routes.get("/", ctx -> ctx.redirect("/lesson"));
      for (String page : PAGES) {
        config.routes.get("/" + page, ctx -> file(ctx, own.get("index.html"), false));
      }
      config.routes.get("/static/<path>", ctx -> file(ctx, own.get(ctx.pathParam("path")), false));
      config.routes.get("/webjars/<path>",
          ctx -> file(ctx, webjars.get(ctx.pathParam("path")), true));

      config.routes.get("/api/limits", ctx -> json(ctx, 200, limits()));
      config.routes.get("/api/lesson", ctx -> json(ctx, 200, lesson.lesson()));
      config.routes.get("/api/lesson/diagram.svg", ctx -> {
        String svg = lesson.diagram();
        if (svg == null) {
          throw new ApiError(404, "this build has no cell diagram");
        }
        ctx.contentType("image/svg+xml").result(svg);
      });
      config.routes.get("/api/series", ctx -> json(ctx, 200, series(query(ctx))));

      config.routes.post("/api/train", ctx -> {
        TrainSettings s = TrainSettings.from(body(ctx));
        accepted(ctx, jobs.submit(s));
      });
      config.routes.post("/api/lags", ctx -> {
        accepted(ctx, jobs.submitLags(LagSettings.from(body(ctx))));
      });
      config.routes.post("/api/own", ctx -> {
        accepted(ctx, jobs.submitOwn(OwnData.Settings.from(body(ctx))));
      });
      config.routes.post("/api/text", ctx -> {
        accepted(ctx, jobs.submitText(TextLesson.Settings.from(body(ctx))));
      });
      config.routes.post("/api/text/{id}/sample", ctx -> {
        if (!(job(ctx).kept(TextLesson.KEPT) instanceof TextLesson.Trained t)) {
          throw new ApiError(404, "job " + Params.shorten(ctx.pathParam("id")) + " has no trained"
              + " text model (it may still be training, have failed or been cancelled)");
        }
        json(ctx, 200, TextLesson.sample(t, body(ctx)));
      });
      config.routes.get("/api/own/{id}/{model}/model.safetensors", ctx -> {
        OwnData.Trained t = trained(ctx);
        ctx.header("Content-Disposition", "attachment; filename=\"" + ctx.pathParam("model")
            + ".safetensors\"");
        ctx.contentType("application/octet-stream").result(OwnData.modelFile(t));
      });
      config.routes.get("/api/own/{id}/{model}/report.html", ctx -> {
        OwnData.Trained t = trained(ctx);
        // A download, not a page of this site: the report carries its own scripts.
        ctx.header("Content-Disposition", "attachment; filename=\"" + ctx.pathParam("model")
            + "-report.html\"");
        ctx.contentType("text/html; charset=utf-8").result(OwnData.report(t));
      });
      config.routes.get("/api/train/{id}", ctx -> json(ctx, 200, job(ctx).summary()));
      config.routes.post("/api/train/{id}/cancel", ctx -> {
        TrainingJob job = job(ctx);
        job.cancel();
        json(ctx, 200, job.summary());
      });
      SseHandler events = new SseHandler(this::stream);
      config.routes.get("/api/train/{id}/events", ctx -> {
        // Each open stream holds a thread until its job ends: at most MAX_STREAMS at once.
        if (!String.valueOf(ctx.header("Accept")).contains("text/event-stream")) {
          throw new ApiError(406, "this is a stream of Server-Sent Events; ask for it with"
              + " Accept: text/event-stream");
        }
        if (!streams.tryAcquire()) {
          throw new ApiError(429, "too many open event streams (" + Limits.MAX_STREAMS
              + "); close a tab or wait for a job to end");
        }
        boolean handedOver = false;
        try {
          events.handle(ctx); // stream() runs on another thread and releases the permit
          handedOver = true;
        } finally {
          if (!handedOver) {
            streams.release();
          }
        }
      });

      config.routes.get("/api/gates", ctx -> explore(ctx, Explorers::gates));
      config.routes.get("/api/gradients", ctx -> explore(ctx, Explorers::gradients));
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException(
          "cannot serve on " + host + ":" + port + ": " + rootMessage(e), e);
    }
  }

  /**
   * Starts a server for the real lesson.
   *
   * @param host the address to bind, e.g. {@value #DEFAULT_HOST}
   * @param port the port, or 0 for any free one
   * @throws IllegalStateException if the address cannot be bound (naming it)
   */
  public static WebServer start(String host, int port) {
    return new WebServer(host, port, LessonContent.DEFAULT_ROOT);
  }

  /** As {@link #start(String, int)}, with the lesson read from another class-path root. */
  static WebServer start(String host, int port, String lessonRoot) {
    return new WebServer(host, port, lessonRoot);
  }

  /**
   * Trains the Train page's default job once in the background, unseen, so that a learner's
   * first job finds the JIT's work done; any job submitted meanwhile cancels it. For {@code
   * lstmlab serve}; a server started for tests does without.
   */
  public void warmUp() {
    jobs.warmUp();
  }

  /** The status of the job {@link #warmUp} started, as a job's; null when none was started. */
  String warmUpStatus() {
    return jobs.warmUpStatus();
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  /** The address of the lesson page, e.g. {@code http://127.0.0.1:8080/lesson}. */
  public String url() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    if (h.equals("0.0.0.0") || h.equals("[::]")) {
      h = "127.0.0.1";
    }
    return "http://" + h + ":" + port() + "/lesson";
  }

  /** Stops the server, cancels running jobs and stops their threads. */
  @Override
  public void close() {
    jobs.close();
    explore.shutdownNow();
    app.stop();
  }

  // ---------------------------------------------------------------------------------------------

  private void stream(SseClient client) {
    try {
      send(client);
    } finally {
      streams.release();
    }
  }

  private void send(SseClient client) {
    TrainingJob job = jobs.get(client.ctx().pathParam("id"));
    if (job == null) {
      client.sendEvent("failed", Json.write(Json.error("no such training job")));
      client.close();
      return;
    }
    int sent = 0;
    try {
      while (!client.terminated()) {
        List<TrainingJob.Event> events = job.awaitFrom(sent, 10_000);
        for (TrainingJob.Event e : events) {
          client.sendEvent(e.name(), e.json());
        }
        sent += events.size();
        if (job.finished() && sent >= job.size()) {
          break;
        }
        if (events.isEmpty()) {
          client.sendComment("waiting"); // keeps proxies from closing an idle stream
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      client.close();
    }
  }

  private void explore(Context ctx, Function<Params, Map<String, Object>> view) {
    Params p = query(ctx);
    CompletableFuture<Object> result;
    try {
      result = CompletableFuture.supplyAsync(() -> {
        try {
          return view.apply(p);
        } catch (ApiError e) {
          return e;
        } catch (IllegalArgumentException e) {
          return ApiError.badRequest(e.getMessage());
        }
      }, explore);
    } catch (RejectedExecutionException e) {
      throw new ApiError(503, "the explorer is busy with other requests; try again in a moment");
    }
    ctx.future(() -> result.thenAccept(r -> {
      if (r instanceof ApiError e) {
        error(ctx, e.status(), e.getMessage());
      } else {
        json(ctx, 200, r);
      }
    }));
  }

  private OwnData.Trained trained(Context ctx) {
    Object t = job(ctx).kept(ctx.pathParam("model"));
    if (!(t instanceof OwnData.Trained trained)) {
      throw new ApiError(404, "no trained model " + Params.shorten(ctx.pathParam("model"))
          + " in this job (it may have failed, been cancelled or not finished)");
    }
    return trained;
  }

  /** The largest body a request may send: an upload's, or settings'. */
  /**
   * Reads and drops a refused body of up to {@link Limits#MAX_UPLOAD_BODY_BYTES} before the answer
   * goes out. Unread, it would still sit in the socket when Jetty closes the connection, and the
   * kernel then resets it, so that a client still sending could lose the 413 and see only a
   * closed connection. A larger body is not read: the connection is closed on it.
   */
  private static void drain(Context ctx, long bytes) {
    if (bytes > Limits.MAX_UPLOAD_BODY_BYTES) {
      return;
    }
    try {
      ctx.req().getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      // the client went away: nothing left to answer
    }
  }

  private static long bodyLimit(Context ctx) {
    return ctx.path().equals("/api/own") ? Limits.MAX_UPLOAD_BODY_BYTES
        : ctx.path().equals("/api/text") ? Limits.MAX_TEXT_BODY_BYTES : Limits.MAX_BODY_BYTES;
  }

  /** 202 with the new job's id and the addresses of its events and its cancel. */
  private static void accepted(Context ctx, TrainingJob job) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", job.id);
    m.put("events", "/api/train/" + job.id + "/events");
    m.put("cancel", "/api/train/" + job.id + "/cancel");
    json(ctx, 202, m);
  }

  private TrainingJob job(Context ctx) {
    TrainingJob job = jobs.get(ctx.pathParam("id"));
    if (job == null) {
      throw new ApiError(404, "no such training job: " + Params.shorten(ctx.pathParam("id")));
    }
    return job;
  }

  private static Params query(Context ctx) {
    return new Params(ctx::queryParam, ctx.queryParamMap().keySet());
  }

  /** The fields of a JSON object body; an array value is joined with commas. */
  private static Params body(Context ctx) {
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length > bodyLimit(ctx)) {
      throw new ApiError(413, "request body too large: " + bytes.length + " bytes, at most "
          + bodyLimit(ctx));
    }
    JsonNode node;
    try {
      node = bytes.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw ApiError.badRequest("the body is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (node == null || !node.isObject()) {
      throw ApiError.badRequest("the body must be a JSON object of settings");
    }
    JsonNode obj = node;
    List<String> present = new java.util.ArrayList<>();
    obj.fieldNames().forEachRemaining(present::add);
    return new Params(name -> {
      JsonNode v = obj.get(name);
      if (v == null || v.isNull()) {
        return null;
      }
      if (v.isArray()) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode e : v) {
          sb.append(sb.length() > 0 ? "," : "").append(e.asText());
        }
        return sb.toString();
      }
      return v.isValueNode() ? v.asText() : v.toString();
    }, present);
  }

  static Map<String, Object> series(Params p) {
    p.requireOnly(Fields.SERIES.stream().map(Field::name).toList());
    SeriesSettings s = SeriesSettings.from(p);
    double[] t = s.time();
    double[] clean = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      clean[i] = org.lstmlab.core.data.NotebookSeries.signal(t[i]);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("length", s.length());
    m.put("noise", s.noise());
    m.put("seed", s.seed());
    m.put("time", t);
    m.put("values", Json.nums(s.values()));
    m.put("signal", clean);
    return m;
  }

  /**
   * The fields of every page with their labels, ranges and defaults ({@link Fields}), and the
   * server's other bounds: what {@code GET /api/limits} serves and the page builds its forms from.
   */
  static Map<String, Object> limits() {
    Map<String, Object> pages = new LinkedHashMap<>();
    pages.put("series", fields(Fields.SERIES));
    pages.put("train", fields(Fields.TRAIN));
    pages.put("gates", fields(Fields.GATES));
    pages.put("gradients", fields(Fields.GRADIENTS));
    pages.put("lags", fields(Fields.LAGS));
    pages.put("data", fields(Fields.OWN));
    pages.put("text", fields(Fields.TEXT));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fields", pages);
    m.put("models", TrainSettings.MODELS);
    m.put("default_models", List.of(TrainSettings.DEFAULT_MODELS.split(",")));
    m.put("lag_tasks", LagSettings.TASKS);
    m.put("lag_task_info", LagSettings.taskInfo());
    m.put("missing", org.lstmlab.core.forecast.MissingValues.NAMES);
    m.put("upload_bytes", Limits.MAX_UPLOAD_BYTES);
    m.put("text_files", TextLesson.files());
    m.put("text_default_file", TextLesson.DEFAULT_FILE);
    m.put("text_inputs", TextLesson.INPUTS);
    m.put("text_embedding_dim", TextLesson.EMBEDDING_DIM);
    m.put("text_bytes", Limits.MAX_TEXT_BYTES);
    m.put("text_min_chars", Limits.MIN_TEXT_CHARS);
    m.put("text_chars", Limits.MAX_TEXT_CHARS);
    m.put("text_default_prompt", TextLesson.DEFAULT_PROMPT);
    m.put("prompt_chars", Limits.MAX_PROMPT_CHARS);
    m.put("jobs", Limits.MAX_JOBS);
    m.put("body_bytes", Limits.MAX_BODY_BYTES);
    m.put("work", Limits.MAX_WORK);
    m.put("lag_work", Limits.MAX_LAG_WORK);
    return m;
  }

  private static List<Map<String, Object>> fields(List<Field> fields) {
    return fields.stream().map(Field::toJson).toList();
  }

  private static void file(Context ctx, StaticFiles.File f, boolean immutable) {
    ctx.contentType(f.contentType());
    // Webjar paths carry their version, so they never change; the page's own files may.
    ctx.header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    ctx.result(f.bytes());
  }

  private static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(Json.write(body));
  }

  private static void error(Context ctx, int status, String message) {
    json(ctx, status, Json.error(message));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof java.nio.channels.UnresolvedAddressException) {
      return "the host does not resolve to an address";
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
