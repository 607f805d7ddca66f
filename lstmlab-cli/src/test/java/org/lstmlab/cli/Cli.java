package org.lstmlab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Helpers for end-to-end tests: run the command line, make files, list what a run left. */
final class Cli {

  private Cli() {}

  /** Runs {@code lstmlab args…} through {@link Main#run}, capturing stdout and stderr. */
  static MainTest.Run run(Object... args) {
    String[] s = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
    return MainTest.run(s);
  }

  /** Writes {@code lines} to {@code dir/name}, one per line. */
  static Path file(Path dir, String name, String... lines) {
    try {
      return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CSV with columns t,value of the notebook's series, as {@code generate} writes it. */
  static Path notebookCsv(Path dir, int points) {
    Path f = dir.resolve("series.csv");
    MainTest.Run r = run("generate", "--out", f, "--points", points);
    if (r.code() != Main.OK) {
      throw new AssertionError("generate failed: " + r.err());
    }
    return f;
  }

  /** The names of the files in {@code dir}, sorted; hidden temporary files included. */
  static List<String> listing(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      List<String> names = new ArrayList<>();
      s.forEach(p -> names.add(p.getFileName().toString()));
      names.sort(null);
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
