package io.vidstore.benchmarks;

import io.vidstore.api.MediaId;
import io.vidstore.api.MediaUpload;
import io.vidstore.ffmpeg.EncodingSpeed;
import io.vidstore.ffmpeg.Ffmpeg;
import io.vidstore.ffmpeg.RenderJob;
import io.vidstore.ffmpeg.RenderRequest;
import io.vidstore.ffmpeg.RenderResult;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the ffmpeg adapter: a render through {@link Ffmpeg#render(io.vidstore.api.MediaStore,
 * RenderRequest, Path)} against running the very command it runs (taken from {@link
 * RenderResult#command()}) directly with a {@link ProcessBuilder}, on the same stored video. The
 * adapter adds opening the media in the store, a job thread, checking the streams ffmpeg reports
 * for the video, two drained pipes, progress parsing and a move of the output. {@link #adapter()}
 * renders with a new {@link Ffmpeg} in every iteration, which knows nothing of the video, as in a
 * first render; {@link #adapterProbed()} renders with one that has probed the video before and
 * kept what it found (its command differs from the direct one in its log level only).
 *
 * <pre>java -jar vidstore-benchmarks/target/benchmarks.jar FfmpegOverheadBenchmark</pre>
 *
 * JMH runs all renders of one method before those of the other, so on a machine whose load
 * changes they may meet different conditions. {@link #main} measures the same pair interleaved
 * instead and reports the difference within each pair:
 *
 * <pre>java -cp vidstore-benchmarks/target/benchmarks.jar io.vidstore.benchmarks.FfmpegOverheadBenchmark 60 30</pre>
 *
 * Needs {@code ffmpeg} and {@code ffprobe} on the {@code PATH}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
public class FfmpegOverheadBenchmark {

    /**
     * How many seconds of 640x360 video at 30 fps to re-encode; the render's length follows (about
     * 5 s and 20 s on a 2-core machine).
     */
    @Param({"60", "240"})
    public int videoSeconds;

    private ScratchDirectory dir;
    private SqliteMediaStore store;
    /** New in each iteration: it has probed nothing. */
    private Ffmpeg ffmpeg;
    /** The trial's: it has probed the video before. */
    private Ffmpeg probedFfmpeg;
    private RenderRequest request;
    private List<String> direct;
    private Path adapterOut;

    /**
     * Generates the video with ffmpeg, stores it, renders it once through the adapter to learn the
     * command it runs, and probes it.
     *
     * @throws Exception if ffmpeg or the store fails
     */
    @Setup(Level.Trial)
    public void prepare() throws Exception {
        dir = ScratchDirectory.create("ffmpeg-");
        Path source = dir.path().resolve("source.mp4");
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=" + videoSeconds,
                "-f", "lavfi", "-i", "sine=frequency=440:duration=" + videoSeconds,
                "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest",
                source.toString()));
        store = SqliteMediaStore.open(dir.path().resolve("store"));
        MediaId video = store.adopt(MediaUpload.of("benchmark", "source.mp4", "video/mp4"), source).id();
        probedFfmpeg = Ffmpeg.locate();
        // A re-encode, so that the render is long enough for the adapter's cost to be a share of it.
        request = RenderRequest.builder(video).scaleToHeight(240).encodingSpeed(EncodingSpeed.BALANCED).build();
        adapterOut = dir.path().resolve("adapter.mp4");
        RenderResult<Path> first = probedFfmpeg.render(store, request, adapterOut).await();
        direct = new ArrayList<>(first.command());
        // The last argument is the adapter's temp output; the direct run writes a file of its own.
        direct.set(direct.size() - 1, "file:" + dir.path().resolve("direct.mp4"));
        probedFfmpeg.probe(store, video);
    }

    /**
     * Replaces the adapter of {@link #adapter()} with a new one, which has probed nothing yet.
     *
     * @throws Exception if ffmpeg or ffprobe cannot be found
     */
    @Setup(Level.Iteration)
    public void newAdapter() throws Exception {
        if (ffmpeg != null) {
            ffmpeg.close();
        }
        ffmpeg = Ffmpeg.locate();
    }

    /**
     * Renders through an adapter that has not probed the video before, as a first render.
     *
     * @return the output file
     * @throws Exception if the render fails
     */
    @Benchmark
    public Path adapter() throws Exception {
        return ffmpeg.render(store, request, adapterOut).await().output();
    }

    /**
     * Renders through an adapter that has probed the video before.
     *
     * @return the output file
     * @throws Exception if the render fails
     */
    @Benchmark
    public Path adapterProbed() throws Exception {
        return probedFfmpeg.render(store, request, adapterOut).await().output();
    }

    /**
     * Runs the same ffmpeg command directly.
     *
     * @return ffmpeg's exit code
     * @throws Exception if ffmpeg fails
     */
    @Benchmark
    public int direct() throws Exception {
        return run(direct);
    }

    /**
     * Renders through the adapter (a new one each round, as {@link #adapter()}) and runs the command
     * directly in turns (adapter first in one round, direct first in the next), and prints each pair
     * and the mean difference with its 95% confidence interval. On Linux it also prints the CPU time
     * each took, this JVM's and its children's together (from {@code /proc/self/stat}, in steps of
     * 10 ms), which other work on the machine disturbs less than wall time. Last, it prints the
     * median time the adapter spends on the critical path around ffmpeg: from the call to ffmpeg's
     * start, and from ffmpeg's exit to the result (watched through {@link RenderJob#pid()}, which
     * adds a little polling to the adapter's side).
     *
     * @param args the video's length in seconds (60 by default) and the number of rounds (30 by
     *     default); one warm-up round is not counted
     * @throws Exception if ffmpeg or the store fails
     */
    public static void main(String[] args) throws Exception {
        FfmpegOverheadBenchmark b = new FfmpegOverheadBenchmark();
        b.videoSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        b.prepare();
        try {
            b.newAdapter();
            b.adapter();
            b.direct();
            double[] adapter = new double[rounds];
            double[] direct = new double[rounds];
            double[] adapterCpu = new double[rounds];
            double[] directCpu = new double[rounds];
            double[] beforeFfmpeg = new double[rounds];
            double[] afterFfmpeg = new double[rounds];
            System.out.printf("videoSeconds=%d, %d rounds (ms)%n", b.videoSeconds, rounds);
            for (int i = 0; i < rounds; i++) {
                b.newAdapter();
                double[] a;
                double[] d;
                double[] around = new double[2];
                if (i % 2 == 0) {
                    a = millis(() -> b.watchedAdapter(around));
                    d = millis(b::direct);
                } else {
                    d = millis(b::direct);
                    a = millis(() -> b.watchedAdapter(around));
                }
                beforeFfmpeg[i] = around[0];
                afterFfmpeg[i] = around[1];
                adapter[i] = a[0];
                adapterCpu[i] = a[1];
                direct[i] = d[0];
                directCpu[i] = d[1];
                System.out.printf("round %2d  adapter %8.1f  direct %8.1f  difference %7.1f   cpu adapter %8.0f"
                        + "  direct %8.0f  difference %5.0f%n", i + 1, adapter[i], direct[i], adapter[i] - direct[i],
                        adapterCpu[i], directCpu[i], adapterCpu[i] - directCpu[i]);
            }
            double[] difference = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                difference[i] = adapter[i] - direct[i];
            }
            double meanDirect = mean(direct);
            double meanDifference = mean(difference);
            double halfWidth = studentT95(rounds - 1) * standardDeviation(difference) / Math.sqrt(rounds);
            double[] sorted = difference.clone();
            java.util.Arrays.sort(sorted);
            System.out.printf("adapter %.1f ± %.1f ms, direct %.1f ± %.1f ms (mean ± standard deviation)%n",
                    mean(adapter), standardDeviation(adapter), meanDirect, standardDeviation(direct));
            System.out.printf("difference %.1f ± %.1f ms (mean, 95%% confidence), median %.1f ms: %.2f%% ± %.2f%%%n",
                    meanDifference, halfWidth, sorted[rounds / 2], 100 * meanDifference / meanDirect,
                    100 * halfWidth / meanDirect);
            if (cpuMillis() >= 0) {
                double[] cpuDifference = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    cpuDifference[i] = adapterCpu[i] - directCpu[i];
                }
                double cpuHalfWidth = studentT95(rounds - 1) * standardDeviation(cpuDifference) / Math.sqrt(rounds);
                System.out.printf("cpu: adapter %.0f ms, direct %.0f ms, difference %.1f ± %.1f ms (mean, 95%% "
                        + "confidence): %.2f%% ± %.2f%%%n", mean(adapterCpu), mean(directCpu), mean(cpuDifference),
                        cpuHalfWidth, 100 * mean(cpuDifference) / mean(directCpu),
                        100 * cpuHalfWidth / mean(directCpu));
            }
            System.out.printf("adapter around ffmpeg (median): call to ffmpeg's start %.1f ms, ffmpeg's exit to the "
                    + "result %.1f ms%n", median(beforeFfmpeg), median(afterFfmpeg));
        } finally {
            b.cleanUp();
        }
    }

    /**
     * Renders as {@link #adapter()} does, and notes when ffmpeg (not ffprobe) started and exited.
     *
     * @param around receives the milliseconds from the call to ffmpeg's start, and from its exit to
     *     the result
     */
    private Path watchedAdapter(double[] around) throws Exception {
        long call = System.nanoTime();
        RenderJob<Path> job = ffmpeg.render(store, request, adapterOut);
        long started = 0;
        long probePid = -1;
        CompletableFuture<Long> exited = new CompletableFuture<>();
        while (started == 0 && !job.isDone()) {
            OptionalLong pid = job.pid();
            Optional<ProcessHandle> p = pid.isPresent() && pid.getAsLong() != probePid
                    ? ProcessHandle.of(pid.getAsLong()) : Optional.empty();
            String command = p.flatMap(h -> h.info().command()).orElse("");
            if (command.endsWith("ffmpeg")) {
                started = System.nanoTime();
                p.get().onExit().thenRun(() -> exited.complete(System.nanoTime()));
            } else {
                if (command.endsWith("ffprobe")) {
                    probePid = pid.getAsLong();
                }
                Thread.sleep(0, 250_000);
            }
        }
        Path out = job.await().output();
        long result = System.nanoTime();
        if (started == 0) {
            throw new IllegalStateException("the render ended before ffmpeg was seen running");
        }
        around[0] = (started - call) / 1e6;
        around[1] = (result - exited.get()) / 1e6;
        return out;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** A render to time. */
    private interface Render {
        Object run() throws Exception;
    }

    /** Runs a render; returns its wall time and its CPU time (-1 when unknown), in milliseconds. */
    private static double[] millis(Render render) throws Exception {
        long cpu = cpuMillis();
        long start = System.nanoTime();
        render.run();
        long wall = System.nanoTime() - start;
        long cpuAfter = cpuMillis();
        return new double[] {wall / 1e6, cpu < 0 ? -1 : cpuAfter - cpu};
    }

    /**
     * {@return the CPU time of this JVM and of its children that have ended, in milliseconds, or -1
     * where {@code /proc/self/stat} does not exist} Assumes the usual 100 clock ticks per second.
     */
    private static long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 14 to 17 of proc(5): utime, stime, cutime, cstime; fields[0] is field 3.
            long ticks = 0;
            for (int f = 14; f <= 17; f++) {
                ticks += Long.parseLong(fields[f - 3]);
            }
            return ticks * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The two-sided 95% quantile of Student's t distribution, by the Cornish-Fisher expansion. */
    private static double studentT95(int degreesOfFreedom) {
        double z = 1.959964;
        double df = degreesOfFreedom;
        return z + (z * z * z + z) / (4 * df)
                + (5 * Math.pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * df * df);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double standardDeviation(double[] values) {
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IOException("ffmpeg exited with " + exit + ": " + command);
        }
        return exit;
    }

    /**
     * Closes the store and removes the scratch directory.
     *
     * @throws IOException if cleaning up fails
     */
    @TearDown(Level.Trial)
    public void cleanUp() throws IOException {
        if (ffmpeg != null) {
            ffmpeg.close();
        }
        probedFfmpeg.close();
        store.close();
        Files.deleteIfExists(adapterOut);
        dir.close();
    }
}
