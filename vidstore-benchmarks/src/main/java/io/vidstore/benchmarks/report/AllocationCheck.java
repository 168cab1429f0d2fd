package io.vidstore.benchmarks.report;

import io.vidstore.benchmarks.ByteSize;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Fails when the bytes allocated per operation grow with the file size: the regression that
 * turns a streaming store back into one that buffers whole files.
 *
 * <p>Results are grouped by benchmark, JVM arguments, threads and every parameter except {@code
 * fileSize}. In each group the {@code gc.alloc.rate.norm} of the largest file size may exceed that
 * of the smallest by at most {@link #DEFAULT_TOLERANCE} (10%). Each size's value is its smallest
 * over the measured iterations ({@link BenchmarkResult#minMetric}), so that one-off allocations,
 * such as the trial's tear-down that JMH counts in the last iteration, do not decide. Only file sizes of at least one
 * {@code chunkSize} are compared: below that the store rightly allocates a buffer as small as the
 * file, so allocation rises with the file until it fills one chunk, which is the promised bound.
 *
 * <pre>java -cp vidstore-benchmarks/target/benchmarks.jar io.vidstore.benchmarks.report.AllocationCheck results/*.json</pre>
 */
public final class AllocationCheck {

    /** The growth allowed between the smallest and the largest file size: 10%. */
    public static final double DEFAULT_TOLERANCE = 0.10;

    /**
     * Benchmarks whose allocation grows with the file size by design, left out by {@link
     * #promisedFlat}: small files are held whole up to the inline limit (that is what the limit
     * bounds), and the naive baseline is the counter-example.
     */
    public static final Set<String> GROWING_BY_DESIGN = Set.of("SmallFileBenchmark", "NaiveBlobBenchmark");

    /**
     * The JDK references measured beside the store ({@code Files.copy} and a raw {@code
     * FileChannel} read), left out by {@link #promisedFlat}: their allocation is the JDK's, a few
     * tens of KiB of JMH and JIT noise per operation, and not a promise of vidstore's.
     */
    public static final Set<String> REFERENCES = Set.of("FilesCopyBenchmark.filesCopyAndFsync",
            "ReadBenchmark.fileChannelReference");

    /**
     * One group's comparison.
     *
     * @param group what was compared: benchmark and parameters other than the file size
     * @param smallFile the smallest file size compared, in bytes
     * @param smallAlloc bytes allocated per operation at that size
     * @param largeFile the largest file size compared, in bytes
     * @param largeAlloc bytes allocated per operation at that size
     * @param passed whether the growth is within the tolerance
     */
    public record Comparison(String group, long smallFile, double smallAlloc, long largeFile,
            double largeAlloc, boolean passed) {

        /** {@return the growth from the small to the large file, such as 0.03 for 3%} */
        public double growth() {
            return largeAlloc / smallAlloc - 1;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s: %s/op at %s, %s/op at %s (%+.1f%%)",
                    passed ? "ok  " : "FAIL", group, Units.bytes(smallAlloc), ByteSize.format(smallFile),
                    Units.bytes(largeAlloc), ByteSize.format(largeFile), 100 * growth());
        }
    }

    private AllocationCheck() {
    }

    /**
     * Compares allocation per operation between the smallest and largest file size of each group.
     * Groups with fewer than two file sizes of at least one chunk, or without {@code
     * gc.alloc.rate.norm}, are left out.
     *
     * @param results results of a run with {@code -prof gc}
     * @param tolerance the growth allowed, such as 0.10
     * @return one comparison per group, in a stable order
     */
    public static List<Comparison> check(List<BenchmarkResult> results, double tolerance) {
        Map<String, TreeMap<Long, Double>> groups = new TreeMap<>();
        for (BenchmarkResult r : results) {
            if (r.bytes("fileSize").isEmpty() || r.minMetric(BenchmarkResult.ALLOC_NORM).isEmpty()) {
                continue;
            }
            long fileSize = r.bytes("fileSize").get();
            if (fileSize < r.bytes("chunkSize").orElse(0L)) {
                continue;
            }
            groups.computeIfAbsent(groupOf(r), k -> new TreeMap<>())
                    .put(fileSize, r.minMetric(BenchmarkResult.ALLOC_NORM).get());
        }
        List<Comparison> comparisons = new ArrayList<>();
        groups.forEach((group, bySize) -> {
            if (bySize.size() < 2) {
                return;
            }
            Map.Entry<Long, Double> small = bySize.firstEntry();
            Map.Entry<Long, Double> large = bySize.lastEntry();
            boolean passed = large.getValue() <= small.getValue() * (1 + tolerance);
            comparisons.add(new Comparison(group, small.getKey(), small.getValue(), large.getKey(),
                    large.getValue(), passed));
        });
        comparisons.sort(Comparator.comparing(Comparison::group));
        return comparisons;
    }

    /**
     * Leaves out the benchmarks in {@link #GROWING_BY_DESIGN} and the {@link #REFERENCES}.
     *
     * @param results any results
     * @return the results of the store's benchmarks that promise allocation independent of the
     *     file size
     */
    public static List<BenchmarkResult> promisedFlat(List<BenchmarkResult> results) {
        return results.stream()
                .filter(r -> !GROWING_BY_DESIGN.contains(r.className()) && !REFERENCES.contains(r.benchmark()))
                .toList();
    }

    private static String groupOf(BenchmarkResult r) {
        Map<String, String> others = new LinkedHashMap<>(new TreeMap<>(r.params()));
        others.remove("fileSize");
        StringBuilder sb = new StringBuilder(r.benchmark());
        others.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        r.maxHeap().ifPresent(x -> sb.append(" -Xmx").append(x));
        if (r.threads() != 1) {
            sb.append(" threads=").append(r.threads());
        }
        return sb.toString();
    }

    /**
     * Checks JMH JSON result files and exits with status 1 if any group fails, 2 if nothing could
     * be compared.
     *
     * @param args the result files
     * @throws IOException if a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        List<BenchmarkResult> results = new ArrayList<>();
        for (String file : args) {
            results.addAll(BenchmarkResult.read(Path.of(file)));
        }
        System.exit(run(results));
    }

    /**
     * Checks the results of benchmarks that {@linkplain #promisedFlat promise} flat allocation,
     * prints the comparisons and returns the exit status {@link #main} uses.
     *
     * @param results the results to check
     * @return 0 if all groups pass, 1 if one fails, 2 if nothing could be compared
     */
    public static int run(List<BenchmarkResult> results) {
        List<Comparison> comparisons = check(promisedFlat(results), DEFAULT_TOLERANCE);
        comparisons.forEach(System.out::println);
        long failed = comparisons.stream().filter(c -> !c.passed()).count();
        if (comparisons.isEmpty()) {
            System.out.println("allocation check: nothing to compare (run with -prof gc and at least"
                    + " two file sizes of one chunk or more)");
            return 2;
        }
        System.out.printf(Locale.ROOT, "allocation check: %d groups, %d failed (tolerance %.0f%%)%n",
                comparisons.size(), failed, 100 * DEFAULT_TOLERANCE);
        return failed == 0 ? 0 : 1;
    }
}
