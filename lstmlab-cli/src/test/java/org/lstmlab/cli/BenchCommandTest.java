package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * {@code lstmlab bench}'s JSON, as tools/bench/compare.py reads it: each workload's figures with
 * the round trips between two threads before and after it. (Its timings are benchmarks, not
 * tested.)
 */
class BenchCommandTest {

  @Test
  void roundTrip_twoProcessors_aFiniteTimeAndTheEchoThreadEnds() throws Exception {
    assumeThat(Runtime.getRuntime().availableProcessors()).isGreaterThanOrEqualTo(2);
    double ns = BenchCommand.roundTripNs();
    // A round trip between two cores: more than nothing, less than the second that gives up.
    assertThat(ns).isGreaterThan(0).isLessThan(1e9);
    for (int i = 0; i < 200 && echoAlive(); i++) {
      Thread.sleep(5);
    }
    assertThat(echoAlive()).as("the echo thread stopped").isFalse();
  }

  private static boolean echoAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("lstmlab-bench-echo") && t.isAlive());
  }

  @Test
  void json_quickLatency_hasItsFiguresAndRoundTrips() throws Exception {
    MainTest.Run r = MainTest.run("bench", "--quick", "--only", "latency", "--json");
    assertThat(r.code()).isEqualTo(Main.OK);
    JsonNode j = new ObjectMapper().readTree(r.out().strip());
    JsonNode latency = j.get("latency");
    assertThat(latency.get("p50_us").asDouble()).isPositive();
    assertThat(latency.get("p99_us").asDouble())
        .isGreaterThanOrEqualTo(latency.get("p50_us").asDouble());
    assertThat(latency.get("round_trip_ns")).hasSize(2);
    assertThat(j.has("notebook")).isFalse();
    assertThat(j.get("gemm")).isEmpty();
  }

  @Test
  void quiet_atMostTwoPercentOfTheWindowCompiling() {
    assertThat(BenchCommand.quiet(500_000_000L, 10)).as("10 ms of 0.5 s").isTrue();
    assertThat(BenchCommand.quiet(500_000_000L, 11)).as("11 ms of 0.5 s").isFalse();
    assertThat(BenchCommand.quiet(2_000_000_000L, 40)).isTrue();
    assertThat(BenchCommand.quiet(2_000_000_000L, 41)).isFalse();
    assertThat(BenchCommand.quiet(1, 0)).isTrue();
  }

  @Test
  void warmUp_atLeastTheMinimum_andAtMostTheTimeLimit() throws Exception {
    int[] calls = new int[1];
    int n = BenchCommand.warmUp(7, 3, () -> {
      calls[0]++;
      return 0;
    });
    assertThat(n).isEqualTo(calls[0]).isGreaterThanOrEqualTo(7);
    // Runs of 50 ms, at least 5 of them: a window is 10 runs (0.5 s), and the warm-up ends at the
    // end of a window, so after 10, 20, ... runs (or at the 3 s limit, if the JIT is busy).
    calls[0] = 0;
    n = BenchCommand.warmUp(5, 3, () -> {
      calls[0]++;
      sleep(50);
      return 50;
    });
    assertThat(n).isEqualTo(calls[0]).isGreaterThanOrEqualTo(10).isLessThanOrEqualTo(61);
    // A limit of no time: one run, whatever the minimum and the JIT.
    assertThat(BenchCommand.warmUp(1_000_000, 0, () -> 0)).isEqualTo(1);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
