package io.vidstore.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocationCheckTest {

    @Test
    void passesARecordedRunWhoseAllocationIsFlat() {
        List<AllocationCheck.Comparison> comparisons =
                AllocationCheck.check(Samples.results("flat-save.json"), AllocationCheck.DEFAULT_TOLERANCE);
        assertFalse(comparisons.isEmpty());
        comparisons.forEach(c -> assertTrue(c.passed(), c.toString()));
        assertEquals(0, AllocationCheck.run(Samples.results("flat-save.json")));
    }

    @Test
    void failsARecordedRunThatBuffersWholeFiles() {
        List<AllocationCheck.Comparison> comparisons =
                AllocationCheck.check(Samples.results("growing-naive.json"), AllocationCheck.DEFAULT_TOLERANCE);
        assertFalse(comparisons.isEmpty());
        comparisons.forEach(c -> assertFalse(c.passed(), c.toString()));
        assertTrue(comparisons.get(0).toString().startsWith("FAIL"));
    }

    @Test
    void runChecksOnlyWhatPromisesFlatAllocation() {
        // The naive baseline grows by design, so a run of it alone has nothing to compare.
        assertEquals(2, AllocationCheck.run(Samples.results("growing-naive.json")));
        assertEquals(2, AllocationCheck.run(Samples.results("small-files.json")));
        assertEquals(1, AllocationCheck.run(List.of(result("8MiB", "64KiB", 100), result("64MiB", "64KiB", 200))));
    }

    @Test
    void allowsExactlyTheTolerance() {
        assertTrue(check(100, 110).passed());
        assertFalse(check(100, 110.5).passed());
        assertTrue(check(100, 50).passed());
    }

    @Test
    void comparesOnlyFilesOfAtLeastOneChunk() {
        // At 1 MiB with 8 MiB chunks the buffer is only as large as the file.
        List<BenchmarkResult> results = List.of(
                result("1MiB", "8MiB", 1 << 20), result("8MiB", "8MiB", 8 << 20),
                result("64MiB", "8MiB", 8 << 20));
        AllocationCheck.Comparison c = AllocationCheck.check(results, 0.10).get(0);
        assertEquals(8L << 20, c.smallFile());
        assertTrue(c.passed());
    }

    @Test
    void keepsGroupsApartAndSkipsGroupsWithOneSize() {
        List<BenchmarkResult> results = List.of(
                result("8MiB", "64KiB", 100), result("64MiB", "64KiB", 100),
                result("8MiB", "1MiB", 100), result("64MiB", "1MiB", 500),
                result("64MiB", "32MiB", 100));
        List<AllocationCheck.Comparison> comparisons = AllocationCheck.check(results, 0.10);
        assertEquals(2, comparisons.size());
        assertEquals("SaveBenchmark.save chunkSize=1MiB", comparisons.get(0).group());
        assertFalse(comparisons.get(0).passed());
        assertTrue(comparisons.get(1).passed());
    }

    @Test
    void reportsNothingToCompare() {
        assertEquals(2, AllocationCheck.run(List.of()));
    }

    private static AllocationCheck.Comparison check(double small, double large) {
        return AllocationCheck.check(List.of(result("16MiB", "1MiB", small), result("1GiB", "1MiB", large)), 0.10).get(0);
    }

    @Test
    void leavesOutTheJdkReferencesButNotTheStore() {
        List<BenchmarkResult> references = List.of(
                result("ReadBenchmark.fileChannelReference", "8MiB", "1MiB", 37_000),
                result("ReadBenchmark.fileChannelReference", "64MiB", "1MiB", 48_000));
        assertEquals(2, AllocationCheck.run(references));
        assertEquals(1, AllocationCheck.run(List.of(result("ReadBenchmark.transferTo", "8MiB", "1MiB", 37_000),
                result("ReadBenchmark.transferTo", "64MiB", "1MiB", 48_000))));
    }

    private static BenchmarkResult result(String fileSize, String chunkSize, double alloc) {
        return result("SaveBenchmark.save", fileSize, chunkSize, alloc);
    }

    private static BenchmarkResult result(String benchmark, String fileSize, String chunkSize, double alloc) {
        return new BenchmarkResult(benchmark, "ss", 1, List.of(),
                Map.of("fileSize", fileSize, "chunkSize", chunkSize), 1, 0, "ms/op",
                Map.of(BenchmarkResult.ALLOC_NORM, alloc), Map.of(BenchmarkResult.ALLOC_NORM, alloc));
    }
}
