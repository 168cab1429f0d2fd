package io.vidstore.sqlite;

import io.vidstore.api.MediaStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media files of a store, laid out as {@code media/ab/<id>.<ext>} under the data directory
 * (the first two characters of the id spread files over 256 directories), with in-flight writes
 * in {@code tmp/}. Paths are made from generated ids and a checked extension only, never from a
 * caller's filename.
 *
 * <p>A file is written durably: into a temp file in the same file system, forced to disk, moved
 * into place atomically, and the directory forced too. Each temp file is locked while it is
 * written, so that a store opening the same directory later (in this or another process) removes
 * only the temp files that nobody is writing any more.
 */
final class MediaFiles {

    private static final Logger LOG = LoggerFactory.getLogger(MediaFiles.class);
    private static final String TEMP_SUFFIX = ".part";

    private final Path root;
    private final Path mediaDir;
    private final Path tempDir;

    MediaFiles(Path root) throws MediaStoreException {
        this.root = root;
        this.mediaDir = root.resolve("media");
        this.tempDir = root.resolve("tmp");
        try {
            Files.createDirectories(mediaDir);
            Files.createDirectories(tempDir);
        } catch (IOException e) {
            throw new MediaStoreException("cannot create the store directory " + root + ": " + e, e);
        }
    }

    Path root() {
        return root;
    }

    /** A new random name for a media file, independent of the media's id. */
    static String newFileKey() {
        return UUID.randomUUID().toString();
    }

    /**
     * The relative path, with '/' separators, at which a file is stored.
     *
     * @param fileKey a key from {@link #newFileKey()}
     * @param extension a checked extension, or null
     */
    static String storagePath(String fileKey, String extension) {
        String name = fileKey + (extension == null ? "" : "." + extension);
        return "media/" + fileKey.substring(0, 2) + "/" + name;
    }

    /**
     * Resolves a {@code storage_path} column: relative paths (written by vidstore) against the
     * data directory, absolute paths (written by older applications) as they are.
     */
    Path resolve(String storagePath) {
        Path p = Path.of(storagePath);
        return p.isAbsolute() ? p : root.resolve(p).normalize();
    }

    /** Starts a temp file for an upload. */
    TempFile createTemp(String fileKey) throws MediaStoreException {
        Path path = tempDir.resolve(fileKey + TEMP_SUFFIX);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IOException("the new file is locked by another process");
            }
            return new TempFile(path, channel);
        } catch (IOException e) {
            closeQuietly(channel);
            deleteQuietly(path);
            throw new MediaStoreException("cannot create the temp file " + path + ": " + e, e);
        }
    }

    /**
     * Deletes temp files that no store is writing, left behind by a crash.
     *
     * @return how many were deleted
     */
    int removeAbandonedTempFiles() {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tempDir, "*" + TEMP_SUFFIX)) {
            for (Path file : files) {
                if (removeIfAbandoned(file)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {} to remove abandoned temp files", tempDir, e);
        }
        if (removed > 0) {
            LOG.info("removed {} abandoned temp files from {}", removed, tempDir);
        }
        return removed;
    }

    private static boolean removeIfAbandoned(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            Files.delete(file);
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            LOG.warn("cannot remove the abandoned temp file {}", file, e);
            return false;
        }
    }

    /**
     * Moves a finished temp file to its final place and makes the move durable.
     *
     * @return the final path
     */
    Path commit(TempFile temp, String storagePath) throws MediaStoreException {
        Path target = resolve(storagePath);
        Path dir = target.getParent();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                forceDirectory(mediaDir);
            }
            try {
                Files.move(temp.path(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + root + " cannot move files"
                        + " atomically", e);
            }
            forceDirectory(dir);
            return target;
        } catch (IOException e) {
            deleteQuietly(target);
            throw new MediaStoreException("cannot move " + temp.path() + " to " + target + ": " + e, e);
        }
    }

    /** Makes a directory's entries durable, where the platform supports it. */
    private static void forceDirectory(Path dir) throws IOException {
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
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing a channel failed", e);
            }
        }
    }

    /**
     * A file being written for one upload. It stays open, and so locked, until it is closed, also
     * while it is moved into place; closing it deletes it unless it was moved.
     */
    static final class TempFile implements AutoCloseable {
        private final Path path;
        private final FileChannel channel;

        private TempFile(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }

        Path path() {
            return path;
        }

        void write(byte[] b, int off, int len) throws MediaStoreException {
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                throw new MediaStoreException("cannot write " + path + ": " + e.getMessage(), e);
            }
        }

        /** Forces the content to disk, ready to be moved into place. */
        void force() throws MediaStoreException {
            try {
                channel.force(true);
            } catch (IOException e) {
                throw new MediaStoreException("cannot write " + path + " to disk: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            closeQuietly(channel);
            deleteQuietly(path);
        }
    }
}
