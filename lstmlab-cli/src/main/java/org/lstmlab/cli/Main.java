package org.lstmlab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.lstmlab.core.data.Sanitizer;
import org.lstmlab.core.nn.Compute;
import org.lstmlab.core.nn.Sizes;
import org.lstmlab.io.FileFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code lstmlab} command line: the top command, its subcommands, and how errors reach the
 * user.
 *
 * <p>Exit codes: {@value #OK} success, {@value #FAILURE} the command failed, {@value #USAGE} the
 * command line was wrong (unknown flag, bad value, missing command). Every error is one line on
 * stderr, {@code lstmlab: <what was wrong>}, for a file {@code lstmlab: <file>: <what>}; the stack
 * trace follows only with {@code --verbose}.
 */
@Command(
    name = "lstmlab",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "LSTM, GRU and RNN networks on the JVM: train, compare and inspect them.",
    subcommands = {
      DemoCommand.class,
      TrainCommand.class,
      PredictCommand.class,
      EvaluateCommand.class,
      ExportCommand.class,
      BacktestCommand.class,
      GenerateCommand.class,
      TextCommand.class,
      ClassifyCommand.class,
      ExperimentCommand.class,
      BenchCommand.class,
      QuizCommand.class,
      ServeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  /** Exit code: the command did what was asked. */
  public static final int OK = 0;

  /** Exit code: the command ran and failed. */
  public static final int FAILURE = 1;

  /** Exit code: the command line was wrong; nothing ran. */
  public static final int USAGE = 2;

  static final String VERBOSE = "--verbose";

  @Spec CommandSpec spec;

  @Option(
      names = VERBOSE,
      scope = ScopeType.INHERIT,
      description = "On an error, print the stack trace too.")
  boolean verbose;

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs the command line, printing to {@code out} and {@code err}, and returns the exit code
   * ({@link #OK}, {@link #FAILURE} or {@link #USAGE}). Never throws and never exits: tests call it.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(new CommandLine(new Main()), out, err, args);
  }

  /** As {@link #run(PrintWriter, PrintWriter, String...)}, on a given command tree. */
  static int run(CommandLine cli, PrintWriter out, PrintWriter err, String... args) {
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(Main::usageError);
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> failure(ex, cmd.getErr(), verbose(parsed)));
    try {
      return cli.execute(args);
    } catch (RuntimeException | Error ex) { // a bug in an error handler: still one line
      return failure(ex, err, Arrays.asList(args).contains(VERBOSE));
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** {@code lstmlab} alone: show what it can do. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** An unknown flag, a bad value, a value out of range: one line with a pointer to the help. */
  private static int usageError(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    StringBuilder line = new StringBuilder("lstmlab: ");
    List<String> unmatched =
        ex instanceof UnmatchedArgumentException
            ? ((UnmatchedArgumentException) ex).getUnmatched()
            : List.of();
    boolean unknownCommand =
        !unmatched.isEmpty()
            && !unmatched.get(0).startsWith("-")
            && !cmd.getSubcommands().isEmpty()
            && cmd.getParseResult().subcommand() == null;
    if (unknownCommand) {
      line.append("unknown command '")
          .append(unmatched.get(0))
          .append("'; the commands are ")
          .append(String.join(", ", cmd.getSubcommands().keySet()));
    } else {
      line.append(oneLine(ex.getMessage()));
    }
    if (ex instanceof UnmatchedArgumentException) {
      List<String> suggestions = ((UnmatchedArgumentException) ex).getSuggestions();
      if (!suggestions.isEmpty()) {
        line.append("; did you mean ").append(String.join(" or ", suggestions)).append('?');
      }
    }
    line.append(" (see '").append(cmd.getCommandSpec().qualifiedName()).append(" --help')");
    err.println(Sanitizer.line(line.toString()));
    if (Arrays.asList(args).contains(VERBOSE)) {
      ex.printStackTrace(err);
    }
    return USAGE;
  }

  private static int failure(Throwable ex, PrintWriter err, boolean verbose) {
    String told = toldInFull(ex);
    if (told != null) {
      // The user's own mistake (a bad file, a run that diverged), said in full: a stack trace
      // would add nothing for them, so it is not offered, only shown with --verbose.
      err.println("lstmlab: " + oneLine(told));
      if (verbose) {
        ex.printStackTrace(err);
      }
      err.flush();
      return FAILURE;
    }
    String what = ex.getMessage() == null ? ex.getClass().getName() : oneLine(ex.getMessage());
    if (!(ex instanceof IllegalArgumentException
        || ex instanceof IllegalStateException
        || ex instanceof IOException)) {
      // Not an error we expect to explain by its message alone: say what kind it was.
      what = ex.getClass().getSimpleName() + ": " + what;
    }
    err.println("lstmlab: " + what + (verbose ? "" : " (run with --verbose for details)"));
    if (verbose) {
      ex.printStackTrace(err);
    }
    err.flush();
    return FAILURE;
  }

  /**
   * The whole message of an error that tells the user all there is to know, or null: a {@link
   * CommandFailure}, a {@link FileFormatException} ({@code "data.csv line 3, column 'x': ..."}),
   * or a file-system error, which Java words as the bare path ({@code NoSuchFileException:
   * data.csv}) and which is reworded here as {@code "data.csv: no such file"}.
   */
  private static String toldInFull(Throwable ex) {
    if (ex instanceof CommandFailure || ex instanceof FileFormatException
        || ex instanceof Sizes.TooLargeException) {
      return ex.getMessage();
    }
    if (ex instanceof NoSuchFileException) {
      FileSystemException f = (FileSystemException) ex;
      return f.getFile() + ": " + (f.getReason() == null ? "no such file" : f.getReason());
    }
    if (ex instanceof AccessDeniedException) {
      return ((FileSystemException) ex).getFile() + ": permission denied";
    }
    if (ex instanceof FileSystemException) {
      FileSystemException f = (FileSystemException) ex;
      return f.getFile() + ": " + (f.getReason() == null ? ex.getClass().getSimpleName()
          : f.getReason());
    }
    return null;
  }

  /** Whether --verbose was given, on the top command or on the subcommand. */
  private static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption(VERBOSE)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A message as one printable line: line breaks become "; ", and whatever else could act on a
   * terminal (an escape sequence from a CSV cell or a quiz file) is escaped ({@link Sanitizer}).
   */
  static String oneLine(String s) {
    return s == null ? "" : Sanitizer.line(s.strip().replaceAll("\\s*\\R\\s*", "; "));
  }

  /** {@code lstmlab --version}: the build's version, the JVM, and the matrix kernel in use. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "lstmlab " + projectVersion(),
        "Java " + System.getProperty("java.version") + ", " + System.getProperty("java.vm.name"),
        "matmul kernel: " + Compute.kernel()
      };
    }

    /** The version Maven wrote into the jar, or "development build" when run from classes. */
    static String projectVersion() {
      String resource = "/META-INF/maven/org.lstmlab/lstmlab-cli/pom.properties";
      try (InputStream in = Main.class.getResourceAsStream(resource)) {
        if (in != null) {
          Properties p = new Properties();
          p.load(in);
          return p.getProperty("version", "(unknown version)");
        }
      } catch (IOException e) {
        // fall through: a version string is not worth failing for
      }
      return "(development build)";
    }
  }
}
