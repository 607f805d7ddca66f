package org.lstmlab.core.text;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's small {@code fortunes} file (installed by .ci/run) split for language models: its first
 * 90 % of characters to train (and to build the character vocabulary), the rest held out. Skips
 * the test where the package is missing.
 *
 * @param vocabulary characters of the training part, with the two specials
 * @param train the training ids
 * @param held the held-out ids
 */
record SmallFortunes(Vocabulary vocabulary, int[] train, int[] held) {

  static SmallFortunes load() throws IOException {
    Path file = Path.of("/usr/share/games/fortunes/fortunes");
    assumeTrue(Files.isRegularFile(file), "Debian's fortunes package is not installed");
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int cut = (int) (text.length() * 0.9);
    Vocabulary v = Vocabulary.build(Vocabulary.Kind.CHAR, false, text.substring(0, cut), 1, 1000);
    return new SmallFortunes(v, v.encode(text.substring(0, cut)), v.encode(text.substring(cut)));
  }
}
