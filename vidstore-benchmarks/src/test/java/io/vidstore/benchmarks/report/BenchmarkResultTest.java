package io.vidstore.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchmarkResultTest {

    @Test
    void readsARecordedSingleShotRun() {
        List<BenchmarkResult> results = Samples.results("flat-save.json");
        BenchmarkResult first = results.get(0);
        assertEquals("SaveBenchmark.save", first.benchmark());
        assertEquals("SaveBenchmark", first.className());
        assertEquals("save", first.method());
        assertEquals("ss", first.mode());
        assertEquals(1, first.threads());
        assertEquals("ms/op", first.scoreUnit());
        assertEquals(Optional.of(64L << 10), first.bytes("chunkSize"));
        assertEquals(Optional.empty(), first.bytes("storage"));
        assertTrue(first.metric(BenchmarkResult.ALLOC_NORM).orElseThrow() > 0);
        assertTrue(first.metric("mem.rss.peak").orElseThrow() > 0);
        assertEquals(first.score() / 1000, first.secondsPerOp(), 1e-12);
        assertEquals(1 / first.secondsPerOp(), first.opsPerSecond(), 1e-9);
    }

    @Test
    void takesTheSmallestIterationOfAMetric() {
        BenchmarkResult first = Samples.results("flat-save.json").get(0);
        double min = first.minMetric(BenchmarkResult.ALLOC_NORM).orElseThrow();
        assertTrue(min > 0 && min <= first.metric(BenchmarkResult.ALLOC_NORM).orElseThrow());
        // One iteration with a one-off allocation spike does not move the minimum past the others.
        String spiked = Samples.text("flat-save.json").replaceFirst(
                "(?s)(\"gc\\.alloc\\.rate\\.norm\".*?\"rawData\"\\s*:\\s*\\[\\s*\\[\\s*)[0-9.E]+", "$19.9E9");
        double spikedMin = BenchmarkResult.parse(spiked).get(0).minMetric(BenchmarkResult.ALLOC_NORM).orElseThrow();
        assertTrue(spikedMin >= min && spikedMin < 1e9, String.valueOf(spikedMin));
    }

    @Test
    void readsARecordedThroughputRun() {
        BenchmarkResult first = Samples.results("small-files.json").get(0);
        assertEquals("ops/s", first.scoreUnit());
        assertEquals(first.score(), first.opsPerSecond());
        assertThrows(IllegalStateException.class, first::secondsPerOp);
    }

    @Test
    void findsTheForksHeapLimit() {
        String json = Samples.text("flat-save.json").replace("\"jvmArgs\" : [", "\"jvmArgs\" : [\"-Xmx64m\", ");
        assertEquals(Optional.of("64m"), BenchmarkResult.parse(json).get(0).maxHeap());
        assertEquals(Optional.empty(), Samples.results("flat-save.json").get(0).maxHeap());
    }

    @Test
    void stripsTheMiddleDotOfOlderJmhVersions() {
        String json = Samples.text("flat-save.json").replace("\"gc.alloc.rate.norm\"", "\"\u00b7gc.alloc.rate.norm\"");
        assertTrue(BenchmarkResult.parse(json).get(0).metric(BenchmarkResult.ALLOC_NORM).isPresent());
    }

    @Test
    void refusesWhatIsNotAResultFile() {
        assertThrows(IllegalArgumentException.class, () -> BenchmarkResult.parse("{}"));
    }
}
