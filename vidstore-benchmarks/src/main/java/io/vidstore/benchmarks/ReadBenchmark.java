package io.vidstore.benchmarks;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaUpload;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * Opens one stored video of {@code fileSize} bytes and reads it to the end: through {@link
 * MediaContent#inputStream()} with a caller's buffer of {@code chunkSize} bytes, through {@link
 * MediaContent#transferTo(OutputStream)} into a discarding stream, the same two verifying the
 * SHA-256 ({@link MediaContent#verifiedInputStream()} and {@link
 * MediaContent#transferVerifiedTo(OutputStream)}), and, as the physical reference, with a raw
 * {@link FileChannel} reading the same file into a direct buffer of {@code chunkSize} bytes.
 *
 * <p>The file is written once per trial and then read many times, so reads come from the page
 * cache unless the machine has too little memory to keep it: these numbers measure the read path's
 * own cost (system calls and copies), not the disk.
 *
 * <p>Single-shot mode, one read per iteration, on purpose: JMH's per-iteration bookkeeping then
 * adds the same bytes to every operation's {@code gc.alloc.rate.norm}, whatever the file size;
 * in a timed mode it would be spread over fewer operations for larger files and look like
 * allocation growing with the file.
 *
 * <pre>java -jar vidstore-benchmarks/target/benchmarks.jar ReadBenchmark -p chunkSize=8MiB -p fileSize=1GiB -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
@Fork(1)
public class ReadBenchmark {

    /** The store's chunk size, and the readers' buffer size: bytes, or with a KiB, MiB or GiB suffix. */
    @Param({"64KiB", "1MiB", "8MiB", "32MiB"})
    public String chunkSize;

    /** The size of the stored video: bytes, or with a KiB, MiB or GiB suffix. */
    @Param({"16MiB", "256MiB", "1GiB"})
    public String fileSize;

    private int chunk;
    private ScratchDirectory dir;
    private SqliteMediaStore store;
    private MediaId id;
    private Path file;
    // Made on first use, during warm-up, so that a fork measuring one way of reading does not
    // hold the other's buffer: under -Xmx64m a 32 MiB direct buffer nobody uses is an OOM.
    private byte[] callerBuffer;
    private ByteBuffer directBuffer;

    /**
     * Stores one video to read.
     *
     * @throws IOException if the store cannot be opened or written
     */
    @Setup(Level.Trial)
    public void storeVideo() throws IOException {
        chunk = ByteSize.parseInt(chunkSize);
        dir = ScratchDirectory.create("read-");
        store = SqliteMediaStore.builder(dir.path()).chunkSize(chunk).build();
        id = store.save(MediaUpload.of("benchmark", "clip.mp4", "video/mp4"),
                new PatternInputStream(ByteSize.parse(fileSize))).id();
        try (MediaContent content = store.open(id)) {
            file = content.localPath().orElseThrow(
                    () -> new IllegalStateException("the benchmark video was not stored as a file"));
        }
    }

    /**
     * Opens the video and reads it through its input stream.
     *
     * @return the number of bytes read
     * @throws IOException if reading fails
     */
    @Benchmark
    public long inputStream() throws IOException {
        if (callerBuffer == null) {
            callerBuffer = new byte[chunk];
        }
        long total = 0;
        try (MediaContent content = store.open(id); InputStream in = content.inputStream()) {
            for (int n; (n = in.read(callerBuffer)) >= 0; ) {
                total += n;
            }
        }
        return total;
    }

    /**
     * Opens the video and copies it with {@code transferTo} into a stream that discards it.
     *
     * @return the number of bytes copied
     * @throws IOException if reading fails
     */
    @Benchmark
    public long transferTo() throws IOException {
        try (MediaContent content = store.open(id)) {
            return content.transferTo(OutputStream.nullOutputStream());
        }
    }

    /**
     * Opens the video and reads it through {@link MediaContent#verifiedInputStream()}, which
     * hashes it and checks its SHA-256 before the last bytes, with the same caller's buffer as
     * {@link #inputStream()}: the cost of verification beside that plain read.
     *
     * @return the number of bytes read
     * @throws IOException if reading fails
     */
    @Benchmark
    public long verifiedInputStream() throws IOException {
        if (callerBuffer == null) {
            callerBuffer = new byte[chunk];
        }
        long total = 0;
        try (MediaContent content = store.open(id); InputStream in = content.verifiedInputStream()) {
            for (int n; (n = in.read(callerBuffer)) >= 0; ) {
                total += n;
            }
        }
        return total;
    }

    /**
     * Opens the video and copies it with {@link MediaContent#transferVerifiedTo(OutputStream)}
     * into a stream that discards it: the verified counterpart of {@link #transferTo()}.
     *
     * @return the number of bytes copied
     * @throws IOException if reading fails
     */
    @Benchmark
    public long transferVerifiedTo() throws IOException {
        try (MediaContent content = store.open(id)) {
            return content.transferVerifiedTo(OutputStream.nullOutputStream());
        }
    }

    /**
     * The reference: reads the same file with a raw {@link FileChannel} into a direct buffer.
     *
     * @return the number of bytes read
     * @throws IOException if reading fails
     */
    @Benchmark
    public long fileChannelReference() throws IOException {
        if (directBuffer == null) {
            directBuffer = ByteBuffer.allocateDirect(chunk);
        }
        long total = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int n; (n = channel.read(directBuffer.clear())) >= 0; ) {
                total += n;
            }
        }
        return total;
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
