package io.vidstore.benchmarks;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
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
 * The physical reference for {@link SaveBenchmark}: the same upload written with {@link
 * Files#copy(java.io.InputStream, Path, java.nio.file.CopyOption...)} to the same disk and forced
 * to it with {@code fsync}. It does less than a save (no hash, no rename, no directory sync, no
 * database row), so a save at 0.9 times its speed or better means the store adds little.
 *
 * <pre>java -jar vidstore-benchmarks/target/benchmarks.jar FilesCopyBenchmark -p fileSize=1GiB</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class FilesCopyBenchmark {

    /** The size of the copied stream: bytes, or with a KiB, MiB or GiB suffix. */
    @Param({"16MiB", "256MiB", "1GiB"})
    public String fileSize;

    private long size;
    private ScratchDirectory dir;
    private int copies;

    /**
     * Creates the scratch directory.
     *
     * @throws IOException if it cannot be created
     */
    @Setup(Level.Trial)
    public void createDirectory() throws IOException {
        size = ByteSize.parse(fileSize);
        dir = ScratchDirectory.create("files-copy-");
    }

    /**
     * Copies the stream into a new file and forces the file to disk.
     *
     * @return the number of bytes copied
     * @throws IOException if writing fails
     */
    @Benchmark
    public long filesCopyAndFsync() throws IOException {
        Path target = dir.path().resolve("copy-" + copies++ + ".mp4");
        long copied = Files.copy(new PatternInputStream(size), target);
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        return copied;
    }

    /**
     * Deletes the iteration's copies outside the measured time.
     *
     * @throws IOException if one cannot be deleted
     */
    @TearDown(Level.Iteration)
    public void deleteCopies() throws IOException {
        for (int i = 0; i < copies; i++) {
            Files.deleteIfExists(dir.path().resolve("copy-" + i + ".mp4"));
        }
        copies = 0;
    }

    /** Removes the scratch directory. */
    @TearDown(Level.Trial)
    public void removeDirectory() {
        dir.close();
    }
}
