package io.vidstore.benchmarks;

import io.vidstore.api.MediaId;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
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
 * Saves one video of {@code fileSize} bytes into a {@link SqliteMediaStore} with a chunk size of
 * {@code chunkSize}: streamed to a temp file, hashed, forced to disk, moved into place and
 * recorded. One operation is one whole save, so with {@code -prof gc} the metric {@code
 * gc.alloc.rate.norm} is the heap allocated per saved file (single-shot mode, so that JMH's
 * per-iteration bookkeeping weighs the same on every file size, as in {@link ReadBenchmark}); {@link FilesCopyBenchmark} is the disk's
 * own speed for the same bytes.
 *
 * <pre>java -jar vidstore-benchmarks/target/benchmarks.jar SaveBenchmark -p chunkSize=8MiB -p fileSize=1GiB -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class SaveBenchmark {

    /** The store's chunk size: bytes, or with a KiB, MiB or GiB suffix. */
    @Param({"64KiB", "1MiB", "8MiB", "32MiB"})
    public String chunkSize;

    /** The size of the saved video: bytes, or with a KiB, MiB or GiB suffix. */
    @Param({"16MiB", "256MiB", "1GiB"})
    public String fileSize;

    private static final MediaUpload VIDEO = MediaUpload.of("benchmark", "clip.mp4", "video/mp4");

    private long size;
    private ScratchDirectory dir;
    private SqliteMediaStore store;
    private final List<MediaId> saved = new ArrayList<>();

    /**
     * Opens an empty store in a scratch directory.
     *
     * @throws IOException if the store cannot be opened
     */
    @Setup(Level.Trial)
    public void openStore() throws IOException {
        size = ByteSize.parse(fileSize);
        dir = ScratchDirectory.create("save-");
        store = SqliteMediaStore.builder(dir.path()).chunkSize(ByteSize.parseInt(chunkSize)).build();
    }

    /**
     * Saves one video.
     *
     * @return the saved media, so that the work is not optimized away
     * @throws IOException if the save fails
     */
    @Benchmark
    public StoredMedia save() throws IOException {
        StoredMedia media = store.save(VIDEO, new PatternInputStream(size));
        if (!media.isVideo()) {
            // A non-video would take the inline-BLOB path and measure something else.
            throw new IllegalStateException("the benchmark upload was not stored as a video");
        }
        saved.add(media.id());
        return media;
    }

    /**
     * Deletes the videos saved during the iteration, outside the measured time, so that the disk
     * does not fill up.
     *
     * @throws IOException if a delete fails
     */
    @TearDown(Level.Iteration)
    public void deleteSaved() throws IOException {
        for (MediaId id : saved) {
            store.delete(id);
        }
        saved.clear();
    }

    /**
     * Closes the store and removes its directory.
     *
     * @throws IOException if the store cannot be closed
     */
    @TearDown(Level.Trial)
    public void closeStore() throws IOException {
        store.close();
        dir.close();
    }
}
