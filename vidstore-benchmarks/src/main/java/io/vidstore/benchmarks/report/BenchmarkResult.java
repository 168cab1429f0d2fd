package io.vidstore.benchmarks.report;

import io.vidstore.benchmarks.ByteSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One benchmark result of a JMH JSON file: which benchmark ran with which parameters, its primary
 * score, and its secondary metrics (such as {@code gc.alloc.rate.norm}).
 *
 * @param benchmark the benchmark's method, as {@code ClassName.method}
 * @param mode JMH's mode, such as {@code ss} (single shot) or {@code thrpt}
 * @param threads how many threads ran it
 * @param jvmArgs the fork's JVM arguments
 * @param params the JMH parameters, such as {@code chunkSize=8MiB}
 * @param score the primary score
 * @param scoreError the primary score's 99.9% error margin, NaN when JMH could not compute one
 * @param scoreUnit the primary score's unit, such as {@code ms/op} or {@code ops/s}
 * @param secondary the secondary metrics' scores by name
 * @param secondaryMin the secondary metrics' smallest value of any measured iteration, by name
 */
public record BenchmarkResult(String benchmark, String mode, int threads, List<String> jvmArgs,
        Map<String, String> params, double score, double scoreError, String scoreUnit,
        Map<String, Double> secondary, Map<String, Double> secondaryMin) {

    /** The GC profiler's bytes allocated per operation. */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";

    /**
     * Reads every result of a JMH JSON result file ({@code -rf json}).
     *
     * @param file the file
     * @return the results in file order
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not a JMH JSON result file
     */
    public static List<BenchmarkResult> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Reads every result of the JMH JSON files ({@code *.json}) of a directory, in file-name order.
     *
     * @param dir the directory
     * @return the results
     * @throws IOException if the directory or a file cannot be read
     * @throws IllegalArgumentException if a file is not a JMH JSON result file
     */
    public static List<BenchmarkResult> readAll(Path dir) throws IOException {
        List<BenchmarkResult> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                all.addAll(read(file));
            }
        }
        return all;
    }

    /**
     * Parses the text of a JMH JSON result file.
     *
     * @param json the file's text
     * @return the results in file order
     * @throws IllegalArgumentException if it is not a JMH JSON result file
     */
    public static List<BenchmarkResult> parse(String json) {
        if (!(Json.parse(json) instanceof List<?> runs)) {
            throw new IllegalArgumentException("a JMH JSON result is an array of runs");
        }
        List<BenchmarkResult> results = new ArrayList<>();
        for (Object run : runs) {
            results.add(of((Map<?, ?>) run));
        }
        return results;
    }

    private static BenchmarkResult of(Map<?, ?> run) {
        String fullName = (String) run.get("benchmark");
        String[] parts = fullName.split("\\.");
        String name = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : fullName;
        Map<String, String> params = new LinkedHashMap<>();
        if (run.get("params") instanceof Map<?, ?> p) {
            p.forEach((k, v) -> params.put((String) k, String.valueOf(v)));
        }
        List<String> jvmArgs = new ArrayList<>();
        if (run.get("jvmArgs") instanceof List<?> a) {
            a.forEach(arg -> jvmArgs.add(String.valueOf(arg)));
        }
        Map<?, ?> primary = (Map<?, ?>) run.get("primaryMetric");
        Map<String, Double> secondary = new LinkedHashMap<>();
        Map<String, Double> secondaryMin = new LinkedHashMap<>();
        if (run.get("secondaryMetrics") instanceof Map<?, ?> s) {
            s.forEach((k, v) -> {
                // JMH before 1.36 prefixed profiler metrics with a middle dot ("·gc.alloc.rate").
                String metric = ((String) k).replaceFirst("^\\W+", "");
                Map<?, ?> values = (Map<?, ?>) v;
                double score = Json.number(values.get("score"));
                secondary.put(metric, score);
                secondaryMin.put(metric, minimum(values.get("rawData")).orElse(score));
            });
        }
        return new BenchmarkResult(name, (String) run.get("mode"),
                (int) Json.number(run.get("threads")), List.copyOf(jvmArgs), Map.copyOf(params),
                Json.number(primary.get("score")), Json.number(primary.get("scoreError")),
                (String) primary.get("scoreUnit"), Map.copyOf(secondary), Map.copyOf(secondaryMin));
    }

    /** The smallest number of JMH's {@code rawData}: one array of iteration values per fork. */
    private static Optional<Double> minimum(Object rawData) {
        if (!(rawData instanceof List<?> forks)) {
            return Optional.empty();
        }
        return forks.stream()
                .filter(List.class::isInstance)
                .flatMap(fork -> ((List<?>) fork).stream())
                .map(Json::number)
                .filter(x -> !x.isNaN())
                .min(Double::compare);
    }

    /** {@return the benchmark's class name, such as {@code SaveBenchmark}} */
    public String className() {
        return benchmark.substring(0, benchmark.indexOf('.'));
    }

    /** {@return the benchmark's method name, such as {@code save}} */
    public String method() {
        return benchmark.substring(benchmark.indexOf('.') + 1);
    }

    /**
     * Returns a byte-size parameter, such as {@code fileSize}.
     *
     * @param name the parameter's name
     * @return its value in bytes, or empty if the benchmark has no such parameter
     */
    public Optional<Long> bytes(String name) {
        return Optional.ofNullable(params.get(name)).map(ByteSize::parse);
    }

    /**
     * Returns a secondary metric's score.
     *
     * @param name such as {@link #ALLOC_NORM}
     * @return the score, or empty if the run did not record it or it is NaN
     */
    public Optional<Double> metric(String name) {
        Double value = secondary.get(name);
        return value == null || value.isNaN() ? Optional.empty() : Optional.of(value);
    }

    /**
     * Returns a secondary metric's smallest value over the measured iterations. For bytes
     * allocated per operation this is the steady state: one-off allocations (the trial's tear-down
     * in the last iteration, GC notifications) only ever add to an iteration, never subtract.
     *
     * @param name such as {@link #ALLOC_NORM}
     * @return the smallest value, or empty if the run did not record the metric or it is NaN
     */
    public Optional<Double> minMetric(String name) {
        Double value = secondaryMin.get(name);
        return value == null || value.isNaN() ? Optional.empty() : Optional.of(value);
    }

    /** {@return the fork's {@code -Xmx} value, such as {@code 64m}, if it set one} */
    public Optional<String> maxHeap() {
        return jvmArgs.stream().filter(a -> a.startsWith("-Xmx")).reduce((a, b) -> b)
                .map(a -> a.substring("-Xmx".length()));
    }

    /**
     * Returns the time of one operation in seconds, for single-shot and average-time results.
     *
     * @return seconds per operation
     * @throws IllegalStateException if the score is not a time per operation
     */
    public double secondsPerOp() {
        double factor = switch (scoreUnit) {
            case "s/op" -> 1;
            case "ms/op" -> 1e-3;
            case "us/op" -> 1e-6;
            case "ns/op" -> 1e-9;
            default -> throw new IllegalStateException(benchmark + " scores in " + scoreUnit
                    + ", not in time per operation");
        };
        return score * factor;
    }

    /**
     * Returns operations per second, from a throughput score or from a time per operation.
     *
     * @return operations per second
     */
    public double opsPerSecond() {
        return switch (scoreUnit) {
            case "ops/s" -> score;
            case "ops/ms" -> score * 1e3;
            case "ops/us" -> score * 1e6;
            default -> 1 / secondsPerOp();
        };
    }
}
