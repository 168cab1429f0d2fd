package io.vidstore.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one suite mode runs: a list of JMH runs, each written to its own JSON file.
 *
 * @param name the mode's name, {@code full} or {@code quick}
 * @param command the documented command that runs this mode, quoted in the report
 * @param runs the runs, in order
 */
public record SuitePlan(String name, String command, List<Run> runs) {

    /**
     * One JMH run: benchmarks matching a pattern, with parameters and iterations that override the
     * benchmarks' annotations where set.
     *
     * @param file the JSON file it writes, without {@code .json}
     * @param include the regular expression of benchmarks to run
     * @param params parameter values that replace the annotations' lists
     * @param jvmArgs extra arguments for the forks, such as {@code -Xmx64m}
     * @param threads the thread counts to run with, one JMH run each
     * @param warmupIterations warm-up iterations, or 0 for the annotation's
     * @param measurementIterations measured iterations, or 0 for the annotation's
     * @param iterationSeconds seconds per timed iteration (ignored by single-shot benchmarks), or 0
     *     for the annotation's
     * @param forks forks per benchmark and parameter set, or 0 for the annotation's
     */
    public record Run(String file, String include, Map<String, List<String>> params, List<String> jvmArgs,
            List<Integer> threads, int warmupIterations, int measurementIterations, int iterationSeconds,
            int forks) {

        static Run of(String file, String include) {
            return new Run(file, include, Map.of(), List.of(), List.of(1), 0, 0, 0, 0);
        }

        Run params(String name, String... values) {
            Map<String, List<String>> all = new java.util.LinkedHashMap<>(params);
            all.put(name, List.of(values));
            return new Run(file, include, Map.copyOf(all), jvmArgs, threads, warmupIterations,
                    measurementIterations, iterationSeconds, forks);
        }

        Run jvmArgs(String... args) {
            return new Run(file, include, params, List.of(args), threads, warmupIterations,
                    measurementIterations, iterationSeconds, forks);
        }

        Run threads(Integer... counts) {
            return new Run(file, include, params, jvmArgs, List.of(counts), warmupIterations,
                    measurementIterations, iterationSeconds, forks);
        }

        Run iterations(int warmup, int measurement, int seconds) {
            return new Run(file, include, params, jvmArgs, threads, warmup, measurement, seconds, forks);
        }

        Run forks(int count) {
            return new Run(file, include, params, jvmArgs, threads, warmupIterations, measurementIterations,
                    iterationSeconds, count);
        }
    }

    private static final String LARGE = "\\.(SaveBenchmark|ReadBenchmark|FilesCopyBenchmark)\\.";
    private static final String BOUNDED = "\\.(SaveBenchmark\\.save|ReadBenchmark\\.inputStream|ReadBenchmark\\.transferTo"
            + "|ReadBenchmark\\.transferVerifiedTo)$";

    /**
     * The whole matrix of the issue, and serving over HTTP against nginx: about 40 minutes on 2
     * cores.
     *
     * @return the plan
     */
    public static SuitePlan full() {
        List<Run> runs = new ArrayList<>(List.of(
                Run.of("small-files", "\\.SmallFileBenchmark\\."),
                Run.of("large-files", LARGE)));
        // The largest size only, in forks with 64 MiB of heap; one run per chunk size, so that a
        // fork running out of memory costs only its own chunk size's results.
        for (String chunk : List.of("64KiB", "1MiB", "8MiB", "32MiB")) {
            runs.add(Run.of("bounded-heap-" + chunk, BOUNDED).params("fileSize", "1GiB")
                    .params("chunkSize", chunk).jvmArgs("-Xmx64m").iterations(1, 3, 0));
        }
        runs.add(Run.of("naive-baseline", "\\.NaiveBlobBenchmark\\."));
        runs.add(Run.of("concurrency", "\\.ConcurrentBenchmark\\.").threads(1, 2, 4, 8));
        // Needs nginx; see HttpServeBenchmark.
        runs.add(Run.of("http-serving", "\\.HttpServeBenchmark\\."));
        return new SuitePlan("full", "mvn -pl vidstore-benchmarks -am -P benchmarks verify", List.copyOf(runs));
    }

    /**
     * Every benchmark once with small sizes and few, short iterations, including a bounded-heap
     * fork and the allocation check: under 3 minutes on 2 cores, for CI.
     *
     * @return the plan
     */
    public static SuitePlan quick() {
        return new SuitePlan("quick", "mvn -pl vidstore-benchmarks -am -P benchmarks,quick verify", List.of(
                Run.of("small-files", "\\.SmallFileBenchmark\\.").params("fileSize", "4KiB", "1MiB")
                        .iterations(1, 2, 1),
                // The smallest file size is at least the largest chunk, so the allocation check applies.
                // Twenty warm-up reads or saves let the JIT compile the per-chunk path at both sizes
                // (128 chunks per 8 MiB operation): with two, allocations that compiled code later
                // removes were still counted, differently at each size, and the check failed by chance.
                // -Xbatch compiles before going on, so a slow machine reaches the same code as a fast one.
                // Two forks: the check takes the smallest value over both, so that one fork whose
                // compiled code kept a few tens of KiB of allocations per operation (seen in two of
                // about ten CI runs) does not decide, while growth with the file
                // size, which every fork shows, still fails.
                Run.of("large-files", LARGE).params("chunkSize", "64KiB", "1MiB")
                        .params("fileSize", "8MiB", "64MiB").jvmArgs("-Xbatch").iterations(20, 5, 0).forks(2),
                Run.of("bounded-heap", BOUNDED).params("chunkSize", "1MiB").params("fileSize", "64MiB")
                        .jvmArgs("-Xmx64m").iterations(1, 2, 0),
                Run.of("naive-baseline", "\\.NaiveBlobBenchmark\\.").params("fileSize", "4MiB")
                        .iterations(1, 2, 0),
                Run.of("concurrency", "\\.ConcurrentBenchmark\\.").params("chunkSize", "1MiB")
                        .params("fileSize", "8MiB").threads(2).iterations(1, 2, 1),
                // The three servers interleaved only, on a small file: checks that serving works
                // against nginx and gives rough ratios. Needs nginx.
                Run.of("http-serving", "\\.HttpServeBenchmark\\.interleaved$").params("fileSize", "16MiB")
                        .iterations(1, 2, 1)));
    }

    /**
     * Returns the plan of a mode.
     *
     * @param mode {@code full} or {@code quick}
     * @return the plan
     * @throws IllegalArgumentException for another mode
     */
    public static SuitePlan of(String mode) {
        return switch (mode) {
            case "full" -> full();
            case "quick" -> quick();
            default -> throw new IllegalArgumentException("the suite mode must be full or quick but was '" + mode + "'");
        };
    }
}
