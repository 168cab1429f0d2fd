package io.vidstore.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * JMH JSON results recorded on a real run of this module (trimmed to a few parameters), kept under
 * {@code src/test/resources/jmh/}: {@code flat-save.json} (SaveBenchmark, flat allocation), {@code
 * growing-naive.json} (NaiveBlobBenchmark, allocation that grows with the file) and {@code
 * small-files.json} (SmallFileBenchmark).
 */
final class Samples {

    static final List<String> ALL = List.of("flat-save.json", "growing-naive.json", "small-files.json");

    private Samples() {
    }

    static String text(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/jmh/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /jmh/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<BenchmarkResult> results(String name) {
        return BenchmarkResult.parse(text(name));
    }

    /** Copies all samples into a directory, as a suite run would have left them. */
    static void copyAll(Path dir) throws IOException {
        for (String name : ALL) {
            Files.writeString(dir.resolve(name), text(name));
        }
    }
}
