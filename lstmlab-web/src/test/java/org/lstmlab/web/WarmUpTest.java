package org.lstmlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link WebServer#warmUp}: the unseen default job of {@code lstmlab serve} ends by itself and
 * takes no slot; a job submitted while it runs cancels it, and gets the bits it gets on a server
 * that never warmed up (the warm-up shares the kernels' compiled code, not the models' state).
 */
class WarmUpTest {
  private static final String JOB = "{\"models\": [\"lstm\", \"rnn\"], \"hidden\": 8,"
      + " \"epochs\": 3, \"window\": 8, \"batch_size\": 8, \"seed\": 5}";

  @Test
  void aJobDuringTheWarmUp_cancelsIt_andGetsWhatItGetsWithout() throws Exception {
    List<String> without;
    try (WebServer plain = WebServer.start("127.0.0.1", 0, WebServerTestSupport.TEST_ROOT)) {
      assertThat(plain.warmUpStatus()).isNull();
      without = models(plain, JOB);
    }
    try (WebServer warm = WebServer.start("127.0.0.1", 0, WebServerTestSupport.TEST_ROOT)) {
      warm.warmUp();
      List<String> with = models(warm, JOB);
      assertThat(with).isEqualTo(without);
      // Its models stop at their next batch, then publish what they reached: the default job's
      // twenty epochs would take several seconds more.
      assertThat(awaitEnd(warm, Duration.ofSeconds(60))).isEqualTo("cancelled");
    }
  }

  @Test
  void theWarmUp_endsByItself_andTakesNoSlot() throws Exception {
    try (WebServer server = WebServer.start("127.0.0.1", 0, WebServerTestSupport.TEST_ROOT)) {
      server.warmUp();
      assertThat(awaitEnd(server, Duration.ofSeconds(120))).isEqualTo("completed");
      // Every slot is free: the limit's worth of jobs is accepted.
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < Limits.MAX_JOBS; i++) {
        HttpResponse<String> r = post(server, "/api/train", JOB);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        ids.add(Json.MAPPER.readTree(r.body()).path("id").asText());
      }
      assertThat(ids).doesNotHaveDuplicates();
    }
  }

  /** The warm-up's status once it has ended, or its status at the deadline. */
  private static String awaitEnd(WebServer server, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    String status = server.warmUpStatus();
    while (("queued".equals(status) || "running".equals(status))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
      status = server.warmUpStatus();
    }
    return status;
  }

  /** The job's "model" events as JSON, in the order of its models, less their training times. */
  private static List<String> models(WebServer server, String body) throws Exception {
    HttpResponse<String> r = post(server, "/api/train", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String events = Json.MAPPER.readTree(r.body()).path("events").asText();
    HttpResponse<String> stream = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + events))
        .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(120)).build(),
        HttpResponse.BodyHandlers.ofString());
    List<JsonNode> found = new ArrayList<>();
    String name = null;
    for (String line : stream.body().split("\n")) {
      if (line.startsWith("event: ")) {
        name = line.substring(7);
      } else if (line.startsWith("data: ") && "model".equals(name)) {
        ObjectNode m = (ObjectNode) Json.MAPPER.readTree(line.substring(6));
        m.remove("elapsed_millis");
        found.add(m);
      }
    }
    found.sort((a, b) -> a.path("model").asText().compareTo(b.path("model").asText()));
    List<String> out = new ArrayList<>();
    for (JsonNode m : found) {
      out.add(m.toString());
    }
    assertThat(out).hasSize(2);
    return out;
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static HttpResponse<String> post(WebServer server, String path, String body)
      throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
