package org.lstmlab.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.lstmlab.core.data.Sanitizer;

/**
 * Fuzz tests of the two file readers (Jazzer [1]): on any bytes, {@link CsvSeries#read} and
 * {@link SafeTensors#read} either succeed or throw their own one-line {@link FileFormatException}
 * (or an {@link IOException} of the file system), whose message is printable and bounded; any
 * other exception, an assertion below, or a hang is a finding.
 *
 * <p>Runs: without {@code JAZZER_FUZZ}, as part of {@code ./mvnw verify}, each target replays its
 * inputs under {@code src/test/resources/org/lstmlab/io/ReaderFuzzTestInputs/}; the pom's
 * {@code fuzz-*} executions then fuzz each target for the {@code maxDuration} below (seconds, so
 * CI stays short). A longer run by hand: {@code tools/fuzz.sh io csv 600}.
 *
 * <p>[1] https://github.com/CodeIntelligenceTesting/jazzer, JUnit integration.
 */
public class ReaderFuzzTest {

  /** A message may name the file (a temporary path here) and echo cut values: a few lines' worth. */
  static final int MAX_MESSAGE = 4000;

  private static Path scratch;

  static synchronized Path scratch(String name) throws IOException {
    if (scratch == null) {
      scratch = Files.createTempDirectory("lstmlab-fuzz");
      scratch.toFile().deleteOnExit();
    }
    Path f = scratch.resolve(name);
    f.toFile().deleteOnExit();
    return f;
  }

  @FuzzTest(maxDuration = "10s")
  void csv(byte[] data) throws IOException {
    csvTarget(data);
  }

  @FuzzTest(maxDuration = "10s")
  void safetensors(byte[] data) throws IOException {
    safetensorsTarget(data);
  }

  /** One CSV input: columns 'value', 'x' and time 't', as train --features value,x would ask. */
  static void csvTarget(byte[] data) throws IOException {
    Path f = scratch("fuzz.csv");
    Files.write(f, data);
    try {
      CsvSeries s = CsvSeries.read(f, "value", List.of("x"), Optional.of("t"));
      for (float v : s.targetValues()) {
        check(Float.isFinite(v), "a non-finite value was read: " + v);
      }
      for (float v : s.featureValues()) {
        check(Float.isFinite(v), "a non-finite feature was read: " + v);
      }
      check(s.timeLabels().size() == s.rows(), "time labels and rows differ");
    } catch (FileFormatException e) {
      checkMessage(e.getMessage());
    }
  }

  /** One safetensors input, read and, when it reads, loaded as a model. */
  static void safetensorsTarget(byte[] data) throws IOException {
    Path f = scratch("fuzz.safetensors");
    Files.write(f, data);
    try {
      SafeTensors.Contents c = SafeTensors.read(f);
      for (SafeTensors.Tensor t : c.tensors().values()) {
        for (float v : t.values()) {
          check(Float.isFinite(v), "tensor " + t.name() + " holds " + v);
        }
      }
      ModelFile.load(f, java.util.OptionalInt.of(3), Optional.empty());
    } catch (FileFormatException e) {
      checkMessage(e.getMessage());
    }
  }

  static void checkMessage(String m) {
    check(m != null && !m.isBlank(), "an error without a message");
    check(m.length() <= MAX_MESSAGE, "a message of " + m.length() + " characters");
    check(!Sanitizer.isUnsafe(m), "a message with a control character: " + Sanitizer.line(m));
  }

  static void check(boolean ok, String finding) {
    if (!ok) {
      throw new AssertionError(finding);
    }
  }

  /** Entry points for Jazzer's own driver (tools/fuzz.sh): one class per target. */
  public static final class Csv {
    private Csv() {}

    public static void fuzzerTestOneInput(byte[] data) throws IOException {
      csvTarget(data);
    }
  }

  /** See {@link Csv}. */
  public static final class Safetensors {
    private Safetensors() {}

    public static void fuzzerTestOneInput(byte[] data) throws IOException {
      safetensorsTarget(data);
    }
  }
}
