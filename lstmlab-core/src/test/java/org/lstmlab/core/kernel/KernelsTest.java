package org.lstmlab.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;

/** The choice of kernel: the one the build asked for, and errors that name what was wrong. */
class KernelsTest {

  @Test
  void matMul_isTheKernelThisRunAskedFor() {
    // Surefire sets lstmlab.kernel.expected for each of its two runs; from an IDE the expectation
    // follows from the module and the property, as Kernels documents.
    String expected = System.getProperty("lstmlab.kernel.expected");
    if (expected == null) {
      boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
      boolean forcedPlain = "plain".equals(System.getProperty(Kernels.PROPERTY));
      expected = module && !forcedPlain ? "vector" : "plain";
    }
    assertThat(Kernels.matMul().name()).isEqualTo(expected);
    assertThat(Kernels.describe()).startsWith(expected);
  }

  @Test
  void matMul_ofTheDoubleTwin_isPlain() {
    // The f64 twin is generated without Vector*.java: its Kernels must find no vector class and
    // fall back, whatever the module and the property say.
    assertThat(org.lstmlab.f64.kernel.Kernels.matMul().name()).isEqualTo("plain");
    assertThat(org.lstmlab.f64.kernel.Kernels.describe()).startsWith("plain (");
  }

  @Test
  void named_vectorWithoutTheModule_throwsSayingHowToGetIt() {
    assumeFalse(
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "runs where the JVM has no jdk.incubator.vector (the build's second test run)");
    assertThatThrownBy(() -> Kernels.named("vector"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "vector kernel unavailable: jdk.incubator.vector not loaded;"
                + " start Java with --add-modules jdk.incubator.vector");
  }

  @Test
  void named_plain_isThePlainKernel() {
    assertThat(Kernels.named("plain")).isSameAs(PlainMatMul.INSTANCE);
  }

  @Test
  void named_unknown_throwsNamingTheChoices() {
    assertThatThrownBy(() -> Kernels.named("blas"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kernel 'blas': expected plain or vector");
  }
}
