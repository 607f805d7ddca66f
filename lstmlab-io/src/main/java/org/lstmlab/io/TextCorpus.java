package org.lstmlab.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A text for a language model, read from a file or a directory of fortune files, and split into
 * a training part and a held-out part.
 *
 * <p>A file is one text, read as UTF-8; its last {@code heldOut} fraction of characters is held
 * out. A directory is read as fortune files ({@link FortuneFile#readDirectory}); every k-th text,
 * k = round(1 / heldOut), is held out (the 5th, 10th, ... for 0.2, the split of docs/TEXT.md's
 * whole-corpus table), and each text ends with a line break. A held-out fraction of 0 holds out
 * nothing.
 *
 * @param train the training text
 * @param heldOut the held-out text, possibly empty
 * @param description one line for people: what was read and how it was split
 */
public record TextCorpus(String train, String heldOut, String description) {

  /** The fraction held out unless told (the CLI's --held-out). */
  public static final double DEFAULT_HELD_OUT = 0.1;

  /**
   * Reads and splits {@code path}.
   *
   * @param heldOut the fraction held out, in [0, 0.5]
   * @throws FileFormatException if the path does not exist, is not UTF-8, or holds no training
   *     text
   * @throws IllegalArgumentException if {@code heldOut} is outside [0, 0.5]
   */
  public static TextCorpus read(Path path, double heldOut) throws IOException {
    requireHeldOut(heldOut);
    if (!Files.exists(path)) {
      throw new FileFormatException(path, "does not exist");
    }
    TextCorpus c;
    try {
      c = Files.isDirectory(path) ? fortunes(path, heldOut) : file(path, heldOut);
    } catch (NoSuchFileException | java.nio.file.AccessDeniedException e) {
      throw new FileFormatException(path, "cannot be read (" + e.getMessage() + ")", e);
    }
    if (c.train.isBlank()) {
      throw new FileFormatException(path, Files.isDirectory(path)
          ? "holds no fortune file with text (files without a dot in their name, texts"
              + " separated by % lines)"
          : "holds no text to train on");
    }
    return c;
  }

  private static TextCorpus file(Path path, double heldOut) throws IOException {
    return of(FortuneFile.readUtf8(path), heldOut, path.toString());
  }

  /**
   * A text already read, split as a file is: its last {@code heldOut} fraction of characters held
   * out.
   *
   * @param name what the description calls the text, e.g. a file's path
   * @throws IllegalArgumentException if {@code heldOut} is outside [0, 0.5]
   */
  public static TextCorpus of(String text, double heldOut, String name) {
    requireHeldOut(heldOut);
    int cut = (int) Math.round(text.length() * (1 - heldOut));
    return new TextCorpus(text.substring(0, cut), text.substring(cut), String.format(Locale.ROOT,
        "%s: %,d characters; the last %s held out", name, text.length(), percent(heldOut)));
  }

  private static TextCorpus fortunes(Path dir, double heldOut) throws IOException {
    List<FortuneFile.Fortune> all = FortuneFile.readDirectory(dir);
    int every = heldOut == 0 ? 0 : (int) Math.round(1 / heldOut);
    StringBuilder train = new StringBuilder();
    StringBuilder held = new StringBuilder();
    long categories = all.stream().map(FortuneFile.Fortune::category).distinct().count();
    for (int i = 0; i < all.size(); i++) {
      (every > 0 && i % every == every - 1 ? held : train).append(all.get(i).text()).append('\n');
    }
    return new TextCorpus(train.toString(), held.toString(), String.format(Locale.ROOT,
        "%s: %,d fortunes in %d files; %s held out", dir, all.size(), categories,
        every == 0 ? "none" : "every " + ordinal(every)));
  }

  private static void requireHeldOut(double heldOut) {
    if (!(heldOut >= 0 && heldOut <= 0.5)) {
      throw new IllegalArgumentException("the held-out fraction must be in [0, 0.5], got "
          + heldOut);
    }
  }

  private static String percent(double f) {
    return new java.math.BigDecimal(f * 100).round(new java.math.MathContext(3))
        .stripTrailingZeros().toPlainString() + " %";
  }

  private static String ordinal(int k) {
    return k == 1 ? "one" : k == 2 ? "second" : k == 3 ? "third" : k + "th";
  }
}
