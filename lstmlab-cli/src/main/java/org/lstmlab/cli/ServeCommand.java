package org.lstmlab.cli;

import java.awt.Desktop;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lstmlab.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlab serve}: the tutorial as a local web app, until Ctrl+C.
 *
 * <p>Starts {@link WebServer} on {@code --host} (loopback by default, so only this machine can
 * reach it) and {@code --port}, prints the lesson's URL, and with {@code --open} asks the desktop
 * to open it in a browser, quietly going on if there is no desktop. Everything the pages need comes
 * from the jar; nothing is fetched at run time. Once listening, it trains the Train page's default
 * job once, unseen ({@link WebServer#warmUp}), so that the learner's first job runs compiled code.
 * Ctrl+C stops the server and any training it runs.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serve the tutorial as a local web app: the lesson with quizzes and the cell diagram, the"
          + " synthetic series, live training of LSTM, RNN and GRU side by side, the gate explorer"
          + " and the gradient flow. Works offline. Stop it with Ctrl+C."
    })
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).")
  int port = WebServer.DEFAULT_PORT;

  @Option(names = "--host", paramLabel = "HOST",
      description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only). Another"
          + " address lets other machines on the network use the server.")
  String host = WebServer.DEFAULT_HOST;

  @Option(names = "--open", description = "Open the lesson in the default browser.")
  boolean open;

  @Override
  public Integer call() throws InterruptedException {
    WebServer server = start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "lstmlab-serve-stop"));
    stopped.await();
    return Main.OK;
  }

  /** Checks the flags, starts the server and says where it is; returns it running. */
  WebServer start() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(),
          "--port must be in [0, 65535], got " + port);
    }
    try {
      InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new ParameterException(spec.commandLine(), "--host " + host + " is neither an IP"
          + " address nor a host name that resolves; the default is " + WebServer.DEFAULT_HOST);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!isLoopback(host)) {
      err.println("lstmlab: warning: serving on " + host + ": anyone who can reach this address"
          + " can use the server and its CPU; the default " + WebServer.DEFAULT_HOST
          + " serves this machine only");
    }
    WebServer server;
    try {
      server = WebServer.start(host, port);
    } catch (IllegalStateException e) {
      throw new CommandFailure(e.getMessage()
          + (port != 0 ? "; is another server on port " + port + "? try --port 0" : ""), e);
    }
    out.println("LSTM Lab tutorial at " + server.url() + "  (Ctrl+C to stop)");
    out.flush();
    server.warmUp();
    if (open) {
      browse(server.url(), err);
    }
    return server;
  }

  static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Opens the URL with java.awt.Desktop, else xdg-open or open; never fails the command. */
  static void browse(String url, PrintWriter err) {
    try {
      if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
        Desktop.getDesktop().browse(URI.create(url));
        return;
      }
    } catch (IOException | RuntimeException e) {
      // fall through to the platform's opener
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String[] cmd = os.contains("mac") ? new String[] {"open", url}
        : os.contains("win") ? new String[] {"rundll32", "url.dll,FileProtocolHandler", url}
        : new String[] {"xdg-open", url};
    try {
      new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException | RuntimeException e) {
      err.println("lstmlab: could not open a browser (" + e.getMessage() + "); open " + url
          + " yourself");
    }
  }
}
