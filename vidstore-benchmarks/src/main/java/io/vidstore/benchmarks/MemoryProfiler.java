package io.vidstore.benchmarks;

import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that adds the fork's peak heap after garbage collection ({@value #HEAP}) and its
 * peak resident set size ({@value #RSS}) to every iteration's results, so that a bounded-heap run
 * proves how much memory it really needed. Use it with {@code -prof
 * io.vidstore.benchmarks.MemoryProfiler}.
 *
 * <p>JMH runs internal profilers inside the forked JVM that runs the benchmark, so both numbers are
 * the fork's own. Both are peaks since the fork started, so an iteration's value includes the
 * iterations before it; the run's result is their maximum.
 */
public final class MemoryProfiler implements InternalProfiler {

    /** The name of the peak-heap-after-GC result, in bytes. */
    public static final String HEAP = "mem.heap.afterGc.peak";

    /** The name of the peak-RSS result, in bytes. */
    public static final String RSS = "mem.rss.peak";

    /** Creates the profiler; JMH calls this. */
    public MemoryProfiler() {
    }

    @Override
    public String getDescription() {
        return "peak heap after GC and peak RSS of the benchmark's fork";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        HeapAfterGc.watch();
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        return List.of(
                new ScalarResult(HEAP, HeapAfterGc.peakBytes(), "bytes", AggregationPolicy.MAX),
                new ScalarResult(RSS, ResidentSetSize.peakBytes(), "bytes", AggregationPolicy.MAX));
    }
}
