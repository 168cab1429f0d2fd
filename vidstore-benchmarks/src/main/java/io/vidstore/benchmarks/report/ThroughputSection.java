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
 * Speed against the machine's own limits, measured in the same run: saves against {@code
 * Files.copy} plus {@code fsync}, reads against a raw {@code FileChannel} read of the same file.
 */
final class ThroughputSection implements Section {

    static final String SAVE = "SaveBenchmark.save";
    static final String COPY = "FilesCopyBenchmark.filesCopyAndFsync";
    static final String INPUT_STREAM = "ReadBenchmark.inputStream";
    static final String TRANSFER_TO = "ReadBenchmark.transferTo";
    static final String CHANNEL = "ReadBenchmark.fileChannelReference";

    @Override
    public void write(Results results, Markdown md, Path dir) throws IOException {
        if (results.select(SAVE, null, Map.of()).isEmpty()) {
            return;
        }
        md.heading(2, "Throughput against the disk");
        md.paragraph("Bytes per second of one whole operation (file size ÷ time per operation)."
                + " References run in the same run on the same disk: `Files.copy(InputStream, Path)`"
                + " plus `fsync` for saves, and a raw `FileChannel` read into a direct buffer of"
                + " `chunkSize` bytes for reads. The targets are 0.9× each.");
        writeSaves(results, md, dir);
        writeReads(results, md, dir);
    }

    private static void writeSaves(Results results, Markdown md, Path dir) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        LineChart chart = new LineChart("Save throughput against chunk size", "chunk size",
                "MiB/s", x -> ByteSize.format((long) x), y -> Units.significant(y));
        for (String size : results.sizes(SAVE, "fileSize")) {
            Optional<Double> reference = rate(results, COPY, Map.of("fileSize", size));
            List<LineChart.Point> points = new ArrayList<>();
            List<LineChart.Point> referencePoints = new ArrayList<>();
            for (String chunk : results.sizes(SAVE, "chunkSize")) {
                Optional<Double> save = rate(results, SAVE, Map.of("chunkSize", chunk, "fileSize", size));
                rows.add(List.of(size, chunk, mib(save), mib(reference), ratio(save, reference)));
                points.add(new LineChart.Point(ByteSize.parse(chunk), save.orElse(Double.NaN) / (1 << 20)));
                referencePoints.add(new LineChart.Point(ByteSize.parse(chunk),
                        reference.orElse(Double.NaN) / (1 << 20)));
            }
            chart.add("save " + size, points, false);
            chart.add("Files.copy " + size, referencePoints, true);
        }
        md.heading(3, "Save");
        if (!chart.isEmpty()) {
            Files.writeString(dir.resolve("throughput-save.svg"), chart.linearY().toSvg());
            md.image("save throughput against chunk size", "throughput-save.svg");
        }
        md.table(List.of("fileSize", "chunkSize", "vidstore save", "Files.copy + fsync", "ratio"), rows);
    }

    private static void writeReads(Results results, Markdown md, Path dir) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> sizes = results.sizes(TRANSFER_TO, "fileSize");
        String largest = sizes.isEmpty() ? null : sizes.get(sizes.size() - 1);
        LineChart chart = new LineChart("Read throughput against chunk size, " + largest + " file",
                "chunk size", "MiB/s", x -> ByteSize.format((long) x), y -> Units.significant(y));
        List<LineChart.Point> streamPoints = new ArrayList<>();
        List<LineChart.Point> transferPoints = new ArrayList<>();
        List<LineChart.Point> channelPoints = new ArrayList<>();
        for (String size : sizes) {
            for (String chunk : results.sizes(TRANSFER_TO, "chunkSize")) {
                Map<String, String> params = Map.of("chunkSize", chunk, "fileSize", size);
                Optional<Double> stream = rate(results, INPUT_STREAM, params);
                Optional<Double> transfer = rate(results, TRANSFER_TO, params);
                Optional<Double> channel = rate(results, CHANNEL, params);
                rows.add(List.of(size, chunk, mib(stream), mib(transfer), mib(channel),
                        ratio(stream, channel), ratio(transfer, channel)));
                if (size.equals(largest)) {
                    double x = ByteSize.parse(chunk);
                    streamPoints.add(new LineChart.Point(x, stream.orElse(Double.NaN) / (1 << 20)));
                    transferPoints.add(new LineChart.Point(x, transfer.orElse(Double.NaN) / (1 << 20)));
                    channelPoints.add(new LineChart.Point(x, channel.orElse(Double.NaN) / (1 << 20)));
                }
            }
        }
        md.heading(3, "Read");
        chart.add("inputStream()", streamPoints, false)
                .add("transferTo()", transferPoints, false)
                .add("FileChannel (reference)", channelPoints, true);
        if (!chart.isEmpty()) {
            Files.writeString(dir.resolve("throughput-read.svg"), chart.linearY().toSvg());
            md.image("read throughput against chunk size", "throughput-read.svg");
        }
        md.table(List.of("fileSize", "chunkSize", "inputStream()", "transferTo()", "FileChannel",
                "inputStream ÷ FileChannel", "transferTo ÷ FileChannel"), rows);
    }

    /** Bytes per second of a single-shot benchmark with a {@code fileSize} parameter. */
    static Optional<Double> rate(Results results, String benchmark, Map<String, String> params) {
        return results.one(benchmark, params)
                .map(r -> r.bytes("fileSize").orElseThrow() / r.secondsPerOp());
    }

    static String mib(Optional<Double> bytesPerSecond) {
        return bytesPerSecond.map(Units::mibPerSecond).orElse("n/a");
    }

    static String ratio(Optional<Double> value, Optional<Double> reference) {
        return value.isPresent() && reference.isPresent() ? Units.ratio(value.get() / reference.get()) : "n/a";
    }
}
