package io.vidstore.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory on the real disk for one benchmark trial, removed with everything in it when the
 * trial ends.
 *
 * <p>It is created under the directory named by the system property {@value #PROPERTY} (the
 * suite sets it to the module's {@code target/benchmark-data}), else under {@code
 * java.io.tmpdir}. Either must be a disk, not a tmpfs, or the numbers measure memory copies.
 */
public final class ScratchDirectory implements AutoCloseable {

    /** The system property that names where scratch directories are made. */
    public static final String PROPERTY = "vidstore.benchmarks.dir";

    private final Path path;

    private ScratchDirectory(Path path) {
        this.path = path;
    }

    /**
     * Creates a new, empty scratch directory.
     *
     * @param prefix the start of the directory's name, saying which benchmark owns it
     * @return the directory, which the caller must close
     * @throws IOException if it cannot be created
     */
    public static ScratchDirectory create(String prefix) throws IOException {
        Path parent = Path.of(System.getProperty(PROPERTY, System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        return new ScratchDirectory(Files.createTempDirectory(parent, prefix));
    }

    /** {@return the directory} */
    public Path path() {
        return path;
    }

    /** Deletes the directory and everything in it. */
    @Override
    public void close() {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the scratch directory " + path, e);
        }
    }
}
