package org.lstmlab.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A second JVM for {@link OutputTransactionTest}: stages a model and a report in one transaction
 * and then either hangs while writing the report (to be killed) or writes a report larger than its
 * file-size limit.
 */
final class StagingChild {

  /** Printed, alone on a line, once the model is staged and the report half written. */
  static final String STAGING_REPORT = "staging report.html";

  private StagingChild() {}

  /** Starts the child in {@code dir}, after the shell commands {@code setup} (e.g. a ulimit). */
  static Process start(Path dir, String mode, List<String> setup) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(setup);
    cmd.add("exec \"$0\" -cp \"$1\" " + StagingChild.class.getName() + " \"$2\" \"$3\"");
    return new ProcessBuilder("bash", "-c", String.join("; ", cmd), java,
        System.getProperty("java.class.path"), dir.toString(), mode)
        .redirectErrorStream(true).start();
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    boolean hang = args[1].equals("hang");
    try (OutputTransaction tx = OutputTransaction.begin()) {
      tx.stage(dir.resolve("model.safetensors"), out -> out.write(new byte[16_000]));
      tx.stage(dir.resolve("report.html"), out -> {
        out.write(new byte[hang ? 100_000 : 1_000_000]);
        if (hang) {
          out.flush();
          System.out.println(STAGING_REPORT);
          System.out.flush();
          try {
            Thread.sleep(Long.MAX_VALUE); // killed here
          } catch (InterruptedException e) {
            throw new IOException("interrupted", e);
          }
        }
      });
      tx.commit();
    } catch (IOException e) {
      System.out.println(e.getMessage());
      System.exit(1);
    }
  }
}
