package org.lstmlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.nn.Sizes;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks of flag values that parse but make no sense. Each failure is a usage error (exit
 * {@link Main#USAGE}) whose one line names the flag, the range and the value given, e.g. {@code
 * --hidden must be at least 1, got 0}. Picocli parses the types; this class checks the values.
 */
final class Flags {

  /** Largest hidden size, window and horizon accepted: beyond it a typo is likelier than intent. */
  static final int MAX_SIZE = 100_000;

  private Flags() {}

  static ParameterException usage(CommandSpec spec, String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** {@code min <= value <= max}. */
  static int range(CommandSpec spec, String flag, int value, int min, int max) {
    if (value < min) {
      throw usage(spec, flag + " must be at least " + min + ", got " + value);
    }
    if (value > max) {
      throw usage(spec, flag + " must be at most " + max + ", got " + value);
    }
    return value;
  }

  /** A finite number &gt; 0 (learning rates). */
  static double positive(CommandSpec spec, String flag, double value) {
    if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
      throw usage(spec, flag + " must be a finite number > 0, got " + value);
    }
    return value;
  }

  /** A finite number &gt;= 0 (clipping norms, noise). */
  static double nonNegative(CommandSpec spec, String flag, double value) {
    if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
      throw usage(spec, flag + " must be a finite number >= 0, got " + value);
    }
    return value;
  }

  /** A fraction in [0, 1) (dropout, splits). */
  static double fraction(CommandSpec spec, String flag, double value) {
    if (!(value >= 0 && value < 1)) {
      throw usage(spec, flag + " must be in [0, 1), got " + value);
    }
    return value;
  }

  /** One of the given names, compared as typed. */
  static String oneOf(CommandSpec spec, String flag, String value, Collection<String> names) {
    if (!names.contains(value)) {
      throw usage(
          spec, flag + " must be one of " + String.join(", ", names) + "; got '" + value + "'");
    }
    return value;
  }

  /**
   * The model that {@code --hidden} and {@code --layers} make must fit in arrays and in memory
   * (values, gradients and an optimiser's two moments: 16 bytes a parameter), checked in exact
   * arithmetic before anything is allocated: {@code --hidden 30000} makes an LSTM matrix of
   * 3.6·10⁹ values.
   */
  static void modelSize(CommandSpec spec, String cell, int inputs, int hidden, int layers,
      int outputs) {
    try {
      long total = 0;
      for (int[] shape : SequenceModel.builder(CellType.fromId(cell), inputs, hidden)
          .layers(layers).outputSize(outputs).parameterShapes().values()) {
        long n = 1;
        for (int d : shape) {
          n *= d; // each tensor is checked to fit an array, so no overflow here
        }
        total += n;
      }
      Sizes.elements("the model's parameters", total);
      Sizes.requireMemory(String.format(Locale.ROOT, "a model of %,d parameters", total),
          16L * total);
    } catch (IllegalArgumentException e) {
      throw usage(spec, "--hidden " + hidden + (layers == 1 ? "" : " with --layers " + layers)
          + " is too large: " + e.getMessage());
    }
  }

  /** Column names from {@code --features a,b}: none blank, none twice. */
  static List<String> columns(CommandSpec spec, String flag, List<String> names) {
    Set<String> seen = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (String n : names) {
      String s = n.strip();
      if (s.isEmpty()) {
        throw usage(spec, flag + " has an empty column name; give names separated by commas");
      }
      if (!seen.add(s)) {
        throw usage(spec, flag + " names column '" + s + "' twice");
      }
      out.add(s);
    }
    return out;
  }

  /**
   * The file an output will be written to: its directory must exist (checked before any work, so a
   * long run does not end in a failed write), and it must not be one of the inputs.
   */
  static Path output(CommandSpec spec, String flag, Path out, Path... inputs) {
    Path dir = out.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new CommandFailure(out + ": directory " + dir + " does not exist; create it first");
    }
    if (Files.isDirectory(out)) {
      throw usage(spec, flag + " " + out + " is a directory; give a file name");
    }
    for (Path in : inputs) {
      if (in != null && sameFile(in, out)) {
        throw usage(spec, flag + " " + out + " is also an input; write to another file");
      }
    }
    return out;
  }

  /**
   * Whether two paths name one file, seen through symbolic and hard links ({@code --data
   * link.csv --out data.csv} with link.csv → data.csv): the same path, or, when both exist,
   * {@link Files#isSameFile} (the same device and inode).
   */
  static boolean sameFile(Path a, Path b) {
    if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
      return true;
    }
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (java.io.IOException | SecurityException e) {
      return false; // unreadable: the write or the read will say why
    }
  }
}
