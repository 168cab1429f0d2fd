/**
 * JMH benchmarks for vidstore: constant memory across chunk and file sizes ({@link
 * io.vidstore.benchmarks.SaveBenchmark}, {@link io.vidstore.benchmarks.ReadBenchmark}), the
 * disk's own speed as the reference ({@link io.vidstore.benchmarks.FilesCopyBenchmark} and {@link
 * io.vidstore.benchmarks.ReadBenchmark#fileChannelReference()}), the naive whole-file baseline
 * ({@link io.vidstore.benchmarks.NaiveBlobBenchmark}), small files as BLOBs or files ({@link
 * io.vidstore.benchmarks.SmallFileBenchmark}) and concurrency ({@link
 * io.vidstore.benchmarks.ConcurrentBenchmark}).
 *
 * <p>{@link io.vidstore.benchmarks.Suite} runs them all and writes the report; see the module's
 * README for the commands. Each benchmark class also runs on its own through {@code java -jar
 * vidstore-benchmarks/target/benchmarks.jar ClassName}, with any JMH option.
 */
package io.vidstore.benchmarks;
