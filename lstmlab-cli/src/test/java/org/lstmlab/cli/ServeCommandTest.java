package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlab.web.WebServer;
import picocli.CommandLine;

/** {@code lstmlab serve}: flags, the printed URL, a port in use, and the help text. */
class ServeCommandTest {

  static ServeCommand parse(StringWriter out, StringWriter err, String... args) {
    ServeCommand cmd = new ServeCommand();
    CommandLine cli = new CommandLine(cmd);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.parseArgs(args);
    return cmd;
  }

  @Test
  void start_onAFreePort_printsTheUrlAndServes() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (WebServer server = parse(out, err, "--port", "0").start()) {
      assertThat(out.toString()).isEqualTo("LSTM Lab tutorial at http://127.0.0.1:"
          + server.port() + "/lesson  (Ctrl+C to stop)" + System.lineSeparator());
      assertThat(err.toString()).isEmpty();
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/api/limits")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void start_portInUse_failsWithOneLine() {
    try (WebServer first = WebServer.start("127.0.0.1", 0)) {
      ServeCommand cmd = parse(new StringWriter(), new StringWriter(),
          "--port", String.valueOf(first.port()));
      assertThatThrownBy(cmd::start).isInstanceOf(CommandFailure.class)
          .hasMessageStartingWith("cannot serve on 127.0.0.1:" + first.port())
          .hasMessageEndingWith("try --port 0");
    }
  }

  @ParameterizedTest
  @CsvSource({"-1", "65536"})
  void start_portOutOfRange_isAUsageError(String port) {
    ServeCommand cmd = parse(new StringWriter(), new StringWriter(), "--port", port);
    assertThatThrownBy(cmd::start).isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage("--port must be in [0, 65535], got " + port);
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1, true", "localhost, true", "::1, true", "0.0.0.0, false"})
  void isLoopback_knowsTheLoopbackNames(String host, boolean loopback) {
    assertThat(ServeCommand.isLoopback(host)).isEqualTo(loopback);
  }

  @Test
  void help_namesTheFlags() {
    StringWriter out = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
        "serve", "--help");
    assertThat(code).isEqualTo(Main.OK);
    assertThat(out.toString()).contains("--port=PORT", "--host=HOST", "--open",
        "default: 8080", "default: 127.0.0.1");
  }
}
