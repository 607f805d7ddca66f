package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void write_newFile_hasTheContentAndNoTemporaryFileRemains() throws IOException {
    Path target = dir.resolve("out.txt");
    AtomicFiles.write(target, out -> out.write("hello".getBytes(StandardCharsets.UTF_8)));
    assertThat(target).hasContent("hello");
    assertThat(TestFiles.list(dir)).containsExactly("out.txt");
  }

  @Test
  void write_existingFile_isReplaced() throws IOException {
    Path target = dir.resolve("out.txt");
    Files.writeString(target, "old content, longer than the new");
    AtomicFiles.write(target, out -> out.write('x'));
    assertThat(target).hasContent("x");
    assertThat(TestFiles.list(dir)).containsExactly("out.txt");
  }

  @Test
  void write_failureMidway_leavesOldFileByteIdenticalAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("model.safetensors");
    byte[] old = {1, 2, 3, 4, 5};
    Files.write(target, old);
    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write(new byte[100_000]); // past the buffer: bytes reach the temp file
                      throw new IOException("disk full (simulated)");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage(target + ": disk full (simulated)");
    assertThat(Files.readAllBytes(target)).isEqualTo(old);
    assertThat(TestFiles.list(dir)).containsExactly("model.safetensors");
  }

  @Test
  void write_targetIsNonEmptyDirectory_failsAndRemovesTemporaryFile() throws IOException {
    Path target = dir.resolve("taken");
    Files.createDirectory(target);
    Files.writeString(target.resolve("inside"), "keep");
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> out.write('x')))
        .isInstanceOf(IOException.class);
    assertThat(TestFiles.list(dir)).containsExactly("taken");
    assertThat(target.resolve("inside")).hasContent("keep");
  }

  @Test
  void write_missingDirectory_throwsAndCreatesNothing() {
    Path target = dir.resolve("no/such/dir/out.txt");
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> out.write('x')))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(target + ": directory " + target.getParent() + " does not exist");
    assertThat(TestFiles.list(dir)).isEmpty();
  }

  @Test
  void write_onPosix_givesTheUsualPermissionsNotOwnerOnly() throws IOException {
    if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Path plain = dir.resolve("plain.txt");
    Files.writeString(plain, "x");
    Path atomic = dir.resolve("atomic.txt");
    AtomicFiles.write(atomic, out -> out.write('x'));
    Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
    assertThat(Files.getPosixFilePermissions(atomic)).isEqualTo(expected);
  }
}
