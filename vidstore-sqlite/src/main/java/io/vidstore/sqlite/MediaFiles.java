package io.vidstore.sqlite;

import io.vidstore.api.MediaStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media files of a store, laid out as {@code media/ab/<key>.<ext>} under the data directory
 * (the first two characters of a random key spread files over 256 directories), with work in
 * flight in {@code tmp/}. Paths are made from random keys and a checked extension only, never
 * from a caller's filename.
 *
 * <h2>The journal</h2>
 * Every change that makes the files and the database disagree for a moment is announced first by
 * a marker {@code tmp/<key>.pending} that names the file concerned and stays locked while the
 * change runs: a save from before its temp file exists until its row is committed, a delete from
 * before its row is deleted until its file is gone. A marker is created, locked and written as
 * {@code <key>.<random>.pending.new} and then renamed, so that no process sees one that is not yet
 * locked under its final name; recovery removes such a file when nobody holds it locked, and a
 * writer that loses its file that way makes another. A marker that nobody holds locked any more
 * was left by a crash; {@link #recover} then removes the temp file and, unless a row references
 * it, the file it names. So recovery costs time in proportion to what was in flight, not to the
 * size of the store. The markers are not forced to disk: a crash of the process leaves them, a
 * power loss may not, and {@link ConsistencyCheck} finds what that leaves behind.
 *
 * <h2>Symbolic links and allowed roots</h2>
 * The real path of the data directory (which may itself be a link the user chose) is taken when
 * the store opens. Before a file is created in {@code tmp/} or moved into {@code media/xx/}, the
 * directory's real path must be exactly the one under that real path: a link planted anywhere
 * below the data directory fails the write. A file is deleted, read or recovered only when its
 * real location (links resolved) lies under an {@linkplain #isAllowed allowed root}: the data
 * directory and the legacy roots the user configured. The check and the operation are two system
 * calls, so a link swapped in between them can still redirect that one operation (Java offers no
 * portable {@code openat}); the window is the time between two system calls, and it needs write
 * access inside the data directory, which already allows destroying the store.
 */
final class MediaFiles {

    private static final Logger LOG = LoggerFactory.getLogger(MediaFiles.class);
    private static final String TEMP_SUFFIX = ".part";
    private static final String MARKER_SUFFIX = ".pending";
    /**
     * A marker being made: it is created, locked and written as {@code <key>.<random>.pending.new},
     * then renamed, so that no process ever sees a marker that is not yet locked under its final
     * name and takes it for abandoned.
     */
    private static final String MAKING_SUFFIX = ".pending.new";
    /** Attempts at making a marker whose temporary file another process's recovery removed. */
    private static final int MAKING_ATTEMPTS = 5;

    /**
     * The most bytes one read or write of a file moves. The JDK copies a heap buffer through a
     * direct buffer of the same size that each thread keeps for good; slices this size keep that
     * at 1 MiB per thread instead of a whole chunk.
     */
    static final int MAX_IO = 1 << 20;

    /**
     * Markers held by this JVM. A file lock belongs to the whole process, and closing any channel
     * on a file drops the process's lock on it, so recovery must not even open a marker that this
     * JVM holds.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    /** Tells whether a row references a storage path. */
    @FunctionalInterface
    interface References {
        boolean contains(String storagePath) throws MediaStoreException;
    }

    private final Path root;
    private final Path mediaDir;
    private final Path tempDir;
    private final Path stagingDir;
    /** The real path of {@link #root}, taken at open. */
    private final Path realRoot;
    /** The data directory's real path, then the legacy roots' (real where they exist). */
    private final List<Path> allowedRoots;

    MediaFiles(Path root, List<Path> legacyRoots) throws MediaStoreException {
        this.root = root;
        this.mediaDir = root.resolve("media");
        this.tempDir = root.resolve("tmp");
        this.stagingDir = root.resolve("staging");
        try {
            Files.createDirectories(mediaDir);
            Files.createDirectories(tempDir);
            Files.createDirectories(stagingDir);
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new MediaStoreException("cannot create the store directory " + root + ": " + e, e);
        }
        for (Path own : List.of(mediaDir, tempDir, stagingDir)) {
            requireOwnDirectory(own);
        }
        try {
            // All 256 directories a key can start with exist before the first save, so that no
            // save depends on another's directory entry having reached the disk.
            boolean created = false;
            for (int i = 0; i < 256; i++) {
                Path prefix = mediaDir.resolve(String.format("%02x", i));
                if (!Files.exists(prefix, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(prefix);
                    created = true;
                }
            }
            if (created) {
                forceDirectory(mediaDir);
            }
        } catch (IOException e) {
            throw new MediaStoreException("cannot create the store directory " + root + ": " + e, e);
        }
        List<Path> roots = new ArrayList<>();
        roots.add(realRoot);
        for (Path legacy : legacyRoots) {
            try {
                roots.add(realLocation(legacy));
            } catch (IOException e) {
                throw new MediaStoreException("cannot resolve the legacy root " + legacy + ": " + e, e);
            }
        }
        this.allowedRoots = List.copyOf(roots);
    }

    /** {@return the data directory's real path, then the legacy roots', as configured at open} */
    List<Path> allowedRoots() {
        return allowedRoots;
    }

    /**
     * The real location of a path: the real path of its longest existing prefix (links resolved),
     * followed by the rest of its names.
     */
    static Path realLocation(Path path) throws IOException {
        Path p = path.toAbsolutePath().normalize();
        Deque<Path> rest = new ArrayDeque<>();
        while (p != null) {
            try {
                Path real = p.toRealPath();
                while (!rest.isEmpty()) {
                    real = real.resolve(rest.pop());
                }
                return real;
            } catch (NoSuchFileException e) {
                if (p.getFileName() == null) {
                    throw e;
                }
                rest.push(p.getFileName());
                p = p.getParent();
            }
        }
        throw new NoSuchFileException(path.toString());
    }

    /**
     * Tells whether a path, with its links resolved, lies under an allowed root (the data
     * directory or a configured legacy root). An unreadable path is not allowed.
     */
    boolean isAllowed(Path path) {
        Path real;
        try {
            real = realLocation(path);
        } catch (IOException e) {
            LOG.debug("cannot resolve {}; taking it for outside the store", path, e);
            return false;
        }
        for (Path allowed : allowedRoots) {
            if (real.startsWith(allowed)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks that a directory of the store is what it seems: a directory whose real path is its
     * place under the data directory's real path, so that no symbolic link below the data
     * directory leads elsewhere.
     *
     * @throws MediaStoreException if it is missing, not a directory, or reached through a link
     */
    void requireOwnDirectory(Path dir) throws MediaStoreException {
        Path expected = realRoot.resolve(root.relativize(dir));
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            throw new MediaStoreException("cannot use the store directory " + dir + ": " + e, e);
        }
        if (!real.equals(expected) || !Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new MediaStoreException("refusing to write through " + dir + ": it leads to " + real
                    + " through a symbolic link, or is not a directory, but must be the directory "
                    + expected + " inside the store " + root);
        }
    }

    /**
     * Deletes a file if it lies under an allowed root, links resolved; a file outside is left
     * alone and logged.
     *
     * @return whether a file was deleted
     */
    boolean deleteIfAllowed(Path file) throws IOException {
        if (!isAllowed(file)) {
            LOG.warn("not deleting {}: it lies outside the store's directory {} and its legacy roots {}",
                    file, root, allowedRoots.subList(1, allowedRoots.size()));
            return false;
        }
        return Files.deleteIfExists(file);
    }

    /** Deletes a file of the store's own if its directory is the store's own; logs a failure. */
    private void deleteOwnQuietly(Path file) {
        try {
            requireOwnDirectory(file.getParent());
        } catch (MediaStoreException e) {
            LOG.debug("not deleting {}: {}", file, e.getMessage());
            return;
        }
        deleteQuietly(file);
    }

    Path root() {
        return root;
    }

    Path mediaDirectory() {
        return mediaDir;
    }

    /** A new random key (a UUID): the id of a new media, and the name of its file and journal marker. */
    static String newKey() {
        return UUID.randomUUID().toString();
    }

    /**
     * The relative path, with '/' separators, at which a file is stored.
     *
     * @param fileKey a key from {@link #newKey()}
     * @param extension a checked extension, or null
     */
    static String storagePath(String fileKey, String extension) {
        String name = fileKey + (extension == null ? "" : "." + extension);
        return "media/" + fileKey.substring(0, 2) + "/" + name;
    }

    /** The storage path of a file under the data directory, as rows hold it. */
    String storagePathOf(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /**
     * Resolves a {@code storage_path} column: relative paths (written by vidstore) against the
     * data directory, absolute paths (written by older applications) as they are.
     */
    Path resolve(String storagePath) {
        Path p = Path.of(storagePath);
        return p.isAbsolute() ? p.normalize() : root.resolve(p).normalize();
    }

    /**
     * Announces a change to the file at {@code storagePath}; close the result once the database
     * and the file agree again.
     */
    Pending journal(String storagePath) throws MediaStoreException {
        requireOwnDirectory(tempDir);
        return new Pending(tempDir.resolve(newKey() + MARKER_SUFFIX), storagePath);
    }

    /** Starts writing a new file that is to be stored at {@code storagePath}. */
    NewFile create(String fileKey, String storagePath) throws MediaStoreException {
        requireOwnDirectory(tempDir);
        Pending pending = new Pending(tempDir.resolve(fileKey + MARKER_SUFFIX), storagePath);
        Path part = tempDir.resolve(fileKey + TEMP_SUFFIX);
        try {
            return new NewFile(this, pending, part, storagePath,
                    FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        } catch (IOException e) {
            pending.close();
            throw new MediaStoreException("cannot create the temp file " + part + ": " + e, e);
        }
    }

    /**
     * Undoes what crashed work left behind: for each marker that nobody holds, its temp file, and
     * the file it names unless a row references it; and temp files that have no marker.
     *
     * @return the files removed
     */
    List<Path> recover(References references) throws MediaStoreException {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(tempDir, "*" + MARKER_SUFFIX)) {
            for (Path marker : markers) {
                recoverMarker(marker, references, removed);
            }
        } catch (IOException e) {
            throw new MediaStoreException("cannot list " + tempDir + " to recover from a crash: " + e, e);
        }
        try (DirectoryStream<Path> making = Files.newDirectoryStream(tempDir, "*" + MAKING_SUFFIX)) {
            for (Path m : making) {
                if (abandonedWhileMade(m) && Files.deleteIfExists(m)) {
                    removed.add(m);
                }
            }
        } catch (IOException e) {
            throw new MediaStoreException("cannot list " + tempDir + " to recover from a crash: " + e, e);
        }
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(tempDir, "*" + TEMP_SUFFIX)) {
            for (Path part : parts) {
                String name = part.getFileName().toString();
                Path marker = tempDir.resolve(name.substring(0, name.length() - TEMP_SUFFIX.length())
                        + MARKER_SUFFIX);
                // A writer creates its marker before its temp file and removes it after, so a temp
                // file without a marker is abandoned.
                if (!Files.exists(marker) && Files.deleteIfExists(part)) {
                    removed.add(part);
                }
            }
        } catch (IOException e) {
            throw new MediaStoreException("cannot list " + tempDir + " to recover from a crash: " + e, e);
        }
        if (!removed.isEmpty()) {
            LOG.info("removed {} files left behind by interrupted work in {}", removed.size(), root);
        }
        return removed;
    }

    /** Lists what {@link #recover} would remove (without the files that markers name). */
    List<Path> abandoned() throws MediaStoreException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tempDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(MAKING_SUFFIX)) {
                    if (abandonedWhileMade(entry)) {
                        found.add(entry);
                    }
                } else if (name.endsWith(MARKER_SUFFIX)) {
                    if (!isInFlight(name.substring(0, name.length() - MARKER_SUFFIX.length()))) {
                        found.add(entry);
                    }
                } else if (name.endsWith(TEMP_SUFFIX)) {
                    String key = name.substring(0, name.length() - TEMP_SUFFIX.length());
                    if (!Files.exists(tempDir.resolve(key + MARKER_SUFFIX)) || !isInFlight(key)) {
                        found.add(entry);
                    }
                }
            }
        } catch (IOException e) {
            throw new MediaStoreException("cannot list " + tempDir + ": " + e, e);
        }
        return found;
    }

    private void recoverMarker(Path marker, References references, List<Path> removed)
            throws MediaStoreException {
        if (HELD.contains(marker)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(marker, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return;
            }
            ByteBuffer content = ByteBuffer.allocate((int) Math.min(channel.size(), 64 << 10));
            while (content.hasRemaining() && channel.read(content) >= 0) {
                // Markers are tiny; read until full or the end.
            }
            String storagePath = new String(content.array(), 0, content.position(), StandardCharsets.UTF_8);
            String name = marker.getFileName().toString();
            Path part = marker.resolveSibling(name.substring(0, name.length() - MARKER_SUFFIX.length())
                    + TEMP_SUFFIX);
            if (Files.deleteIfExists(part)) {
                removed.add(part);
            }
            Path named = storagePath.isEmpty() ? null : resolve(storagePath);
            if (named != null && !references.contains(storagePath) && deleteIfAllowed(named)) {
                LOG.info("removed {}, which interrupted work left without a row", named);
                removed.add(named);
            }
            Files.delete(marker);
            removed.add(marker);
        } catch (OverlappingFileLockException | NoSuchFileException e) {
            // Held by this JVM, or finished meanwhile: not abandoned.
        } catch (IOException e) {
            throw new MediaStoreException("cannot recover the interrupted work of " + marker + ": " + e, e);
        }
    }

    /**
     * Tells whether a marker being made is locked by nobody. A writer that has not locked it yet
     * loses it to a recovery that removes it, and makes another (see {@link Pending}).
     */
    private static boolean abandonedWhileMade(Path making) {
        if (HELD.contains(making)) {
            return false;
        }
        try {
            return lockedByNobody(making);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Tells whether nobody holds a lock on a file, by taking one and letting it go at once. Never
     * call it on a file this JVM holds ({@link #HELD}): closing the channel would drop its lock.
     *
     * @return false if a process holds a lock on the file
     * @throws IOException if the file cannot be opened, for instance because it is gone
     */
    private static boolean lockedByNobody(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        }
    }

    /** Tells whether work of some store, in any process, is in flight on the given key. */
    boolean isInFlight(String fileKey) {
        Path marker = tempDir.resolve(fileKey + MARKER_SUFFIX);
        if (HELD.contains(marker)) {
            return true;
        }
        if (!Files.exists(marker)) {
            return false;
        }
        try {
            return !lockedByNobody(marker);
        } catch (IOException e) {
            // Gone meanwhile (finished), or unreadable: either way not provably abandoned.
            return Files.exists(marker);
        }
    }

    /** The directory where callers create files they will adopt; see {@link io.vidstore.api.MediaStore#stagingDirectory()}. */
    Path stagingDirectory() {
        return stagingDir;
    }

    /**
     * Moves a finished file to the place a storage path names, atomically, and makes the move
     * durable. The file is forced to disk first: it may come from a program that never did. The
     * target's directory must be the store's own (see {@link #requireOwnDirectory}).
     *
     * @throws AtomicMoveNotSupportedException if the file is on another file system
     * @throws MediaStoreException if the target's directory is reached through a symbolic link
     */
    Path place(Path source, String storagePath) throws IOException {
        Path target = resolve(storagePath);
        try (FileChannel channel = FileChannel.open(source, StandardOpenOption.READ)) {
            channel.force(true);
        }
        Path dir = target.getParent();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            requireOwnDirectory(dir.getParent());
            Files.createDirectories(dir);
            forceDirectory(dir.getParent());
        }
        requireOwnDirectory(dir);
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
        return target;
    }

    /** Makes a directory's entries durable, where the platform supports it. */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; NTFS journals the rename itself.
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot delete {}", path, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a channel failed", e);
        }
    }

    /**
     * A marker in the journal, locked from before it appears under its name until {@link
     * #close()}, which removes it.
     */
    static final class Pending implements AutoCloseable {
        private final Path marker;
        private final FileChannel channel;

        private Pending(Path marker, String storagePath) throws MediaStoreException {
            this.marker = marker;
            HELD.add(marker);
            try {
                this.channel = publish(marker, storagePath);
            } catch (IOException e) {
                HELD.remove(marker);
                throw new MediaStoreException("cannot create the journal marker " + marker + ": " + e, e);
            }
        }

        /**
         * Creates, locks and writes the marker under a temporary name, then renames it.
         *
         * @return the channel that holds the marker's lock
         */
        private static FileChannel publish(Path marker, String storagePath) throws IOException {
            String name = marker.getFileName().toString();
            String key = name.substring(0, name.length() - MARKER_SUFFIX.length());
            IOException lost = null;
            for (int attempt = 0; attempt < MAKING_ATTEMPTS; attempt++) {
                Path making = marker.resolveSibling(key + "." + newKey() + MAKING_SUFFIX);
                HELD.add(making);
                FileChannel c = null;
                boolean published = false;
                try {
                    c = FileChannel.open(making, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    // Between the creation and the lock, another process's recovery may take this
                    // file: it then holds the lock for a moment, or has removed the file by the
                    // time of the move. Either way, another one is made.
                    if (c.tryLock() == null) {
                        lost = new IOException(making + " was locked by another process");
                        continue;
                    }
                    ByteBuffer content = ByteBuffer.wrap(storagePath.getBytes(StandardCharsets.UTF_8));
                    while (content.hasRemaining()) {
                        c.write(content);
                    }
                    // The lock belongs to the file, whatever its name.
                    Files.move(making, marker, StandardCopyOption.ATOMIC_MOVE);
                    published = true;
                    return c;
                } catch (NoSuchFileException e) {
                    lost = e;
                } finally {
                    HELD.remove(making);
                    if (!published) {
                        if (c != null) {
                            closeQuietly(c);
                        }
                        deleteQuietly(making);
                    }
                }
            }
            throw lost;
        }

        /** Removes the marker while still holding its lock, then releases it. */
        @Override
        public void close() {
            deleteQuietly(marker);
            closeQuietly(channel);
            HELD.remove(marker);
        }
    }

    /**
     * A file being written: a temp file until it is {@linkplain #moveIntoPlace() moved into
     * place}, journaled throughout. Closing it removes the temp file and, unless {@link #keep()}
     * was called, the file in its final place; then the marker.
     */
    static final class NewFile implements AutoCloseable {
        private final MediaFiles files;
        private final Pending pending;
        private final Path part;
        private final String storagePath;
        private final Path target;
        private final FileChannel channel;
        private boolean moved;
        private boolean kept;
        private byte[] wrapped;
        private ByteBuffer wrapper;

        private NewFile(MediaFiles files, Pending pending, Path part, String storagePath,
                FileChannel channel) {
            this.files = files;
            this.pending = pending;
            this.part = part;
            this.storagePath = storagePath;
            this.target = files.resolve(storagePath);
            this.channel = channel;
        }

        void write(byte[] b, int off, int len) throws MediaStoreException {
            if (b != wrapped) {
                // Callers write from one buffer; wrapping it on every write would allocate per chunk.
                wrapped = b;
                wrapper = ByteBuffer.wrap(b);
            }
            try {
                for (int done = 0; done < len; ) {
                    wrapper.clear().position(off + done).limit(off + done + Math.min(MAX_IO, len - done));
                    while (wrapper.hasRemaining()) {
                        done += channel.write(wrapper);
                    }
                }
            } catch (IOException e) {
                throw new MediaStoreException("cannot write " + part + ": " + e.getMessage(), e);
            }
        }

        /**
         * Forces the content to disk, moves it to its final place atomically and makes the move
         * durable.
         *
         * @return the final path
         */
        Path moveIntoPlace() throws MediaStoreException {
            try {
                channel.force(true);
            } catch (IOException e) {
                throw new MediaStoreException("cannot write " + part + " to disk: " + e.getMessage(), e);
            }
            moved = true;
            try {
                return files.place(part, storagePath);
            } catch (AtomicMoveNotSupportedException e) {
                throw new MediaStoreException("cannot move " + part + " to " + target + ": the file"
                        + " system cannot move files atomically", e);
            } catch (IOException e) {
                throw new MediaStoreException("cannot move " + part + " to " + target + ": " + e, e);
            }
        }

        /** Keeps the file in its final place: its row is committed. */
        void keep() {
            kept = true;
        }

        @Override
        public void close() {
            closeQuietly(channel);
            deleteQuietly(part);
            if (moved && !kept) {
                files.deleteOwnQuietly(target);
            }
            pending.close();
        }
    }
}
