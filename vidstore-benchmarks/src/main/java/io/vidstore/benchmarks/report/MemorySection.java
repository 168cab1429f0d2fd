package io.vidstore.benchmarks.report;

import io.vidstore.benchmarks.ByteSize;
import io.vidstore.benchmarks.MemoryProfiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Constant memory: bytes allocated per save, read and transfer against the file size, one line
 * per chunk size (flat lines are the proof), the allocation check, and the bounded-heap forks.
 */
final class MemorySection implements Section {

    static final List<String> OPERATIONS = List.of("SaveBenchmark.save", "ReadBenchmark.inputStream",
            "ReadBenchmark.transferTo");

    @Override
    public void write(Results results, Markdown md, Path dir) throws IOException {
        if (results.select("SaveBenchmark.save", null, Map.of()).isEmpty()) {
            return;
        }
        md.heading(2, "Constant memory: bytes allocated per operation");
        md.paragraph("`gc.alloc.rate.norm` from JMH's GC profiler: heap bytes allocated by one whole"
                + " save, or one open plus read to the end, of a file of the given size (single-shot"
                + " iterations; the smallest over the measured iterations, since one-off allocations"
                + " such as the trial's tear-down only add). Lines that stay flat as the file grows"
                + " are the proof that nothing buffers the file.");
        List<String> fileSizes = results.sizes("SaveBenchmark.save", "fileSize");
        List<String> header = new ArrayList<>(List.of("operation", "chunkSize"));
        fileSizes.forEach(header::add);
        List<List<String>> rows = new ArrayList<>();
        for (String op : OPERATIONS) {
            LineChart chart = new LineChart("Bytes allocated per " + op, "file size",
                    "bytes allocated per operation", x -> ByteSize.format((long) x), Units::bytes);
            for (String chunk : results.sizes(op, "chunkSize")) {
                List<String> row = new ArrayList<>(List.of(op, chunk));
                List<LineChart.Point> points = new ArrayList<>();
                for (String size : fileSizes) {
                    double alloc = results.one(op, Map.of("chunkSize", chunk, "fileSize", size))
                            .flatMap(r -> r.minMetric(BenchmarkResult.ALLOC_NORM))
                            .orElse(Double.NaN);
                    row.add(Units.bytes(alloc));
                    points.add(new LineChart.Point(ByteSize.parse(size), alloc));
                }
                rows.add(row);
                chart.add("chunk " + chunk, points, false);
            }
            String file = "allocation-" + op.substring(op.indexOf('.') + 1) + ".svg";
            if (!chart.isEmpty()) {
                Files.writeString(dir.resolve(file), chart.toSvg());
                md.image("bytes allocated per " + op, file);
            }
        }
        md.table(header, rows);

        md.heading(3, "Allocation check");
        md.paragraph("Fails when allocation per operation at the largest file size exceeds that at"
                + " the smallest by more than 10%, comparing only file sizes of at least one chunk"
                + " (below that the store rightly allocates a buffer only as large as the file). Small"
                + " files and the naive baseline grow by design and are not checked.");
        List<String> lines = new ArrayList<>();
        for (AllocationCheck.Comparison c : AllocationCheck.check(
                AllocationCheck.promisedFlat(results.all()), AllocationCheck.DEFAULT_TOLERANCE)) {
            lines.add("- " + c);
        }
        md.lines(lines.isEmpty() ? List.of("- nothing to compare") : lines);
        writeBoundedHeap(results, md);
    }

    private static void writeBoundedHeap(Results results, Markdown md) {
        List<BenchmarkResult> bounded = results.all().stream().filter(r -> r.maxHeap().isPresent()).toList();
        if (bounded.isEmpty()) {
            return;
        }
        md.heading(3, "Bounded heap");
        md.paragraph("The same benchmarks in a fork started with a small `-Xmx`. A row is only here"
                + " if every operation succeeded. Peak heap after GC and peak RSS come from this"
                + " module's `MemoryProfiler` (GC notifications; `VmHWM` of `/proc/self/status`).");
        List<List<String>> rows = new ArrayList<>();
        for (BenchmarkResult r : bounded) {
            long size = r.bytes("fileSize").orElse(0L);
            rows.add(List.of(r.benchmark(), "-Xmx" + r.maxHeap().orElseThrow(),
                    r.params().getOrDefault("chunkSize", "-"), r.params().getOrDefault("fileSize", "-"),
                    Units.mibPerSecond(size / r.secondsPerOp()),
                    Units.bytes(r.metric(BenchmarkResult.ALLOC_NORM).orElse(Double.NaN)),
                    Units.bytes(r.metric(MemoryProfiler.HEAP).orElse(Double.NaN)),
                    Units.bytes(r.metric(MemoryProfiler.RSS).orElse(Double.NaN))));
        }
        md.table(List.of("operation", "heap", "chunkSize", "fileSize", "throughput", "allocated per op",
                "peak heap after GC", "peak RSS"), rows);
    }
}
