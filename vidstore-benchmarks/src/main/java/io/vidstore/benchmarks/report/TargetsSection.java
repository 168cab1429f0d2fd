package io.vidstore.benchmarks.report;

import io.vidstore.benchmarks.ByteSize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The design's targets next to what this run measured, as ratios within the run: allocation
 * independent of file size, save at 0.9× {@code Files.copy} or better, read at 0.9× a raw {@code
 * FileChannel} or better, and small files opened from a BLOB at least as fast as from a file.
 */
final class TargetsSection implements Section {

    @Override
    public void write(Results results, Markdown md, Path dir) {
        List<List<String>> rows = new ArrayList<>();
        List<AllocationCheck.Comparison> checks =
                AllocationCheck.check(AllocationCheck.promisedFlat(results.all()),
                        AllocationCheck.DEFAULT_TOLERANCE);
        if (!checks.isEmpty()) {
            long failed = checks.stream().filter(c -> !c.passed()).count();
            double worst = checks.stream().mapToDouble(AllocationCheck.Comparison::growth).max().orElse(0);
            rows.add(List.of("bytes allocated per op independent of file size (within 10%)",
                    String.format(java.util.Locale.ROOT, "%d of %d groups within 10%%; largest growth %+.1f%%",
                            checks.size() - failed, checks.size(), 100 * worst),
                    failed == 0 ? "met" : "missed"));
        }
        ratioRow(results, rows, "save ≥ 0.9 × Files.copy + fsync", ThroughputSection.SAVE,
                ThroughputSection.COPY, false);
        ratioRow(results, rows, "read (transferTo) ≥ 0.9 × raw FileChannel", ThroughputSection.TRANSFER_TO,
                ThroughputSection.CHANNEL, true);
        ratioRow(results, rows, "read (inputStream) ≥ 0.9 × raw FileChannel", ThroughputSection.INPUT_STREAM,
                ThroughputSection.CHANNEL, true);
        smallFileRow(results, rows);
        if (rows.isEmpty()) {
            return;
        }
        md.heading(2, "Targets");
        md.table(List.of("target", "measured in this run", "verdict"), rows);
    }

    /** Ratios at the largest file size, one per chunk size. */
    private static void ratioRow(Results results, List<List<String>> rows, String target,
            String benchmark, String reference, boolean referenceHasChunk) {
        List<String> sizes = results.sizes(benchmark, "fileSize");
        if (sizes.isEmpty()) {
            return;
        }
        String largest = sizes.get(sizes.size() - 1);
        List<String> parts = new ArrayList<>();
        boolean met = true;
        for (String chunk : results.sizes(benchmark, "chunkSize")) {
            Map<String, String> params = Map.of("chunkSize", chunk, "fileSize", largest);
            Optional<Double> value = ThroughputSection.rate(results, benchmark, params);
            Optional<Double> ref = ThroughputSection.rate(results, reference,
                    referenceHasChunk ? params : Map.of("fileSize", largest));
            if (value.isPresent() && ref.isPresent()) {
                double ratio = value.get() / ref.get();
                met &= ratio >= 0.9;
                parts.add(chunk + " chunks: " + Units.ratio(ratio));
            }
        }
        if (!parts.isEmpty()) {
            rows.add(List.of(target, largest + " files, " + String.join(", ", parts),
                    met ? "met" : "missed"));
        }
    }

    private static void smallFileRow(Results results, List<List<String>> rows) {
        List<String> parts = new ArrayList<>();
        boolean met = true;
        for (String size : results.sizes(SmallFilesSection.OPEN, "fileSize")) {
            if (ByteSize.parse(size) > 64 << 10) {
                continue;
            }
            Optional<BenchmarkResult> blob = results.one(SmallFilesSection.OPEN, Map.of("fileSize", size, "storage", "blob"));
            Optional<BenchmarkResult> file = results.one(SmallFilesSection.OPEN, Map.of("fileSize", size, "storage", "file"));
            if (blob.isPresent() && file.isPresent()) {
                double ratio = blob.get().opsPerSecond() / file.get().opsPerSecond();
                met &= ratio >= 1;
                parts.add(size + ": " + Units.ratio(ratio));
            }
        }
        if (!parts.isEmpty()) {
            rows.add(List.of("small-file (≤ 64 KiB) open from BLOB ≥ from a file",
                    parts.stream().collect(Collectors.joining(", ")), met ? "met" : "missed"));
        }
    }
}
