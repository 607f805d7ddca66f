package org.lstmlab.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Everything one command writes, as one unit: every file appears whole, or none changes.
 *
 * <p>Order of use: {@link #begin()} → {@link #stage} once per file → {@link #commit()} → {@link
 * #close()} (try-with-resources). A file that is staged is written in full to a temporary file in
 * its target's directory ({@code .NAME.RANDOM.tmp}, so the final rename stays on one file system)
 * and flushed to the disk with {@code fsync}; nothing the user can see has changed yet. Only
 * {@link #commit()}, once every file is staged, renames the temporary files over their targets
 * ({@link StandardCopyOption#ATOMIC_MOVE}, a POSIX {@code rename(2)}) and syncs the directories.
 * A failure while staging — a full disk, a directory where a file should go, an exception from the
 * content — and {@link #close()} without a commit delete every temporary file and leave every
 * target as it was: a failed {@code train --report} keeps the old model as well as the old report.
 * The renames of a commit are the only window in which some targets are new and others old; they
 * write no data and so cannot fail for want of space.
 *
 * <p>Left-overs of killed runs: each temporary file is held under an exclusive {@link FileLock}
 * from its creation to its rename. The operating system drops a lock with its process, so a
 * temporary file of the target's name that can be locked belongs to a run that died ({@code kill
 * -9}, a power cut) and is deleted when the same target is next staged; one still locked belongs
 * to a live writer and is left alone.
 *
 * <p>Errors name the user's file, never the hidden temporary one: a {@link FileSystemException}
 * whose {@link FileSystemException#getFile()} is the target.
 *
 * <p>Not thread-safe: one command, one thread stages and commits.
 */
public final class OutputTransaction implements AutoCloseable {

  /** Writes the content of a file to a stream; the stream is buffered and closed by the caller. */
  @FunctionalInterface
  public interface Content {
    /** Writes everything; throwing aborts the transaction and leaves every target as it was. */
    void writeTo(OutputStream out) throws IOException;
  }

  /** One staged file: its temporary file, held locked until the commit renames it. */
  private static final class Staged {
    final Path target; // absolute
    final Path shown; // as the caller named it, for messages
    final Path tmp;
    final FileChannel channel;

    Staged(Path target, Path shown, Path tmp, FileChannel channel) {
      this.target = target;
      this.shown = shown;
      this.tmp = tmp;
      this.channel = channel;
    }
  }

  private final List<Staged> staged = new ArrayList<>();
  private boolean done;

  private OutputTransaction() {}

  /** A transaction with nothing staged. */
  public static OutputTransaction begin() {
    return new OutputTransaction();
  }

  /**
   * Writes {@code content} to a synced temporary file next to {@code target}; the target itself
   * changes only at {@link #commit()}. Removes left-over temporary files of the same target from
   * killed runs first.
   *
   * @throws FileSystemException naming {@code target} if its directory does not exist, it is a
   *     directory, or it is staged twice
   * @throws IOException from the content or the file system, as a {@link FileSystemException}
   *     naming {@code target}; every temporary file of this transaction is then deleted
   */
  public void stage(Path target, Content content) throws IOException {
    if (done) {
      throw new IllegalStateException("the transaction is already committed or closed");
    }
    Path abs = target.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    boolean ok = false;
    try {
      if (dir == null || !Files.isDirectory(dir)) {
        throw new NoSuchFileException(target.toString(), null, "directory " + dir
            + " does not exist");
      }
      if (Files.isDirectory(abs)) {
        throw new FileSystemException(target.toString(), null, "is a directory, not a file");
      }
      for (Staged s : staged) {
        if (s.target.equals(abs)) {
          throw new FileSystemException(target.toString(), null, "is written twice by one command");
        }
      }
      String name = abs.getFileName().toString();
      removeStale(dir, name);
      Staged s = createTemp(target, abs, dir, name);
      staged.add(s);
      try {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(s.channel), 1 << 16) {
          @Override
          public void close() throws IOException {
            flush(); // the channel stays open, and locked, until the commit
          }
        };
        content.writeTo(out);
        out.flush();
        s.channel.force(true);
      } catch (FileSystemException e) {
        throw e.getFile() != null && Path.of(e.getFile()).toAbsolutePath().equals(s.tmp)
            ? new FileSystemException(target.toString(), null, reason(e)) : e;
      } catch (IOException e) {
        // ENOSPC and the like arrive as a bare IOException ("No space left on device").
        FileSystemException f = new FileSystemException(target.toString(), null, reason(e));
        f.initCause(e);
        throw f;
      }
      ok = true;
    } finally {
      if (!ok) {
        close();
      }
    }
  }

  /**
   * Renames every staged file over its target, in the order staged, and syncs their directories.
   *
   * @throws FileSystemException naming the target whose rename failed; the temporary files not
   *     yet renamed are deleted
   */
  public void commit() throws IOException {
    if (done) {
      throw new IllegalStateException("the transaction is already committed or closed");
    }
    Set<Path> dirs = new LinkedHashSet<>();
    try {
      while (!staged.isEmpty()) {
        Staged s = staged.get(0);
        try {
          try {
            Files.move(s.tmp, s.target, StandardCopyOption.ATOMIC_MOVE);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(s.tmp, s.target, StandardCopyOption.REPLACE_EXISTING);
          }
        } catch (IOException e) {
          FileSystemException f = new FileSystemException(s.shown.toString(), null, reason(e));
          f.initCause(e);
          throw f;
        }
        staged.remove(0);
        closeQuietly(s.channel);
        dirs.add(s.target.getParent());
      }
    } finally {
      close();
    }
    for (Path d : dirs) {
      syncDirectory(d);
    }
  }

  /** Deletes the temporary files of anything staged and not committed; idempotent. */
  @Override
  public void close() {
    done = true;
    for (Staged s : staged) {
      closeQuietly(s.channel);
      try {
        Files.deleteIfExists(s.tmp);
      } catch (IOException ignored) {
        // The original failure matters more; a later run removes the file as a left-over.
      }
    }
    staged.clear();
  }

  /** The names this class gives temporary files of {@code name}: {@code .NAME.HEX.tmp}. */
  static Pattern tempNames(String name) {
    // Hexadecimal here; the report module's own writer (Files.createTempFile) uses up to 20
    // decimal digits.
    return Pattern.compile("\\." + Pattern.quote(name) + "\\.[0-9a-f]{1,20}\\.tmp");
  }

  /** Deletes temporary files of {@code name} in {@code dir} that no live process holds locked. */
  private static void removeStale(Path dir, String name) {
    Pattern p = tempNames(name);
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(dir, f -> p.matcher(f.getFileName().toString()).matches())) {
      for (Path f : files) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
          FileLock lock = ch.tryLock();
          if (lock != null) { // its writer is gone
            Files.deleteIfExists(f);
            lock.release();
          }
        } catch (OverlappingFileLockException | IOException live) {
          // Held by this JVM, or vanished, or not ours to open: leave it.
        }
      }
    } catch (IOException ignored) {
      // A directory we cannot list: the write below will say what is wrong.
    }
  }

  private static Staged createTemp(Path shown, Path abs, Path dir, String name) throws IOException {
    for (int attempt = 0; ; attempt++) {
      String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
      Path tmp = dir.resolve("." + name + "." + suffix + ".tmp");
      FileChannel ch;
      try {
        // Not Files.createTempFile, whose owner-only permissions would carry over to the target.
        ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw new FileSystemException(shown.toString(), null, "no free temporary name");
        }
        continue;
      } catch (FileSystemException e) {
        throw new FileSystemException(shown.toString(), null, reason(e));
      }
      try {
        ch.lock();
      } catch (IOException | RuntimeException e) {
        // A file system without locks (some network mounts): the file is still written safely,
        // only a left-over of a later kill would stay.
      }
      return new Staged(abs, shown, tmp, ch);
    }
  }

  /** What went wrong, without the temporary file's name. */
  private static String reason(IOException e) {
    if (e instanceof FileSystemException) {
      FileSystemException f = (FileSystemException) e;
      if (f.getReason() != null) {
        return f.getReason();
      }
      if (e instanceof java.nio.file.AccessDeniedException) {
        return "permission denied";
      }
      return e.getClass().getSimpleName().replace("Exception", "").toLowerCase(java.util.Locale.ROOT);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // Nothing left to lose: the data is synced or abandoned.
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
