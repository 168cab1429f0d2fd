package io.vidstore.benchmarks;

import io.vidstore.benchmarks.report.AllocationCheck;
import io.vidstore.benchmarks.report.BenchmarkResult;
import io.vidstore.benchmarks.report.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmark suite, writes one JMH JSON file per run, the report and its charts, and then
 * the allocation check. The module's {@code benchmarks} profile calls it:
 *
 * <pre>
 * mvn -pl vidstore-benchmarks -am -P benchmarks verify          # full, into vidstore-benchmarks/results/
 * mvn -pl vidstore-benchmarks -am -P benchmarks,quick verify    # quick, into vidstore-benchmarks/target/benchmark-results/
 * </pre>
 *
 * <p>It exits with status 1 if a run failed (for example a bounded-heap fork ran out of memory) or
 * the allocation check failed, after writing everything it could.
 */
public final class Suite {

    private Suite() {
    }

    /**
     * Runs a mode of the suite.
     *
     * @param args the mode ({@code full} or {@code quick}), the results directory, the directory
     *     for the benchmarks' scratch files (on a real disk), and optionally a comma-separated list
     *     of the runs to repeat (such as {@code large-files}), keeping the others' results
     * @throws IOException if the results cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: Suite full|quick RESULTS_DIR DATA_DIR [RUN,RUN...]");
            System.exit(2);
        }
        // Naming runs repeats only those and keeps the other runs' JSON files for the report.
        Set<String> only = args.length == 4 ? Set.of(args[3].split(",")) : null;
        SuitePlan plan = SuitePlan.of(args[0]);
        Path results = Path.of(args[1]).toAbsolutePath();
        Path data = Path.of(args[2]).toAbsolutePath();
        Files.createDirectories(results);
        Files.createDirectories(data);

        List<String> failures = new ArrayList<>();
        for (SuitePlan.Run run : plan.runs()) {
            if (only != null && !only.contains(run.file())) {
                continue;
            }
            List<RunResult> runResults = new ArrayList<>();
            for (int threads : run.threads()) {
                try {
                    runResults.addAll(new Runner(options(run, threads, data).build()).run());
                } catch (RunnerException e) {
                    failures.add(run.file() + " with " + threads + " threads: " + e.getMessage());
                }
            }
            Path json = results.resolve(run.file() + ".json");
            try (PrintStream out = new PrintStream(Files.newOutputStream(json), true, StandardCharsets.UTF_8)) {
                ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(runResults);
            }
        }
        System.out.println("report: " + Report.write(results, data, plan.command()));
        int check = AllocationCheck.run(BenchmarkResult.readAll(results));
        failures.forEach(f -> System.err.println("FAILED: " + f));
        System.exit(failures.isEmpty() && check == 0 ? 0 : 1);
    }

    private static ChainedOptionsBuilder options(SuitePlan.Run run, int threads, Path data) {
        List<String> jvmArgs = new ArrayList<>(run.jvmArgs());
        jvmArgs.add("-D" + ScratchDirectory.PROPERTY + "=" + data);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(run.include())
                .threads(threads)
                // Prepended: a benchmark's own @Fork(jvmArgsAppend), such as HttpServeBenchmark's
                // TCP_NODELAY, stays; JMH replaces only the kind of argument list given here.
                .jvmArgsPrepend(jvmArgs.toArray(new String[0]))
                .addProfiler(GCProfiler.class)
                .addProfiler(MemoryProfiler.class)
                .shouldFailOnError(true);
        for (Map.Entry<String, List<String>> p : run.params().entrySet()) {
            options.param(p.getKey(), p.getValue().toArray(new String[0]));
        }
        if (run.warmupIterations() > 0) {
            options.warmupIterations(run.warmupIterations());
        }
        if (run.measurementIterations() > 0) {
            options.measurementIterations(run.measurementIterations());
        }
        if (run.forks() > 0) {
            options.forks(run.forks());
        }
        if (run.iterationSeconds() > 0) {
            options.warmupTime(TimeValue.seconds(run.iterationSeconds()))
                    .measurementTime(TimeValue.seconds(run.iterationSeconds()));
        }
        return options;
    }
}
