/**
 * LSTM Lab's library: recurrent layers and models, losses, optimizers, the training loop, series
 * data and the forecasting pipeline. No runtime dependency.
 *
 * <p>Exported: the API packages. Not exported: {@code org.lstmlab.core.kernel}, the hot loops on
 * flat arrays (matrix products, activations, Adam and norm kernels, their thread pool), which the
 * layers call and {@link org.lstmlab.core.nn.Compute} describes. No qualified export: no sibling
 * module needs the kernels through the module system (the CLI, the web app and the benchmarks run
 * on the class path, where the kernel benchmarks still reach them).
 *
 * <p>{@code requires static jdk.incubator.vector}: the SIMD kernel (kernel/Vector*.java) is compiled
 * against the incubator module, but the module is optional at run time. {@code Kernels} loads that
 * kernel by reflection only when the JVM was started with {@code --add-modules
 * jdk.incubator.vector}, and falls back to plain loops otherwise; on the module path the
 * dependence is then resolved and read, on the class path the unnamed module reads it.
 */
module org.lstmlab.core {
  requires static jdk.incubator.vector;

  exports org.lstmlab.core.data;
  exports org.lstmlab.core.forecast;
  exports org.lstmlab.core.lags;
  exports org.lstmlab.core.loss;
  exports org.lstmlab.core.metrics;
  exports org.lstmlab.core.nn;
  exports org.lstmlab.core.optim;
  exports org.lstmlab.core.text;
  exports org.lstmlab.core.train;
}
