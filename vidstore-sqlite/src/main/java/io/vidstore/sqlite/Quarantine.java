package io.vidstore.sqlite;

import io.vidstore.api.MediaStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quarantine {@code <dataDir>/lost+found/}: where a repair moves files that no row references,
 * instead of deleting them. Each repair that moves anything makes a directory named after its
 * start time ({@code 20261204T205702.123Z}, with {@code -2}, {@code -3}… if taken), in which each
 * file keeps its path relative to the data directory, and a manifest {@value #MANIFEST} in it.
 *
 * <h2>The manifest</h2>
 * UTF-8 text, one line per file, fields separated by a tab, the first line a {@code #} comment
 * naming the columns: {@code original_path  size  reason  quarantined_at}. {@code original_path}
 * is relative to the data directory with {@code /} separators (the file is at the same path
 * under the repair's directory), {@code size} in bytes, {@code reason} for people, {@code
 * quarantined_at} an ISO-8601 instant. A backslash, tab, newline or carriage return in a field is
 * written as {@code \\}, {@code \t}, {@code \n} or {@code \r}. A line is written and forced to
 * disk before its file is moved, so every file in the quarantine is in a manifest; a line whose
 * file is not there (the move failed, or someone removed it) is skipped when reading.
 *
 * <p>A repair holds a lock on its manifest while it runs; {@link #purge()} leaves such a
 * directory alone.
 */
final class Quarantine {

    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);

    /** The quarantine's directory under the data directory. */
    static final String DIRECTORY = "lost+found";

    /** The manifest in each repair's directory. */
    static final String MANIFEST = "MANIFEST.tsv";

    private static final String HEADER = "# vidstore quarantine manifest\toriginal_path\tsize\treason"
            + "\tquarantined_at\n";

    private static final DateTimeFormatter NAME = DateTimeFormatter
            .ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Manifests this JVM holds locked: opening and closing another channel would drop the lock. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final MediaFiles files;
    private final Path dir;

    Quarantine(MediaFiles files) {
        this.files = files;
        this.dir = files.root().resolve(DIRECTORY);
    }

    Path directory() {
        return dir;
    }

    /** Starts one repair's use of the quarantine; its directory is made on the first move. */
    Session begin() {
        return new Session(Instant.now());
    }

    /** One repair's directory and manifest. */
    final class Session implements AutoCloseable {
        private final Instant started;
        private Path sessionDir;
        private Path manifest;
        private FileChannel channel;

        private Session(Instant started) {
            this.started = started;
        }

        /**
         * Moves a file of the data directory into the quarantine, keeping its relative path, after
         * recording it in the manifest.
         *
         * @return where the file is now
         */
        Path move(Path file, long size, String reason) throws IOException {
            String relative = files.storagePathOf(file);
            if (sessionDir == null) {
                open();
            }
            Path target = sessionDir.resolve(relative).normalize();
            if (!target.startsWith(sessionDir) || target.equals(sessionDir)) {
                throw new MediaStoreException("cannot quarantine " + file + ": it is not inside " + files.root());
            }
            Path parent = target.getParent();
            if (!Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(parent);
            }
            files.requireOwnDirectory(parent);
            files.requireOwnDirectory(file.getParent());
            Instant now = Instant.now();
            String line = escape(relative) + "\t" + size + "\t" + escape(reason) + "\t" + now + "\n";
            write(line);
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            MediaFiles.forceDirectory(parent);
            MediaFiles.forceDirectory(file.getParent());
            LOG.info("moved {} ({} bytes) to the quarantine: {}; {}", file, size, target, reason);
            return target;
        }

        private void open() throws IOException {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(dir);
                } catch (FileAlreadyExistsException e) {
                    // Made by another repair meanwhile.
                }
            }
            files.requireOwnDirectory(dir);
            String name = NAME.format(started);
            Path candidate = dir.resolve(name);
            for (int n = 2; ; n++) {
                try {
                    Files.createDirectory(candidate);
                    break;
                } catch (FileAlreadyExistsException e) {
                    candidate = dir.resolve(name + "-" + n);
                }
            }
            MediaFiles.forceDirectory(dir);
            Path m = candidate.resolve(MANIFEST);
            HELD.add(m);
            try {
                channel = FileChannel.open(m, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
                channel.lock();
            } catch (IOException | RuntimeException e) {
                HELD.remove(m);
                if (channel != null) {
                    channel.close();
                }
                throw e;
            }
            sessionDir = candidate;
            manifest = m;
            write(HEADER);
        }

        private void write(String text) throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                try {
                    channel.close();
                } finally {
                    HELD.remove(manifest);
                }
            }
        }
    }

    /** Lists the quarantined files that are still there, oldest repair first. */
    List<QuarantinedFile> list() throws IOException {
        List<QuarantinedFile> result = new ArrayList<>();
        for (Path session : sessions()) {
            result.addAll(read(session));
        }
        return result;
    }

    /**
     * Deletes the quarantined files, then each repair's manifest and the directories left empty;
     * files in the quarantine that no manifest names are left alone, and so is the directory of a
     * repair that is still running.
     *
     * @return how many quarantined files were deleted
     */
    long purge() throws IOException {
        long deleted = 0;
        for (Path session : sessions()) {
            Path manifest = session.resolve(MANIFEST);
            if (HELD.contains(manifest) || lockedByOther(manifest)) {
                LOG.info("not purging {}: a repair is writing to it", session);
                continue;
            }
            for (QuarantinedFile f : read(session)) {
                files.requireOwnDirectory(f.path().getParent());
                if (Files.deleteIfExists(f.path())) {
                    deleted++;
                }
            }
            Files.deleteIfExists(manifest);
            List<Path> dirs;
            try (Stream<Path> walk = Files.walk(session)) {
                dirs = walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                        .sorted(Comparator.reverseOrder()).toList();
            }
            for (Path d : dirs) {
                try {
                    Files.delete(d);
                } catch (DirectoryNotEmptyException e) {
                    LOG.warn("left {} in the quarantine: it holds files no manifest names", d);
                }
            }
        }
        LOG.info("purged {} files from the quarantine {}", deleted, dir);
        return deleted;
    }

    private static boolean lockedByOther(Path manifest) throws IOException {
        if (!Files.exists(manifest, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileChannel c = FileChannel.open(manifest, StandardOpenOption.WRITE)) {
            FileLock lock = c.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    /** The repairs' directories, by name (which is time order). */
    private List<Path> sessions() throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        files.requireOwnDirectory(dir);
        List<Path> sessions = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                        && Files.isRegularFile(entry.resolve(MANIFEST), LinkOption.NOFOLLOW_LINKS)) {
                    sessions.add(entry);
                }
            }
        }
        sessions.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return sessions;
    }

    /** Reads a repair's manifest: its complete lines whose file is still there. */
    private List<QuarantinedFile> read(Path session) throws IOException {
        Path manifest = session.resolve(MANIFEST);
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        List<QuarantinedFile> result = new ArrayList<>();
        int lineNumber = 0;
        for (int start = 0, end; (end = text.indexOf('\n', start)) >= 0; start = end + 1) {
            lineNumber++;
            String line = text.substring(start, end);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            try {
                if (fields.length != 4) {
                    throw new IllegalArgumentException("it has " + fields.length + " fields, not 4");
                }
                String relative = unescape(fields[0]);
                Path path = session.resolve(relative).normalize();
                if (!path.startsWith(session) || path.equals(session)) {
                    throw new IllegalArgumentException("its path " + relative + " leads outside " + session);
                }
                if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                result.add(new QuarantinedFile(path, files.resolve(relative), Long.parseLong(fields[1]),
                        Instant.parse(fields[3]), unescape(fields[2])));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new MediaStoreException("cannot read line " + lineNumber + " of the quarantine"
                        + " manifest " + manifest + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 't' -> b.append('\t');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                default -> b.append(n);
            }
        }
        return b.toString();
    }
}
