package org.lstmlab.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that it appears whole or not at all: a crash or an error halfway leaves the
 * previous version of the file untouched.
 *
 * <p>The content goes to a temporary file in the target's own directory ({@code .NAME.RANDOM.tmp},
 * so that the final rename stays on one file system), is flushed to the disk with {@code fsync},
 * and is then renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE} — a POSIX
 * {@code rename(2)}, which readers see as the old file or the new one, never a mix. Where the file
 * system cannot rename atomically the move falls back to {@link
 * StandardCopyOption#REPLACE_EXISTING}. On any failure the temporary file is deleted and the
 * exception propagates. Finally the directory is synced, best effort, so that the rename itself
 * survives a power cut (a no-op where directories cannot be opened, as on Windows).
 *
 * <p>The temporary file is created with {@link Files#createFile} rather than {@link
 * Files#createTempFile}, whose owner-only permissions would otherwise carry over to the target.
 */
public final class AtomicFiles {

  /** Writes the content of a file to a stream; the stream is buffered and closed by the caller. */
  @FunctionalInterface
  public interface Content {
    /** Writes everything; throwing aborts the write and leaves the target as it was. */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Replaces (or creates) {@code target} with what {@code content} writes.
   *
   * @throws IOException from the content, the file system, or when the target's directory does not
   *     exist; the target is then unchanged and no temporary file is left behind
   */
  public static void write(Path target, Content content) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (!Files.isDirectory(dir)) {
      // Otherwise the error would name the hidden temporary file.
      throw new NoSuchFileException(target.toString(), null, "directory " + dir + " does not exist");
    }
    Path tmp = createTemp(dir, abs.getFileName().toString());
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
        content.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The original failure matters more than a temporary file we could not remove.
        }
      }
    }
    syncDirectory(dir);
  }

  private static Path createTemp(Path dir, String name) throws IOException {
    for (int attempt = 0; ; attempt++) {
      String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
      Path tmp = dir.resolve("." + name + "." + suffix + ".tmp");
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException ignored) {
      // Not every platform can open or sync a directory; the data itself is already synced.
    }
  }
}
