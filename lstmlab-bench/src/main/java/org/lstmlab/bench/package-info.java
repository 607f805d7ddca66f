/**
 * JMH benchmarks: the matrix-product kernels at the shapes the layers use ({@link
 * org.lstmlab.bench.GemmBenchmark}) and one whole LSTM training step ({@link
 * org.lstmlab.bench.TrainingStepBenchmark}), each with the plain and the vector kernel.
 *
 * <p>Build and run (forks add {@code --add-modules jdk.incubator.vector} themselves):
 *
 * <pre>
 *   ./mvnw -q -pl lstmlab-bench -am package -DskipTests
 *   java -jar lstmlab-bench/target/benchmarks.jar GemmBenchmark -wi 2 -w 1 -i 3 -r 1 -f 1
 *   java -jar lstmlab-bench/target/benchmarks.jar TrainingStepBenchmark -wi 2 -w 2 -i 5 -r 2 -f 1
 * </pre>
 *
 * Results are single-threaded times per operation; GFLOP/s of a product = 2·M·N·K / time. On a
 * shared machine, compare the best iterations as well as the means.
 */
package org.lstmlab.bench;
