package io.vidstore.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Aggregate save and read throughput of one store shared by 1, 2, 4 and 8 threads. */
final class ConcurrencySection implements Section {

    static final String SAVE = "ConcurrentBenchmark.save";
    static final String READ = "ConcurrentBenchmark.read";

    @Override
    public void write(Results results, Markdown md, Path dir) throws IOException {
        List<BenchmarkResult> all = new ArrayList<>(results.select(SAVE, null, Map.of()));
        all.addAll(results.select(READ, null, Map.of()));
        if (all.isEmpty()) {
            return;
        }
        md.heading(2, "Concurrency");
        md.paragraph("One store shared by several threads: every thread saves its own video, or all"
                + " read the same stored video with `transferTo`. Aggregate MiB/s = operations per"
                + " second of all threads × file size (" + all.get(0).params().get("fileSize")
                + ", chunk size " + all.get(0).params().get("chunkSize") + ").");
        TreeSet<Integer> threads = new TreeSet<>();
        all.forEach(r -> threads.add(r.threads()));
        List<List<String>> rows = new ArrayList<>();
        List<LineChart.Point> saves = new ArrayList<>();
        List<LineChart.Point> reads = new ArrayList<>();
        for (int t : threads) {
            Optional<Double> save = rate(all, SAVE, t);
            Optional<Double> read = rate(all, READ, t);
            rows.add(List.of(String.valueOf(t), ThroughputSection.mib(save), ThroughputSection.mib(read)));
            saves.add(new LineChart.Point(t, save.orElse(Double.NaN) / (1 << 20)));
            reads.add(new LineChart.Point(t, read.orElse(Double.NaN) / (1 << 20)));
        }
        LineChart chart = new LineChart("Aggregate throughput against threads", "threads", "MiB/s",
                x -> String.valueOf((long) x), Units::significant)
                .linearY().add("save", saves, false).add("read", reads, false);
        if (!chart.isEmpty()) {
            Files.writeString(dir.resolve("concurrency.svg"), chart.toSvg());
            md.image("aggregate throughput against threads", "concurrency.svg");
        }
        md.table(List.of("threads", "save", "read"), rows);
    }

    private static Optional<Double> rate(List<BenchmarkResult> all, String benchmark, int threads) {
        return all.stream()
                .filter(r -> r.benchmark().equals(benchmark) && r.threads() == threads)
                .max(Comparator.comparingDouble(BenchmarkResult::score))
                .map(r -> r.opsPerSecond() * r.bytes("fileSize").orElseThrow());
    }
}
