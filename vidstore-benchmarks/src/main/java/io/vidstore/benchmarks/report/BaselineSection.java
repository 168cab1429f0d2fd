package io.vidstore.benchmarks.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The naive baseline (whole file in a {@code byte[]}, stored as and read from a BLOB) next to
 * vidstore at the same file size and the store's default chunk size: the contrast users care about.
 */
final class BaselineSection implements Section {

    private static final String DEFAULT_CHUNK = "8MiB";

    @Override
    public void write(Results results, Markdown md, Path dir) {
        if (results.select("NaiveBlobBenchmark.naiveSave", null, Map.of()).isEmpty()) {
            return;
        }
        md.heading(2, "Against the naive baseline");
        md.paragraph("The application vidstore replaces read each upload into a `byte[]`, stored it"
                + " as a BLOB and read it back whole. vidstore is shown at its default chunk size of"
                + " 8 MiB where the run measured it. SQLite refuses BLOBs over 1,000,000,000 bytes, so"
                + " the naive way cannot store 1 GiB at all.");
        List<List<String>> rows = new ArrayList<>();
        for (String size : results.sizes("NaiveBlobBenchmark.naiveSave", "fileSize")) {
            rows.add(row("save", size, results.one("NaiveBlobBenchmark.naiveSave", Map.of("fileSize", size)),
                    results.one("SaveBenchmark.save", Map.of("fileSize", size, "chunkSize", DEFAULT_CHUNK))));
            rows.add(row("open + read", size, results.one("NaiveBlobBenchmark.naiveOpen", Map.of("fileSize", size)),
                    results.one("ReadBenchmark.transferTo", Map.of("fileSize", size, "chunkSize", DEFAULT_CHUNK))));
        }
        md.table(List.of("operation", "fileSize", "naive time", "naive allocated per op",
                "vidstore time", "vidstore allocated per op"), rows);
    }

    private static List<String> row(String op, String size, Optional<BenchmarkResult> naive,
            Optional<BenchmarkResult> vidstore) {
        return List.of(op, size, time(naive), alloc(naive), time(vidstore), alloc(vidstore));
    }

    private static String time(Optional<BenchmarkResult> r) {
        return r.map(x -> Units.significant(x.secondsPerOp() * 1000) + " ms").orElse("n/a");
    }

    private static String alloc(Optional<BenchmarkResult> r) {
        return r.flatMap(x -> x.metric(BenchmarkResult.ALLOC_NORM)).map(Units::bytes).orElse("n/a");
    }
}
