/**
 * JMH benchmarks: the matrix-product kernels at the shapes the layers use, plain and with op(B)
 * packed beforehand ({@link org.lstmlab.bench.GemmBenchmark}), the gate activations of one LSTM
 * step ({@link org.lstmlab.bench.ActivationBenchmark}) and one whole LSTM training step ({@link
 * org.lstmlab.bench.TrainingStepBenchmark}), each with the plain and the vector kernel, the
 * products on 1 and 2 threads.
 *
 * <p>Build and run (forks add {@code --add-modules jdk.incubator.vector} themselves):
 *
 * <pre>
 *   ./mvnw -q -pl lstmlab-bench -am package -DskipTests
 *   java -jar lstmlab-bench/target/benchmarks.jar GemmBenchmark -wi 2 -w 1 -i 3 -r 1 -f 1
 *   java -jar lstmlab-bench/target/benchmarks.jar ActivationBenchmark -wi 2 -w 1 -i 3 -r 1 -f 1
 *   java -jar lstmlab-bench/target/benchmarks.jar TrainingStepBenchmark -wi 2 -w 2 -i 5 -r 2 -f 1
 * </pre>
 *
 * Results are times per operation; GFLOP/s of a product = 2·M·N·K / time. On a shared machine,
 * compare the best iterations as well as the means. {@code lstmlab bench} runs the workloads of
 * docs/BENCHMARKS.md without JMH.
 */
package org.lstmlab.bench;
