package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output transaction: all files or none, left-overs of killed runs removed, errors naming the
 * user's file. The kill -9 and full-disk cases run a second JVM ({@link StagingChild}) so that the
 * failure is the real one: SIGKILL mid-write, and EFBIG from a file-size limit ({@code ulimit -f},
 * which needs no privileges; HotSpot ignores SIGXFSZ, so the write fails as it would on a full
 * disk).
 */
class OutputTransactionTest {

  @TempDir Path dir;

  @Test
  void commit_twoFiles_replacesBothAndLeavesNoTemporaryFile() throws IOException {
    Files.writeString(dir.resolve("model.safetensors"), "old model");
    try (OutputTransaction tx = OutputTransaction.begin()) {
      tx.stage(dir.resolve("model.safetensors"), out -> out.write("new model".getBytes()));
      tx.stage(dir.resolve("report.html"), out -> out.write("new report".getBytes()));
      assertThat(dir.resolve("model.safetensors")).hasContent("old model"); // not before commit
      tx.commit();
    }
    assertThat(dir.resolve("model.safetensors")).hasContent("new model");
    assertThat(dir.resolve("report.html")).hasContent("new report");
    assertThat(TestFiles.list(dir)).containsExactly("model.safetensors", "report.html");
  }

  @Test
  void stage_secondFileIsADirectory_keepsTheOldFirstFileAndNamesTheTarget() throws IOException {
    // Issue 11, case 1: a failed report write used to leave the model replaced.
    Files.writeString(dir.resolve("model.safetensors"), "old model");
    Files.createDirectory(dir.resolve("report.html"));
    assertThatThrownBy(() -> {
      try (OutputTransaction tx = OutputTransaction.begin()) {
        tx.stage(dir.resolve("model.safetensors"), out -> out.write("new model".getBytes()));
        tx.stage(dir.resolve("report.html"), out -> out.write("new report".getBytes()));
        tx.commit();
      }
    }).isInstanceOf(FileSystemException.class)
        .hasMessage(dir.resolve("report.html") + ": is a directory, not a file");
    assertThat(dir.resolve("model.safetensors")).hasContent("old model");
    assertThat(TestFiles.list(dir)).containsExactly("model.safetensors", "report.html");
  }

  @Test
  void stage_contentFails_namesTheTargetNotTheTemporaryFile() throws IOException {
    Path png = dir.resolve("report.png");
    assertThatThrownBy(() -> AtomicFiles.write(png, out -> {
      out.write(new byte[100_000]);
      throw new IOException("No space left on device");
    })).isInstanceOf(FileSystemException.class)
        .hasMessage(png + ": No space left on device")
        .hasMessageNotContaining(".tmp");
    assertThat(TestFiles.list(dir)).isEmpty();
  }

  @Test
  void stage_staleTemporaryFileOfAKilledRun_isRemoved() throws IOException {
    // Issue 11, case 11: nothing used to remove the .NAME.*.tmp a kill left.
    Files.writeString(dir.resolve(".model.safetensors.1f2e3d4c5b6a7988.tmp"), "half a model");
    Files.writeString(dir.resolve(".other.csv.12ab.tmp"), "another target's: kept");
    Files.writeString(dir.resolve(".model.safetensors.notours.tmp"), "not our name: kept");
    AtomicFiles.write(dir.resolve("model.safetensors"), out -> out.write('m'));
    assertThat(TestFiles.list(dir)).containsExactly(".model.safetensors.notours.tmp",
        ".other.csv.12ab.tmp", "model.safetensors");
  }

  @Test
  void stage_temporaryFileOfALiveWriter_isLeftAlone() throws IOException {
    Path live = dir.resolve(".model.safetensors.abc.tmp");
    try (FileChannel ch = FileChannel.open(live, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ch.lock();
      AtomicFiles.write(dir.resolve("model.safetensors"), out -> out.write('m'));
      assertThat(live).exists();
    }
  }

  @Test
  void kill9_whileStaging_leavesOldFilesAndTheNextRunRemovesTheLeftOvers() throws Exception {
    Files.writeString(dir.resolve("model.safetensors"), "old model");
    Files.writeString(dir.resolve("report.html"), "old report");
    Process child = StagingChild.start(dir, "hang", List.of());
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(r.readLine()).isEqualTo(StagingChild.STAGING_REPORT);
      child.destroyForcibly(); // SIGKILL on POSIX
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(dir.resolve("model.safetensors")).hasContent("old model");
    assertThat(dir.resolve("report.html")).hasContent("old report");
    List<String> left = new ArrayList<>(List.of(TestFiles.list(dir)));
    assertThat(left).hasSize(4).anyMatch(n -> n.startsWith(".model.safetensors."))
        .anyMatch(n -> n.startsWith(".report.html."));

    try (OutputTransaction tx = OutputTransaction.begin()) {
      tx.stage(dir.resolve("model.safetensors"), out -> out.write("new model".getBytes()));
      tx.stage(dir.resolve("report.html"), out -> out.write("new report".getBytes()));
      tx.commit();
    }
    assertThat(TestFiles.list(dir)).containsExactly("model.safetensors", "report.html");
  }

  @Test
  void fileSizeLimit_secondFileTooLarge_leavesOldFilesAndNamesTheFile() throws Exception {
    // A full disk, for real: the child may write at most 64 KiB per file (ulimit -f 64).
    Files.writeString(dir.resolve("model.safetensors"), "old model");
    Files.writeString(dir.resolve("report.html"), "old report");
    Process child = StagingChild.start(dir, "big-report", List.of("ulimit -f 64"));
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(1);
    assertThat(out).isEqualTo(dir.resolve("report.html") + ": File too large");
    assertThat(dir.resolve("model.safetensors")).hasContent("old model");
    assertThat(dir.resolve("report.html")).hasContent("old report");
    assertThat(TestFiles.list(dir)).containsExactly("model.safetensors", "report.html");
  }
}
