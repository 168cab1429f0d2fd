package io.vidstore.benchmarks;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaUpload;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * Aggregate save and read throughput of one store used by several threads at once. Run it with
 * JMH's {@code -t} option (the suite runs 1, 2, 4 and 8 threads); bytes per second are the
 * operations per second times {@code fileSize}.
 *
 * <pre>java -jar vidstore-benchmarks/target/benchmarks.jar ConcurrentBenchmark -t 4</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class ConcurrentBenchmark {

    /** The store's chunk size: bytes, or with a KiB, MiB or GiB suffix. */
    @Param({"8MiB"})
    public String chunkSize;

    /** The size of each saved or read video: bytes, or with a KiB, MiB or GiB suffix. */
    @Param({"64MiB"})
    public String fileSize;

    private static final MediaUpload VIDEO = MediaUpload.of("benchmark", "clip.mp4", "video/mp4");

    private long size;
    private ScratchDirectory dir;
    private SqliteMediaStore store;
    private MediaId stored;
    private final Queue<MediaId> saved = new ConcurrentLinkedQueue<>();

    /**
     * Opens a store shared by all threads and stores the video they read.
     *
     * @throws IOException if the store cannot be opened or written
     */
    @Setup(Level.Trial)
    public void storeVideo() throws IOException {
        size = ByteSize.parse(fileSize);
        dir = ScratchDirectory.create("concurrent-");
        store = SqliteMediaStore.builder(dir.path()).chunkSize(ByteSize.parseInt(chunkSize)).build();
        stored = store.save(VIDEO, new PatternInputStream(size)).id();
    }

    /**
     * Saves one video; every thread saves its own.
     *
     * @return the saved video's id
     * @throws IOException if the save fails
     */
    @Benchmark
    public MediaId save() throws IOException {
        MediaId id = store.save(VIDEO, new PatternInputStream(size)).id();
        saved.add(id);
        return id;
    }

    /**
     * Opens the shared video and copies it to a discarding stream; every thread reads it at once.
     *
     * @return the number of bytes copied
     * @throws IOException if reading fails
     */
    @Benchmark
    public long read() throws IOException {
        try (MediaContent content = store.open(stored)) {
            return content.transferTo(OutputStream.nullOutputStream());
        }
    }

    /**
     * Deletes the videos saved during the iteration, once all threads have finished it.
     *
     * @throws IOException if a delete fails
     */
    @TearDown(Level.Iteration)
    public void deleteSaved() throws IOException {
        for (MediaId id; (id = saved.poll()) != null; ) {
            store.delete(id);
        }
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
