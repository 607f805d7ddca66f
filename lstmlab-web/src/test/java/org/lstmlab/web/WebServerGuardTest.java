package org.lstmlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, cases 2, 5 and 12: only the user's own tab drives the server (foreign Host, other
 * Origin, cross-site fetch, text/plain and form bodies refused), at most {@link
 * Limits#MAX_STREAMS} event streams at once, and Jetty's own errors answered as JSON.
 */
class WebServerGuardTest {
  private static WebServer server;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    server = WebServer.start("127.0.0.1", 0, WebServerTestSupport.TEST_ROOT);
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The status line and the body of a request sent byte for byte. */
  static String[] raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int nl = all.indexOf("\r\n");
      int body = all.indexOf("\r\n\r\n");
      return new String[] {nl < 0 ? all : all.substring(0, nl),
          body < 0 ? "" : all.substring(body + 4)};
    }
  }

  static HttpResponse<String> post(String path, String contentType, String body,
      String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String error(String json) throws IOException {
    JsonNode n = Json.MAPPER.readTree(json);
    return n.path("error").asText();
  }

  @ParameterizedTest
  @ValueSource(strings = {"evil.example", "evil.example:8080", "127.0.0.1.nip.io", "10.0.0.1"})
  void foreignHost_is403Json(String host) throws Exception {
    String[] r = raw("GET /api/limits HTTP/1.1\r\nHost: " + host
        + "\r\nConnection: close\r\n\r\n");
    assertThat(r[0]).startsWith("HTTP/1.1 403");
    assertThat(error(r[1])).isEqualTo("Host " + host + " is not this server; open it as"
        + " http://127.0.0.1 or http://localhost with its port");
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "localhost:1234", "127.0.0.1", "127.0.0.2:80", "[::1]:8080",
      "lstmlab.localhost"})
  void loopbackHost_isServed(String host) throws Exception {
    String[] r = raw("GET /api/limits HTTP/1.1\r\nHost: " + host
        + "\r\nConnection: close\r\n\r\n");
    assertThat(r[0]).startsWith("HTTP/1.1 200");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "text/plain                        | 415 | a POST body must be JSON with Content-Type:"
        + " application/json, got text/plain",
    "application/x-www-form-urlencoded | 415 | a POST body must be JSON with Content-Type:"
        + " application/json, got application/x-www-form-urlencoded",
  })
  void post_notJson_isRefused(String type, int status, String message) throws Exception {
    HttpResponse<String> r = post("/api/train", type, "{\"epochs\": 1, \"hidden\": 2}");
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(error(r.body())).isEqualTo(message);
  }

  @Test
  void post_noContentType_isRefused() throws Exception {
    HttpResponse<String> r = post("/api/train/nope/cancel", null, "");
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(error(r.body())).isEqualTo(
        "a POST body must be JSON with Content-Type: application/json, got none");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "Origin         | https://evil.example | requests from another site are refused (Origin"
        + " https://evil.example)",
    "Origin         | null                 | requests from another site are refused (Origin"
        + " null)",
    "Sec-Fetch-Site | cross-site           | requests from another site are refused"
        + " (Sec-Fetch-Site cross-site)",
    "Sec-Fetch-Site | same-site            | requests from another site are refused"
        + " (Sec-Fetch-Site same-site)",
  })
  void crossSitePost_is403(String header, String value, String message) throws Exception {
    HttpResponse<String> r = post("/api/train", "application/json",
        "{\"epochs\": 1, \"hidden\": 2}", header, value);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(error(r.body())).isEqualTo(message);
  }

  @Test
  void sameOriginPost_isAccepted() throws Exception {
    HttpResponse<String> r = post("/api/train", "application/json",
        "{\"epochs\": 1, \"hidden\": 2}", "Origin", "http://127.0.0.1:" + server.port(),
        "Sec-Fetch-Site", "same-origin");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String id = Json.MAPPER.readTree(r.body()).path("id").asText();
    drain(stream(id));
  }

  @Test
  void pageOpenedFromALinkElsewhere_isServed() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/lesson"))
        .header("Sec-Fetch-Site", "cross-site").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void jettyBadRequestAndUriTooLong_areJson() throws Exception {
    String[] tooLong = raw("GET /api/limits?x=" + "a".repeat(100_000)
        + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assertThat(tooLong[0]).startsWith("HTTP/1.1 414");
    assertThat(error(tooLong[1])).isNotBlank();
    String[] bad = raw("GET /api/limits HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n"
        + "Connection: close\r\n\r\n");
    assertThat(bad[0]).startsWith("HTTP/1.1 400");
    assertThat(error(bad[1])).isNotBlank();
  }

  static HttpResponse<InputStream> stream(String id) throws Exception {
    return http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/api/train/" + id + "/events"))
        .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(120)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  static void drain(HttpResponse<InputStream> r) throws IOException {
    try (InputStream in = r.body()) {
      in.readAllBytes();
    }
  }

  @Test
  void manyStreams_beyondTheCap_are429() throws Exception {
    HttpResponse<String> job = post("/api/train", "application/json", "{\"models\": \"lstm\","
        + " \"hidden\": 64, \"epochs\": 12, \"window\": 48, \"batch_size\": 1, \"length\": 1000}");
    assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
    String id = Json.MAPPER.readTree(job.body()).path("id").asText();
    List<HttpResponse<InputStream>> open = new ArrayList<>();
    for (int k = 0; k < Limits.MAX_STREAMS; k++) {
      HttpResponse<InputStream> r = stream(id);
      assertThat(r.statusCode()).isEqualTo(200);
      open.add(r);
    }
    HttpResponse<InputStream> refused = stream(id);
    assertThat(refused.statusCode()).isEqualTo(429);
    try (InputStream in = refused.body()) {
      assertThat(error(new String(in.readAllBytes(), StandardCharsets.UTF_8))).isEqualTo(
          "too many open event streams (8); close a tab or wait for a job to end");
    }
    assertThat(post("/api/train/" + id + "/cancel", "application/json", "").statusCode())
        .isEqualTo(200);
    for (HttpResponse<InputStream> r : open) {
      drain(r);
    }
  }
}
