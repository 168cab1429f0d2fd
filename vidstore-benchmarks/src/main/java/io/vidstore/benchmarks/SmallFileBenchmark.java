package io.vidstore.benchmarks;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.io.OutputStream;
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
 * Saves and opens small non-video files (audio, subtitles) kept either as a BLOB in the database
 * or as a file on disk, to choose the store's default inline limit: the size up to which a BLOB
 * is at least as fast as a file.
 *
 * <p>{@code storage=blob} sets the inline limit to its maximum, so every size goes into the
 * database; {@code storage=file} sets it to 0, so every size goes to disk. Saves declare their
 * size, as an HTTP upload with a {@code Content-Length} does. Opens cycle over {@value #STORED}
 * stored files and copy each to a discarding stream.
 *
 * <pre>java -jar vidstore-benchmarks/target/benchmarks.jar SmallFileBenchmark -p fileSize=64KiB</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class SmallFileBenchmark {

    /** How many files the open benchmark cycles over, so that it does not read one row only. */
    static final int STORED = 64;

    /** The size of each file: bytes, or with a KiB, MiB or GiB suffix. */
    @Param({"1KiB", "4KiB", "16KiB", "64KiB", "256KiB", "1MiB", "4MiB"})
    public String fileSize;

    /** Where the store keeps the files: {@code blob} (in the database) or {@code file} (on disk). */
    @Param({"blob", "file"})
    public String storage;

    private long size;
    private MediaUpload upload;
    private ScratchDirectory dir;
    private SqliteMediaStore store;
    private MediaId[] stored;
    private int next;
    private final List<MediaId> saved = new ArrayList<>();

    /**
     * Opens a store that keeps every file in the chosen storage, and stores the files to open.
     *
     * @throws IOException if the store cannot be opened or written
     */
    @Setup(Level.Trial)
    public void storeFiles() throws IOException {
        size = ByteSize.parse(fileSize);
        boolean blob = switch (storage) {
            case "blob" -> true;
            case "file" -> false;
            default -> throw new IllegalArgumentException("storage must be blob or file but was " + storage);
        };
        upload = MediaUpload.builder("track.mp3").contentType("audio/mpeg").expectedSize(size).build();
        dir = ScratchDirectory.create("small-" + storage + "-");
        store = SqliteMediaStore.builder(dir.path())
                .inlineLimit(blob ? SqliteMediaStore.MAX_INLINE_LIMIT : 0)
                .build();
        stored = new MediaId[STORED];
        for (int i = 0; i < STORED; i++) {
            StoredMedia media = store.save(upload, new PatternInputStream(size));
            stored[i] = media.id();
            try (MediaContent content = store.open(media.id())) {
                if (content.localPath().isPresent() == blob) {
                    throw new IllegalStateException("a " + fileSize + " file was not stored as a " + storage);
                }
            }
        }
    }

    /**
     * Saves one file.
     *
     * @return the saved media, so that the work is not optimized away
     * @throws IOException if the save fails
     */
    @Benchmark
    public StoredMedia save() throws IOException {
        StoredMedia media = store.save(upload, new PatternInputStream(size));
        saved.add(media.id());
        return media;
    }

    /**
     * Opens one stored file and copies it to a discarding stream.
     *
     * @return the number of bytes copied
     * @throws IOException if reading fails
     */
    @Benchmark
    public long open() throws IOException {
        MediaId id = stored[next];
        next = (next + 1) % STORED;
        try (MediaContent content = store.open(id)) {
            return content.transferTo(OutputStream.nullOutputStream());
        }
    }

    /**
     * Deletes the files saved during the iteration, so that every iteration starts from the same
     * database size.
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
