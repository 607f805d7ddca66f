package org.lstmlab.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes one file so that it appears whole or not at all: a crash or an error halfway leaves the
 * previous version of the file untouched. A one-file {@link OutputTransaction}, which says how
 * (a synced temporary file renamed over the target; left-overs of killed runs removed); a command
 * that writes several files stages them all in one transaction instead.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /**
   * Replaces (or creates) {@code target} with what {@code content} writes.
   *
   * @throws IOException from the content or the file system, as a {@link
   *     java.nio.file.FileSystemException} naming {@code target}; the target is then unchanged and
   *     no temporary file is left behind
   */
  public static void write(Path target, OutputTransaction.Content content) throws IOException {
    try (OutputTransaction tx = OutputTransaction.begin()) {
      tx.stage(target, content);
      tx.commit();
    }
  }
}
