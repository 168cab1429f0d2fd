package io.vidstore.benchmarks;

import io.vidstore.api.MediaId;
import io.vidstore.api.MediaUpload;
import io.vidstore.ffmpeg.EncodingSpeed;
import io.vidstore.ffmpeg.Ffmpeg;
import io.vidstore.ffmpeg.RenderRequest;
import io.vidstore.ffmpeg.RenderResult;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * adapter adds an ffprobe run, two drained pipes, progress parsing and a move of the output.
 *
 * <pre>java -jar vidstore-benchmarks/target/benchmarks.jar FfmpegOverheadBenchmark</pre>
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

    /** How many seconds of 640x360 video at 30 fps to re-encode; the render's length follows. */
    @Param({"60"})
    public int videoSeconds;

    private ScratchDirectory dir;
    private SqliteMediaStore store;
    private Ffmpeg ffmpeg;
    private RenderRequest request;
    private List<String> direct;
    private Path adapterOut;

    /**
     * Generates the video with ffmpeg, stores it, and renders it once through the adapter to learn
     * the command it runs.
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
        ffmpeg = Ffmpeg.locate();
        // A re-encode, so that the render is long enough for the adapter's cost to be a share of it.
        request = RenderRequest.builder(video).scaleToHeight(240).encodingSpeed(EncodingSpeed.BALANCED).build();
        adapterOut = dir.path().resolve("adapter.mp4");
        RenderResult<Path> first = ffmpeg.render(store, request, adapterOut).await();
        direct = new ArrayList<>(first.command());
        // The last argument is the adapter's temp output; the direct run writes a file of its own.
        direct.set(direct.size() - 1, "file:" + dir.path().resolve("direct.mp4"));
    }

    /**
     * Renders through the adapter.
     *
     * @return the output file
     * @throws Exception if the render fails
     */
    @Benchmark
    public Path adapter() throws Exception {
        return ffmpeg.render(store, request, adapterOut).await().output();
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
        ffmpeg.close();
        store.close();
        Files.deleteIfExists(adapterOut);
        dir.close();
    }
}
