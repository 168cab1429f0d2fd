package io.vidstore.benchmarks.report;

import io.vidstore.benchmarks.ByteSize;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * All results of one suite run, read from the JMH JSON files in a directory, with the look-ups the
 * report needs: by benchmark, parameters, heap limit and thread count.
 */
final class Results {

    private final List<BenchmarkResult> all;

    Results(List<BenchmarkResult> all) {
        this.all = List.copyOf(all);
    }

    /** Reads every {@code *.json} file of a directory, in name order. */
    static Results read(Path dir) throws IOException {
        return new Results(BenchmarkResult.readAll(dir));
    }

    List<BenchmarkResult> all() {
        return all;
    }

    /**
     * The results of one benchmark method, from forks with the given {@code -Xmx} (null: none set),
     * whose parameters include all of {@code params}.
     */
    List<BenchmarkResult> select(String benchmark, String maxHeap, Map<String, String> params) {
        return all.stream()
                .filter(r -> r.benchmark().equals(benchmark))
                .filter(r -> r.maxHeap().equals(Optional.ofNullable(maxHeap)))
                .filter(r -> r.params().entrySet().containsAll(params.entrySet()))
                .toList();
    }

    /** The single result of one benchmark with exactly these parameters, default heap, one thread. */
    Optional<BenchmarkResult> one(String benchmark, Map<String, String> params) {
        return select(benchmark, null, params).stream().filter(r -> r.threads() == 1).findFirst();
    }

    /** The distinct values of a byte-size parameter across results, smallest first. */
    List<String> sizes(Stream<BenchmarkResult> results, String param) {
        TreeSet<String> values = new TreeSet<>(Comparator.comparingLong(ByteSize::parse));
        results.forEach(r -> Optional.ofNullable(r.params().get(param)).ifPresent(values::add));
        return List.copyOf(values);
    }

    /** The distinct values of a byte-size parameter of one benchmark's default-heap results. */
    List<String> sizes(String benchmark, String param) {
        return sizes(select(benchmark, null, Map.of()).stream(), param);
    }
}
