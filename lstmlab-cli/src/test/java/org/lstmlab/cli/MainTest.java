package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top command: help, version, exit codes, and errors as one line. */
class MainTest {

  /** What one run printed and returned. */
  record Run(int code, String out, String err) {
    String[] errLines() {
      return err.isEmpty() ? new String[0] : err.split("\\R");
    }
  }

  static Run run(String... args) {
    return run(new CommandLine(new Main()), args);
  }

  static Run run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(cli, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void help_printsUsageWithTheCommands_exit0() {
    Run r = run("--help");
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("Usage: lstmlab", "demo", "--version", "--verbose");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void noArguments_printsUsage_exit0() {
    Run r = run();
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("Usage: lstmlab");
  }

  @Test
  void demoHelp_listsEveryFlagWithItsDefault() {
    Run r = run("demo", "--help");
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out())
        .contains("--hidden", "--window", "--lr", "--epochs", "--seed")
        .contains("default: 100", "default: 10)", "default: 0.01", "default: 20", "default: 42");
  }

  @Test
  void helpCommand_showsTheSubcommandsHelp() {
    Run r = run("help", "demo");
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("Usage: lstmlab demo");
  }

  @Test
  void version_namesVersionJavaAndKernel() {
    Run r = run("--version");
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out()).startsWith("lstmlab ").contains("Java ", "matmul kernel: plain");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--bogus                 | lstmlab: Unknown option: '--bogus' (see 'lstmlab --help')",
        "demo --bogus            | lstmlab: Unknown option: '--bogus' (see 'lstmlab demo --help')",
        "frobnicate              | lstmlab: unknown command 'frobnicate'; the commands are demo, train, predict, evaluate, export, backtest, generate, text, classify, experiment, bench, quiz, serve, help",
        "demo extra              | lstmlab: Unmatched argument at index 1: 'extra'",
        "demo --epochs many      | lstmlab: Invalid value for option '--epochs': 'many' is not an int",
        "demo --epochs           | lstmlab: Missing required parameter for option '--epochs' (N)",
        "demo --hidden 0         | lstmlab: --hidden must be at least 1, got 0 (see 'lstmlab demo --help')",
        "demo --epochs -3        | lstmlab: --epochs must be at least 1, got -3",
        "demo --window 0         | lstmlab: --window must be at least 1, got 0",
        "demo --window 100       | lstmlab: --window must be at most 99 (the series has 100 values), got 100",
        "demo --lr 0             | lstmlab: --lr must be a finite number > 0, got 0.0",
        "demo --lr NaN           | lstmlab: --lr must be a finite number > 0, got NaN",
        "bench --only lstm       | lstmlab: --only: unknown workload 'lstm'; expected one of notebook, batched, latency, gemm",
      })
  void badCommandLine_exit2_withOneLineOnStderr(String args, String expectedStart) {
    Run r = run(args.trim().split("\\s+"));
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines()[0]).startsWith(expectedStart.trim());
    assertThat(r.out()).isEmpty();
  }

  @Test
  void misspelledFlag_suggestsTheRightOne() {
    Run r = run("demo", "--epoch", "3");
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("did you mean", "--epochs");
  }

  @Command(name = "boom")
  static final class Boom implements Runnable {
    @Override
    public void run() {
      throw new IllegalStateException("the model file is\ntruncated");
    }
  }

  @Test
  void failure_exit1_oneLineWithoutStackTrace() {
    Run r = run(new CommandLine(new Main()).addSubcommand(new Boom()), "boom");
    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.errLines())
        .containsExactly(
            "lstmlab: the model file is; truncated (run with --verbose for details)");
  }

  @Test
  void failure_withVerbose_addsTheStackTrace() {
    for (String[] args : new String[][] {{"--verbose", "boom"}, {"boom", "--verbose"}}) {
      Run r = run(new CommandLine(new Main()).addSubcommand(new Boom()), args);
      assertThat(r.code()).isEqualTo(Main.FAILURE);
      assertThat(r.errLines()[0]).isEqualTo("lstmlab: the model file is; truncated");
      assertThat(r.err()).contains("java.lang.IllegalStateException", "at org.lstmlab.cli.");
    }
  }
}
