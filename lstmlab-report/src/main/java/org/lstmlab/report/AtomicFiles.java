package org.lstmlab.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that readers see the old file or the whole new one, never a part: the content
 * goes to a temporary file in the target's directory (same file system, so the move is a rename),
 * which then replaces the target. The data is synced to the disk before the rename and the
 * directory after it, so a power cut leaves the old file or the new one. On any failure the
 * temporary file is deleted and the target is left as it was. (The command line writes its files
 * through the io module's {@code OutputTransaction} instead, with {@link HtmlReport#writeTo} and
 * {@link PngChart#png}; this module depends on neither core nor io.)
 */
final class AtomicFiles {

  /** What fills the file. */
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  static void write(Path target, Body body) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
        body.writeTo(out);
        out.flush();
        ch.force(true); // the data on the disk before the rename makes it the file
      }
      readableLikeTarget(tmp, absolute);
      try {
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true); // the rename itself, best effort
    } catch (IOException | RuntimeException ignored) {
      // Not every platform can open or sync a directory; the data itself is already synced.
    }
  }

  /**
   * Temporary files are created owner-only; a report is meant to be read, so the result gets the
   * replaced file's permissions, or rw-r--r-- for a new file. No-op off POSIX file systems.
   */
  private static void readableLikeTarget(Path tmp, Path target) throws IOException {
    if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      return;
    }
    Set<PosixFilePermission> perms =
        Files.exists(target)
            ? Files.getPosixFilePermissions(target)
            : PosixFilePermissions.fromString("rw-r--r--");
    Files.setPosixFilePermissions(tmp, perms);
  }
}
