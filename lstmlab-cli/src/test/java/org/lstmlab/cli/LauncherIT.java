package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The {@code ./lstmlab} launcher on the jar this build packaged (run by failsafe after package):
 * the first run prepares the class-data archive and says so on stderr, later runs print nothing
 * there (no incubator warning, no JVM log line about the archive), the plain kernel is still
 * reachable, and a failing command keeps its exit code through the launcher's stderr filter.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIT {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path CDS = ROOT.resolve("lstmlab-cli/target/cds");

  private record Run(int code, String out, String err) {}

  private static Run run(List<String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("bash", ROOT.resolve("lstmlab").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
    for (String kv : env) {
      String[] p = kv.split("=", 2);
      pb.environment().put(p[0], p[1]);
    }
    File out = File.createTempFile("launcher", ".out");
    File err = File.createTempFile("launcher", ".err");
    try {
      Process process = pb.redirectOutput(out).redirectError(err).start();
      assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("launcher finished").isTrue();
      return new Run(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
          Files.readString(err.toPath(), StandardCharsets.UTF_8));
    } finally {
      out.delete();
      err.delete();
    }
  }

  @Test
  @Order(1)
  void firstRun_preparesTheArchive_andSaysSoOnStderrOnly() throws Exception {
    if (Files.exists(CDS)) {
      try (Stream<Path> files = Files.walk(CDS)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    Run r = run(List.of(), "--version");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("lstmlab ").contains("matmul kernel: vector");
    assertThat(r.err().lines()).containsExactly(
        "lstmlab: preparing a class-data archive for faster starts (once per build; a few seconds)"
            + " ...");
    try (Stream<Path> files = Files.list(CDS)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .singleElement().asString().startsWith("lstmlab-").endsWith(".jsa");
    }
  }

  @Test
  @Order(2)
  void laterRuns_printNothingOnStderr() throws Exception {
    Run r = run(List.of(), "--version");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("lstmlab ");
    assertThat(r.err()).isEmpty();
  }

  @Test
  @Order(3)
  void plainKernel_staysReachable() throws Exception {
    Run r = run(List.of("LSTMLAB_KERNEL=plain"), "--version");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("matmul kernel: plain");
    assertThat(r.err()).isEmpty();
  }

  @Test
  @Order(4)
  void usageError_keepsItsExitCodeAndItsOneLine() throws Exception {
    Run r = run(List.of(), "demo", "--epochs", "0");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().findFirst()).hasValueSatisfying(
        line -> assertThat(line).contains("--epochs"));
    assertThat(r.err()).doesNotContain("WARNING").doesNotContain("[warning]");
  }

  @Test
  @Order(5)
  void javaOpts_mayChooseAnotherCollector() throws Exception {
    // The launcher's own -XX:+UseSerialGC must give way: the JVM refuses two collectors.
    Run r = run(List.of("JAVA_OPTS=-XX:+UseParallelGC -Xmx512m"), "--version");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("lstmlab ");
    assertThat(r.err()).isEmpty();
  }

  @Test
  @Order(6)
  void jitFlags_reachTheJvm_andJavaOptsOverrideThem() throws Exception {
    // The warm-up flags (see the launcher): the whole-method compilations first, and below 8
    // CPUs (as getconf counts them, as the launcher does) more compiler threads than the JVM's
    // own choice of 2 or 3.
    Run mine = run(List.of("JAVA_OPTS=-XX:+PrintFlagsFinal"), "--version");
    Run theirs = run(
        List.of("JAVA_OPTS=-XX:+PrintFlagsFinal -XX:Tier4BackEdgeThreshold=40000"
            + " -XX:CICompilerCount=2"),
        "--version");

    assertThat(mine.code()).as(mine.err()).isZero();
    assertThat(flag(mine.out(), "Tier4BackEdgeThreshold")).isEqualTo("150000");
    if (onlineCpus() < 8) {
      assertThat(flag(mine.out(), "CICompilerCount")).isEqualTo("4");
    }
    assertThat(theirs.code()).as(theirs.err()).isZero();
    assertThat(flag(theirs.out(), "Tier4BackEdgeThreshold")).isEqualTo("40000");
    assertThat(flag(theirs.out(), "CICompilerCount")).isEqualTo("2");
  }

  /** The CPUs online as `getconf _NPROCESSORS_ONLN` counts them (the launcher's count). */
  private static int onlineCpus() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("getconf", "_NPROCESSORS_ONLN").redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor()).isZero();
    return Integer.parseInt(out);
  }

  /** The value of one flag in -XX:+PrintFlagsFinal's table ("intx Name = value {...}"). */
  private static String flag(String table, String name) {
    return table.lines()
        .map(String::trim)
        .filter(l -> l.matches("\\S+\\s+" + name + "\\s+=.*"))
        .map(l -> l.split("=", 2)[1].trim().split("\\s+")[0])
        .findFirst()
        .orElse("(absent)");
  }
}
