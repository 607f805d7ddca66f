package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.metrics.Metrics;

class JsonTest {

  @Test
  void metrics_undefinedValuesAreNull_definedOnesExact() {
    // A constant actual series: R² is undefined (NaN); the others are defined.
    Metrics m = Metrics.of(new float[] {2, 2, 2, 2}, new float[] {1, 2, 3, 2});
    StringWriter s = new StringWriter();
    Json.print(new PrintWriter(s), Json.metrics(m));
    assertThat(s.toString().strip()).isEqualTo(
        "{\"mse\":0.5,\"mae\":0.5,\"rmse\":" + Math.sqrt(0.5) + ",\"mape\":25.0,\"smape\":"
            + m.smape() + ",\"r2\":null,\"count\":4}");
  }

  @Test
  void array_mapsNaNAndInfinityToNull() {
    assertThat(Json.array(new double[] {1.5, Double.NaN, Double.POSITIVE_INFINITY}).toString())
        .isEqualTo("[1.5,null,null]");
  }
}
