package io.vidstore.benchmarks.report;

import io.vidstore.benchmarks.ByteSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Small files as a BLOB in the database or as a file on disk: operations per second of saves and
 * opens for each size, the evidence for the store's default inline limit.
 */
final class SmallFilesSection implements Section {

    static final String SAVE = "SmallFileBenchmark.save";
    static final String OPEN = "SmallFileBenchmark.open";

    @Override
    public void write(Results results, Markdown md, Path dir) throws IOException {
        if (results.select(OPEN, null, Map.of()).isEmpty()) {
            return;
        }
        md.heading(2, "Small files: BLOB or file");
        md.paragraph("Operations per second for non-video files kept in the database (`storage=blob`,"
                + " inline limit at its maximum) or on disk (`storage=file`, inline limit 0). A save"
                + " declares its size and is durable when it returns (the file path forces the file"
                + " and its directory; both commit a WAL transaction with `synchronous=FULL`). An open"
                + " copies the whole file to a discarding stream. Ratios above 1 favour the BLOB.");
        List<List<String>> rows = new ArrayList<>();
        LineChart chart = new LineChart("Small files: operations per second", "file size", "ops/s",
                x -> ByteSize.format((long) x), Units::significant);
        List<LineChart.Point> saveBlob = new ArrayList<>();
        List<LineChart.Point> saveFile = new ArrayList<>();
        List<LineChart.Point> openBlob = new ArrayList<>();
        List<LineChart.Point> openFile = new ArrayList<>();
        for (String size : results.sizes(OPEN, "fileSize")) {
            Optional<BenchmarkResult> sb = results.one(SAVE, Map.of("fileSize", size, "storage", "blob"));
            Optional<BenchmarkResult> sf = results.one(SAVE, Map.of("fileSize", size, "storage", "file"));
            Optional<BenchmarkResult> ob = results.one(OPEN, Map.of("fileSize", size, "storage", "blob"));
            Optional<BenchmarkResult> of = results.one(OPEN, Map.of("fileSize", size, "storage", "file"));
            rows.add(List.of(size, ops(sb), ops(sf), ratio(sb, sf), ops(ob), ops(of), ratio(ob, of),
                    alloc(sb), alloc(ob)));
            double x = ByteSize.parse(size);
            saveBlob.add(new LineChart.Point(x, sb.map(BenchmarkResult::opsPerSecond).orElse(Double.NaN)));
            saveFile.add(new LineChart.Point(x, sf.map(BenchmarkResult::opsPerSecond).orElse(Double.NaN)));
            openBlob.add(new LineChart.Point(x, ob.map(BenchmarkResult::opsPerSecond).orElse(Double.NaN)));
            openFile.add(new LineChart.Point(x, of.map(BenchmarkResult::opsPerSecond).orElse(Double.NaN)));
        }
        chart.add("open, BLOB", openBlob, false).add("open, file", openFile, true)
                .add("save, BLOB", saveBlob, false).add("save, file", saveFile, true);
        if (!chart.isEmpty()) {
            Files.writeString(dir.resolve("small-files.svg"), chart.toSvg());
            md.image("small files: operations per second", "small-files.svg");
        }
        md.table(List.of("fileSize", "save BLOB", "save file", "BLOB ÷ file", "open BLOB", "open file",
                "BLOB ÷ file", "allocated per BLOB save", "allocated per BLOB open"), rows);
    }

    private static String ops(Optional<BenchmarkResult> r) {
        return r.map(x -> Units.significant(x.opsPerSecond()) + " ops/s").orElse("n/a");
    }

    private static String ratio(Optional<BenchmarkResult> blob, Optional<BenchmarkResult> file) {
        return blob.isPresent() && file.isPresent()
                ? Units.ratio(blob.get().opsPerSecond() / file.get().opsPerSecond()) : "n/a";
    }

    private static String alloc(Optional<BenchmarkResult> r) {
        return r.flatMap(x -> x.metric(BenchmarkResult.ALLOC_NORM)).map(Units::bytes).orElse("n/a");
    }
}
