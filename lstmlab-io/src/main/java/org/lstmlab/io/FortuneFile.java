package org.lstmlab.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads fortune files, the format of the Unix {@code fortune} program: short texts separated by
 * lines that hold a single {@code %}. Debian's {@code fortunes} package ships about 40 of them
 * under {@code /usr/share/games/fortunes/} (a category per file: {@code computers}, {@code food},
 * {@code science}, ...), a small real corpus for language models, and with the category as label
 * a many-class text classification set.
 *
 * <p>Texts keep their inner line breaks and lose the one before the separator; empty texts are
 * skipped. Files are read as UTF-8 (the package's files are ASCII or UTF-8); a file that is not
 * is refused in one line. Stateless.
 */
public final class FortuneFile {

  /** Where Debian's {@code fortunes} package puts its files. */
  public static final Path DEBIAN = Path.of("/usr/share/games/fortunes");

  private FortuneFile() {}

  /**
   * One text with its category.
   *
   * @param category the file's name, e.g. {@code computers}
   * @param text the fortune
   */
  public record Fortune(String category, String text) {}

  /**
   * The texts of one file, in order.
   *
   * @throws FileFormatException if the file is not UTF-8
   * @throws IOException if it cannot be read
   */
  public static List<String> read(Path file) throws IOException {
    String content = readUtf8(file);
    List<String> texts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : content.split("\r?\n", -1)) {
      if (line.equals("%")) {
        add(texts, current);
      } else {
        if (current.length() > 0) {
          current.append('\n');
        }
        current.append(line);
      }
    }
    add(texts, current);
    return texts;
  }

  /**
   * A whole file as UTF-8 text.
   *
   * @throws FileFormatException if the file is not UTF-8
   */
  static String readUtf8(Path file) throws IOException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      throw new FileFormatException(file, "is not UTF-8 text");
    }
  }

  private static void add(List<String> texts, StringBuilder current) {
    String t = current.toString().strip();
    if (!t.isEmpty()) {
      texts.add(current.toString().stripTrailing());
    }
    current.setLength(0);
  }

  /**
   * Every text of every fortune file in {@code dir}, its category the file's name: the regular
   * files (links followed) whose name has no dot, in name order, so that {@code .dat} indexes and
   * {@code .u8} links are left out.
   *
   * @throws IOException if the directory or a file cannot be read
   */
  public static List<Fortune> readDirectory(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> !p.getFileName().toString().contains(".") && Files.isRegularFile(p))
          .sorted().toList();
    }
    List<Fortune> out = new ArrayList<>();
    for (Path f : files) {
      String category = f.getFileName().toString();
      for (String t : read(f)) {
        out.add(new Fortune(category, t));
      }
    }
    return out;
  }
}
