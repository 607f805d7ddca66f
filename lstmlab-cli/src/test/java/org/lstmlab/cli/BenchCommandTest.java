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
}
