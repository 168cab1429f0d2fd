package io.vidstore.sqlite;

import io.vidstore.api.ByteRange;
import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaStore;
import io.vidstore.api.MediaStoreException;
import io.vidstore.api.MediaTooLargeException;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.MissingContentException;
import io.vidstore.api.NoSuchMediaException;
import io.vidstore.api.RangeNotSatisfiableException;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.TypeMismatchPolicy;
import io.vidstore.store.support.CheckedReader;
import io.vidstore.store.support.Classifier;
import io.vidstore.store.support.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MediaStore} in one directory: an SQLite database for metadata and small files, and the
 * file system for videos and other large files.
 *
 * <pre>{@code
 * try (SqliteMediaStore store = SqliteMediaStore.open(Path.of("/var/lib/myapp/media"))) {
 *     StoredMedia video = store.save(MediaUpload.of("project-1", "intro.mp4", "video/mp4"), in);
 *     try (MediaContent content = store.open(video.id())) {
 *         content.transferTo(out);
 *     }
 * }
 * }</pre>
 *
 * <h2>Where content goes</h2>
 * <ul>
 *   <li><b>Videos</b> stream to {@code media/xx/<uuid>.<ext>} under the data directory, one
 *       chunk at a time; the row has {@code data} NULL, {@code is_video} 1, {@code storage_path}
 *       and {@code file_size}. What counts as a video is described in {@link
 *       Builder#videoExtensions(Collection)} and {@link Builder#typeMismatchPolicy}.
 *   <li><b>Other files</b> up to the {@linkplain Builder#inlineLimit(int) inline limit} are kept
 *       in the row's {@code data} BLOB, with {@code is_video} 0 and no disk copy. Larger ones
 *       stream to disk like videos. A stream of unknown length is buffered up to the inline
 *       limit and spills to disk once it passes it.
 *   <li>A file is written to {@code tmp/}, forced to disk, moved into place atomically, and only
 *       then is its row committed: a failed save leaves no row and no file.
 * </ul>
 *
 * <h2>Existing databases</h2>
 * A database of the application vidstore replaces (a {@code files} table with or without {@code
 * storage_path, file_size, is_video}) is opened as it is and upgraded in place; its rows are read
 * from the disk file first and from the BLOB as a fallback. {@link #migrateLegacyBlobs(boolean)}
 * moves old video BLOBs out to files.
 *
 * <h2>Nothing lost, nothing outside</h2>
 * <ul>
 *   <li>A data directory whose {@code media/} holds files is not opened with a new database (its
 *       database missing, empty or without a {@code files} table) unless {@link
 *       Builder#recreateDatabase(boolean)} asks for it; see {@link Builder#build()}.
 *   <li>{@link #repair(boolean)} moves files without a row into the {@linkplain
 *       #quarantineDirectory() quarantine} instead of deleting them; {@link #purgeQuarantine()}
 *       deletes them.
 *   <li>A {@code storage_path} is followed only under the data directory and the {@linkplain
 *       Builder#legacyRoots(Path...) legacy roots}, with symbolic links resolved; files are created,
 *       moved and deleted only in directories whose real path is their place under the data
 *       directory's real path, taken at open. The check and the operation are separate system
 *       calls: a link swapped in between them by someone who can write inside the data directory
 *       can still redirect that one operation.
 * </ul>
 *
 * <h2>Threads and processes</h2>
 * The store is thread-safe, and several processes may open the same directory. The database is
 * never locked while content streams: only the final insert of a save is a transaction.
 */
public final class SqliteMediaStore implements MediaStore {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteMediaStore.class);

    /** The default chunk size: 8 MiB. */
    public static final int DEFAULT_CHUNK_SIZE = 8 << 20;

    /**
     * The default inline limit: files up to 16 KiB that are not videos are kept in the database.
     * Measured with {@code SmallFileBenchmark}: up to this size a BLOB opens at least as fast as a
     * file and saves about three times as fast (one fsync instead of three); at 64 KiB a BLOB
     * opened at about half the speed of a file.
     */
    public static final int DEFAULT_INLINE_LIMIT = 16 << 10;

    /** The largest inline limit accepted: 16 MiB, since a BLOB is held whole in memory. */
    public static final int MAX_INLINE_LIMIT = 16 << 20;

    /** The name of the database file in the data directory, unless {@link Builder#database} says otherwise. */
    public static final String DEFAULT_DATABASE_NAME = "vidstore.db";

    private static final String INSERT = "INSERT INTO files (id, project_id, filename, content_type,"
            + " data, created_at, storage_path, file_size, is_video, sha256)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** A row by id, with its BLOB when it is small enough to come along (see {@link #openRow}). */
    private static final String OPEN_ROW = "SELECT " + MediaRow.COLUMNS
            + ", CASE WHEN storage_path IS NULL AND octet_length(data) <= ? THEN data END"
            + " FROM files WHERE id = ?";

    /** A row by id. */
    private static final String FIND_ROW = "SELECT " + MediaRow.COLUMNS + " FROM files WHERE id = ?";

    private final Path dataDir;
    private final int chunkSize;
    private final int inlineLimit;
    private final long maxUploadSize;
    private final Classifier classifier;
    private final Database db;
    private final MediaFiles files;
    private final Quarantine quarantine;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqliteMediaStore(Builder b, Database db, MediaFiles files) {
        this.dataDir = b.dataDir;
        this.chunkSize = b.chunkSize;
        this.inlineLimit = b.inlineLimit;
        this.maxUploadSize = b.maxUploadSize;
        this.classifier = new Classifier(b.videoExtensions, b.typeMismatchPolicy);
        this.db = db;
        this.files = files;
        this.quarantine = new Quarantine(files);
    }

    /**
     * Opens the store in a directory with the default settings, creating the directory and the
     * database on first use (but not a new database next to existing media files, see {@link
     * Builder#build()}).
     *
     * @param dataDir the directory that holds the database and the media files
     * @return the open store, which the caller must close
     * @throws MediaStoreException if the directory or the database cannot be created or opened,
     *     or the database is not one this version can read
     */
    public static SqliteMediaStore open(Path dataDir) throws IOException {
        return builder(dataDir).build();
    }

    /**
     * Starts configuring a store in a directory.
     *
     * @param dataDir the directory that holds the database and the media files
     * @return a new builder
     */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** {@return the directory that holds the media files} */
    public Path dataDirectory() {
        return dataDir;
    }

    /** {@return the database file} */
    public Path databaseFile() {
        return db.file();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Heap used is bounded by the chunk size, plus the inline limit while a non-video upload
     * might still fit into the database.
     */
    @Override
    public StoredMedia save(MediaUpload upload, InputStream content) throws IOException {
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(content, "content");
        ensureOpen();
        OptionalLong expected = upload.expectedSize();
        if (expected.isPresent() && expected.getAsLong() > maxUploadSize) {
            throw new MediaTooLargeException(upload.filename(), maxUploadSize, expected.getAsLong(),
                    true);
        }
        CheckedReader reader = new CheckedReader(content, upload, maxUploadSize);
        byte[] head = new byte[Classifier.SNIFF_LENGTH];
        int headLength = reader.readFully(head, 0, head.length);
        Classifier.Classification kind = classifier.classify(
                upload.filename(), upload.contentType().orElse(null), head, headLength);
        MediaId id = MediaId.of(MediaFiles.newKey());

        boolean mayInline = !kind.video()
                && (expected.isEmpty() || expected.getAsLong() <= inlineLimit);
        if (!mayInline) {
            return saveToFile(id, upload, kind, reader, head, headLength);
        }
        byte[] buffer = head;
        int length = headLength;
        while (!reader.ended() && length <= inlineLimit) {
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min((long) inlineLimit + 1, 2L * length));
            }
            length += reader.readFully(buffer, length, buffer.length - length);
        }
        if (length > inlineLimit) {
            return saveToFile(id, upload, kind, reader, buffer, length);
        }
        String sha256 = reader.finish();
        StoredMedia media = describe(id, upload, kind, length, sha256);
        insert(media, length == buffer.length ? buffer : Arrays.copyOf(buffer, length), null);
        LOG.debug("saved {} ({} bytes) into the database", id, length);
        return media;
    }

    private StoredMedia saveToFile(MediaId id, MediaUpload upload, Classifier.Classification kind,
            CheckedReader reader, byte[] prefix, int prefixLength) throws IOException {
        String storagePath = MediaFiles.storagePath(id.value(), kind.extension());
        try (MediaFiles.NewFile file = files.create(id.value(), storagePath)) {
            file.write(prefix, 0, prefixLength);
            if (!reader.ended()) {
                OptionalLong expected = upload.expectedSize();
                // One byte more than the expected rest, so that longer content is noticed.
                long rest = expected.isPresent() ? expected.getAsLong() - reader.count() + 1 : chunkSize;
                byte[] buffer = new byte[(int) Math.max(1, Math.min(chunkSize, rest))];
                while (!reader.ended()) {
                    int n = reader.readFully(buffer, 0, buffer.length);
                    file.write(buffer, 0, n);
                }
            }
            String sha256 = reader.finish();
            Path target = file.moveIntoPlace();
            StoredMedia media = describe(id, upload, kind, reader.count(), sha256);
            insert(media, null, storagePath);
            file.keep();
            LOG.debug("saved {} ({} bytes) to {}", id, reader.count(), target);
            return media;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>A file that goes to disk is read once, to check it and compute its SHA-256, and then moved
     * into place; it is copied only when it is on another file system than the store. A file that
     * goes into the database (not a video, and no larger than the inline limit) is saved as a copy.
     */
    @Override
    public StoredMedia adopt(MediaUpload upload, Path file) throws IOException {
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(file, "file");
        ensureOpen();
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not a regular file to adopt");
        }
        long size = Files.size(file);
        if (size > maxUploadSize) {
            throw new MediaTooLargeException(upload.filename(), maxUploadSize, size, true);
        }
        Classifier.Classification kind;
        String sha256;
        long count;
        try (InputStream in = Files.newInputStream(file)) {
            CheckedReader reader = new CheckedReader(in, upload, maxUploadSize);
            byte[] buffer = new byte[(int) Math.max(Classifier.SNIFF_LENGTH, Math.min(chunkSize, size))];
            int headLength = reader.readFully(buffer, 0, Classifier.SNIFF_LENGTH);
            kind = classifier.classify(upload.filename(), upload.contentType().orElse(null), buffer,
                    headLength);
            if (!kind.video() && size <= inlineLimit) {
                return saveCopy(upload, file);
            }
            while (!reader.ended()) {
                reader.readFully(buffer, 0, buffer.length);
            }
            sha256 = reader.finish();
            count = reader.count();
        }
        MediaId id = MediaId.of(MediaFiles.newKey());
        String storagePath = MediaFiles.storagePath(id.value(), kind.extension());
        StoredMedia media = describe(id, upload, kind, count, sha256);
        MediaFiles.Pending pending = files.journal(storagePath);
        try {
            Path target;
            try {
                target = files.place(file, storagePath);
            } catch (AtomicMoveNotSupportedException e) {
                LOG.debug("{} is on another file system than {}; copying it", file, dataDir);
                return saveCopy(upload, file);
            } catch (IOException e) {
                throw new MediaStoreException("cannot move " + file + " into " + dataDir + ": " + e, e);
            }
            try {
                insert(media, null, storagePath);
            } catch (MediaStoreException | RuntimeException e) {
                try {
                    Files.move(target, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            LOG.debug("adopted {} as {} ({} bytes) at {}", file, id, count, target);
            return media;
        } finally {
            pending.close();
        }
    }

    private StoredMedia saveCopy(MediaUpload upload, Path file) throws IOException {
        StoredMedia media;
        try (InputStream in = Files.newInputStream(file)) {
            media = save(upload, in);
        }
        Files.delete(file);
        return media;
    }

    /** {@return the directory {@code staging/} under the data directory} */
    @Override
    public Optional<Path> stagingDirectory() {
        return Optional.of(files.stagingDirectory());
    }

    private static StoredMedia describe(MediaId id, MediaUpload upload,
            Classifier.Classification kind, long size, String sha256) {
        return StoredMedia.builder(id)
                .projectId(upload.projectId().orElse(null))
                .filename(upload.filename())
                .contentType(kind.contentType())
                .size(size)
                .createdAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                .video(kind.video())
                .sha256(sha256)
                .build();
    }

    private void insert(StoredMedia media, byte[] data, String storagePath) throws MediaStoreException {
        db.write("insert media '" + media.id() + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setString(1, media.id().value());
                ps.setString(2, media.projectId().orElse(null));
                ps.setString(3, media.filename());
                ps.setString(4, media.contentType().orElse(null));
                if (data == null) {
                    ps.setNull(5, Types.BLOB);
                } else {
                    ps.setBytes(5, data);
                }
                ps.setString(6, Timestamps.format(media.createdAt()));
                ps.setString(7, storagePath);
                ps.setLong(8, media.size());
                ps.setInt(9, media.isVideo() ? 1 : 0);
                ps.setString(10, media.sha256().orElse(null));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public MediaContent open(MediaId id) throws IOException {
        return openWindow(id, null);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A range of a file is read with positional reads from its first byte; a range of a BLOB
     * written by an older application is read in chunks.
     */
    @Override
    public MediaContent open(MediaId id, ByteRange range) throws IOException {
        return openWindow(id, Objects.requireNonNull(range, "range"));
    }

    /** Opens all of a media's content when {@code range} is null, else the range. */
    private MediaContent openWindow(MediaId id, ByteRange range) throws IOException {
        Objects.requireNonNull(id, "id");
        ensureOpen();
        MediaContent content = openRow(id, range);
        if (content == null) {
            // The row changed between reading it and reading its BLOB (a migration or a delete
            // ran meanwhile); a second look sees it as it is now.
            content = openRow(id, range);
        }
        if (content == null) {
            throw new NoSuchMediaException(id);
        }
        return content;
    }

    /** Opens a media's file, or its BLOB; null if the row changed meanwhile. */
    private MediaContent openRow(MediaId id, ByteRange range) throws IOException {
        int smallBlob = Math.max(inlineLimit, chunkSize);
        // A small BLOB (the common case for files that are not videos) comes with its row, in one
        // query; SQLite loads it only when octet_length(), which reads just its header, allows.
        byte[][] data = new byte[1][];
        MediaRow row = db.query("open media '" + id + "'", OPEN_ROW, ps -> {
            ps.setInt(1, smallBlob);
            ps.setString(2, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                data[0] = rs.getBytes(MediaRow.COLUMN_COUNT + 1);
                return MediaRow.read(rs);
            }
        });
        if (row == null) {
            throw new NoSuchMediaException(id);
        }
        if (row.storagePath() != null) {
            Path path = files.resolve(row.storagePath());
            if (!files.isAllowed(path)) {
                LOG.warn("refusing to read media {}: its storage path {} leads outside {} and its"
                        + " legacy roots", id, path, dataDir);
                throw new PathOutsideStoreException(id.value(), path, files.allowedRoots());
            }
            try {
                MediaContent content = openFile(row, path, range);
                if (content != null) {
                    return content;
                }
            } catch (NoSuchFileException e) {
                if (row.dataLength() == null) {
                    LOG.warn("the file {} of media {} is missing and its row has no BLOB", path, id);
                    throw new MissingContentException(id, path.toString(), "the file " + path
                            + " does not exist and the row in " + db.file() + " has no BLOB");
                }
                LOG.info("the file {} of media {} is missing; reading the BLOB in the database"
                        + " instead", path, id);
            }
        }
        if (row.dataLength() == null) {
            throw new MissingContentException(id, db.file().toString(), "its row in " + db.file()
                    + " has neither a storage_path nor a BLOB");
        }
        return openBlob(row, range, data[0]);
    }

    /** The part of a media's content to open: all of it, or what a range selects. */
    private record Window(long offset, long length) {
        static Window of(ByteRange range, long size) throws RangeNotSatisfiableException {
            if (range == null) {
                return new Window(0, size);
            }
            ByteRange.Span span = range.within(size);
            return new Window(span.offset(), span.length());
        }
    }

    private MediaContent openFile(MediaRow row, Path path, ByteRange range) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new MediaStoreException("cannot open the file " + path + " of media '" + row.id()
                    + "': " + e, e);
        }
        try {
            long size = channel.size();
            if (row.fileSize() != null && row.fileSize() != size) {
                throw new MediaStoreException("the file " + path + " of media '" + row.id()
                        + "' has " + size + " bytes but the store recorded " + row.fileSize());
            }
            if (row.fileSize() == null && row.dataLength() != null && row.dataLength() != size) {
                // An older application's disk copy that disagrees with its BLOB: trust the BLOB.
                LOG.warn("the file {} of media {} has {} bytes but its BLOB has {}; reading the BLOB",
                        path, row.id(), size, row.dataLength());
                channel.close();
                return null;
            }
            Window w = Window.of(range, size);
            return new FileContent(toMedia(row, size), path, channel, w.offset(), w.length(),
                    w.length() == size, chunkSize);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Opens a row's BLOB, read already if {@code preloaded} is not null; null if it is gone since
     * the row was read.
     */
    private MediaContent openBlob(MediaRow row, ByteRange range, byte[] preloaded)
            throws MediaStoreException {
        long length = row.dataLength();
        if (length > Math.max(inlineLimit, chunkSize)) {
            LOG.info("reading media {} ({} bytes) from a BLOB in chunks; migrateLegacyBlobs() moves"
                    + " such media to files", row.id(), length);
            Window w = Window.of(range, length);
            return new ChunkedBlobContent(toMedia(row, length), db, length, w.offset(), w.length(),
                    chunkSize);
        }
        byte[] data = preloaded != null ? preloaded : db.read("read the BLOB of media '" + row.id() + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT data FROM files WHERE id = ?")) {
                ps.setString(1, row.id());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
        if (data == null) {
            return null;
        }
        Window w = Window.of(range, data.length);
        return new BlobContent(toMedia(row, data.length), data, w.offset(), w.length(), chunkSize);
    }

    @Override
    public Optional<StoredMedia> find(MediaId id) throws IOException {
        Objects.requireNonNull(id, "id");
        ensureOpen();
        Optional<MediaRow> row = row(id);
        return row.isPresent() ? Optional.of(toMedia(row.get())) : Optional.empty();
    }

    @Override
    public List<StoredMedia> list(String projectId) throws IOException {
        ensureOpen();
        String where = projectId == null ? "project_id IS NULL" : "project_id = ?";
        List<MediaRow> rows = db.read("list the media of project " + projectId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MediaRow.COLUMNS
                    + " FROM files WHERE " + where + " ORDER BY created_at DESC, rowid DESC")) {
                if (projectId != null) {
                    ps.setString(1, projectId);
                }
                List<MediaRow> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(MediaRow.read(rs));
                    }
                }
                return result;
            }
        });
        List<StoredMedia> media = new ArrayList<>(rows.size());
        for (MediaRow row : rows) {
            if (!row.hasUsableId()) {
                // An older application may have written any id; one that no MediaId can name
                // cannot be opened either, and must not make the whole project unlistable.
                LOG.warn("skipping a row of project {} in {} whose id cannot be used: '{}'",
                        projectId, db.file(), row.id());
                continue;
            }
            media.add(toMedia(row));
        }
        // The text order of created_at is time order for vidstore's rows but not across the
        // forms older applications wrote; the sort is stable, so rowid still breaks ties.
        media.sort(Comparator.comparing(StoredMedia::createdAt).reversed());
        return media;
    }


    @Override
    public boolean delete(MediaId id) throws IOException {
        Objects.requireNonNull(id, "id");
        ensureOpen();
        Optional<MediaRow> row = row(id);
        if (row.isEmpty()) {
            return false;
        }
        String storagePath = row.get().storagePath();
        // A file outside the allowed roots is never touched, so its removal needs no journal.
        boolean ownsFile = storagePath != null && files.isAllowed(files.resolve(storagePath));
        // The journal covers the moment between the row's removal and the file's.
        MediaFiles.Pending pending = ownsFile ? files.journal(storagePath) : null;
        try {
            // Null: the row was gone already. Empty: no file to remove. Otherwise: the file.
            Optional<String> unreferenced = db.write("delete media '" + id + "'", c -> {
                String path;
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT storage_path FROM files WHERE id = ?")) {
                    ps.setString(1, id.value());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return null;
                        }
                        path = rs.getString(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM files WHERE id = ?")) {
                    ps.setString(1, id.value());
                    ps.executeUpdate();
                }
                return path == null || isReferenced(c, path) ? Optional.empty() : Optional.of(path);
            });
            if (unreferenced == null) {
                return false;
            }
            if (unreferenced.isPresent()) {
                Path path = files.resolve(unreferenced.get());
                try {
                    if (!files.deleteIfAllowed(path)) {
                        LOG.warn("deleted media {}; its file {} lies outside the store's directory"
                                + " and its legacy roots and was left where it is", id, path);
                    }
                } catch (IOException e) {
                    // The row is gone, so the media is deleted; check() reports the file.
                    LOG.warn("deleted media {} but could not remove its file {}", id, path, e);
                }
            }
        } finally {
            if (pending != null) {
                pending.close();
            }
        }
        LOG.debug("deleted {}", id);
        return true;
    }

    private static boolean isReferenced(java.sql.Connection c, String storagePath) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM files WHERE storage_path = ? LIMIT 1")) {
            ps.setString(1, storagePath);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Moves media that older applications kept as BLOBs in the database out to files: videos, and
     * other media larger than the inline limit. Each media is moved in its own step (streamed in
     * chunks, written durably, then its row updated to point at the file and its BLOB set to
     * NULL), so the migration can be interrupted at any point and run again. A row that already
     * has a disk file with the same content only loses its BLOB; a row whose disk file differs from
     * its BLOB is left alone and reported.
     *
     * @param vacuum whether to compact the database afterwards, giving the space of the moved
     *     BLOBs back to the file system (this needs free space about the size of the database)
     * @return what was done
     * @throws MediaStoreException if the database or the files cannot be read or written
     * @throws IllegalStateException if the store is closed
     */
    public LegacyMigrationResult migrateLegacyBlobs(boolean vacuum) throws IOException {
        ensureOpen();
        return new LegacyMigration(db, files, classifier, inlineLimit, chunkSize).run(vacuum);
    }

    /**
     * Compares the database with the files and reports where they disagree: rows whose file is
     * missing (with or without a BLOB to fall back to), files no row references, sizes that differ
     * from the recorded ones, and leftovers of interrupted work; with {@code deep}, also content
     * whose SHA-256 differs from the recorded one (which reads every byte of the store). Nothing is
     * changed. Saves and deletes may run meanwhile; work in flight is not reported.
     *
     * @param deep whether to hash all content
     * @return the findings
     * @throws MediaStoreException if the database or the files cannot be read
     * @throws IllegalStateException if the store is closed
     */
    public ConsistencyReport check(boolean deep) throws IOException {
        ensureOpen();
        return new ConsistencyCheck(db, files, quarantine, chunkSize).run(deep, false);
    }

    /**
     * Like {@link #check(boolean)}, and fixes what is safe to fix, without destroying content:
     * <ul>
     *   <li>files under {@code media/} that no row references ({@link
     *       ConsistencyReport.Problem#ORPHAN_FILE}) are <em>moved</em> into the {@linkplain
     *       #quarantineDirectory() quarantine}, {@code lost+found/<repair-time>/media/xx/<name>},
     *       and listed in that directory's manifest; {@link #quarantined()} lists them and {@link
     *       #purgeQuarantine()} deletes them;
     *   <li>leftovers of interrupted work ({@link ConsistencyReport.Problem#INTERRUPTED_WORK}) are
     *       deleted: temp files in {@code tmp/} (partial by construction), journal markers, and a
     *       file that an interrupted save placed but never committed a row for, or that an
     *       interrupted delete had already deleted the row of. Only files under the data
     *       directory and the legacy roots are deleted.
     * </ul>
     * Rows are never deleted or changed; the other findings are reported for a person to decide.
     *
     * @param deep whether to hash all content
     * @return the findings, with those that were fixed marked as repaired; an orphan's detail says
     *     "moved to quarantine PATH"
     * @throws MediaStoreException if the database or the files cannot be read or changed
     * @throws IllegalStateException if the store is closed
     */
    public ConsistencyReport repair(boolean deep) throws IOException {
        ensureOpen();
        return new ConsistencyCheck(db, files, quarantine, chunkSize).run(deep, true);
    }

    /**
     * {@return the quarantine, {@code <dataDir>/lost+found}}: where {@link #repair(boolean)} moves
     * files that no row references. It is never scanned as media nor reported as orphans. Each
     * repair that moves anything makes a directory in it named after its start time (such as
     * {@code 20261204T205702.123Z}), which holds the files at their paths relative to the data
     * directory and a manifest {@code MANIFEST.tsv}: UTF-8, a {@code #} header line, then one line
     * per file with the tab-separated fields {@code original_path size reason quarantined_at}
     * (path relative to the data directory with {@code /}, bytes, text, ISO-8601 instant; a
     * backslash, tab, newline or carriage return in a field is written {@code \\}, {@code \t},
     * {@code \n} or {@code \r}).
     */
    public Path quarantineDirectory() {
        return quarantine.directory();
    }

    /**
     * Lists the files in the quarantine, as their manifests record them, oldest repair first.
     * Files a manifest names that are no longer there are left out.
     *
     * @return the quarantined files
     * @throws IOException if the quarantine or a manifest cannot be read
     * @throws IllegalStateException if the store is closed
     */
    public List<QuarantinedFile> quarantined() throws IOException {
        ensureOpen();
        return quarantine.list();
    }

    /**
     * Deletes the files in the quarantine that a manifest names, then the manifests and the
     * directories left empty. Files that no manifest names are left alone, and so is the
     * directory of a repair that is running in another store or process.
     *
     * @return how many quarantined files were deleted
     * @throws IOException if the quarantine cannot be read or a file cannot be deleted
     * @throws IllegalStateException if the store is closed
     */
    public long purgeQuarantine() throws IOException {
        ensureOpen();
        return quarantine.purge();
    }

    private Optional<MediaRow> row(MediaId id) throws MediaStoreException {
        return db.query("find media '" + id + "'", FIND_ROW, ps -> {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(MediaRow.read(rs)) : Optional.empty();
            }
        });
    }

    private StoredMedia toMedia(MediaRow row) {
        if (row.fileSize() != null) {
            return toMedia(row, row.fileSize());
        }
        long blobSize = row.dataLength() == null ? 0 : row.dataLength();
        if (row.storagePath() == null) {
            return toMedia(row, blobSize);
        }
        Path path = files.resolve(row.storagePath());
        if (!files.isAllowed(path)) {
            return toMedia(row, blobSize);
        }
        try {
            return toMedia(row, Files.size(path));
        } catch (IOException e) {
            // A missing file: the BLOB, if any, is what open() would read.
            return toMedia(row, blobSize);
        }
    }

    private StoredMedia toMedia(MediaRow row, long size) {
        boolean video = row.isVideo(classifier);
        Instant createdAt = Timestamps.parse(row.createdAt()).orElseGet(() -> {
            LOG.warn("media {} has a created_at that is not a timestamp: '{}'", row.id(), row.createdAt());
            return Instant.EPOCH;
        });
        return StoredMedia.builder(MediaId.of(row.id()))
                .projectId(row.projectId())
                .filename(row.filename())
                .contentType(row.contentType())
                .size(size)
                .createdAt(createdAt)
                .video(video)
                .sha256(row.sha256())
                .build();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the store in " + dataDir + " is closed");
        }
    }

    /** Closes the database connections. Contents opened from files stay readable until closed. */
    @Override
    public void close() {
        if (!closed.getAndSet(true)) {
            db.close();
        }
    }

    @Override
    public String toString() {
        return "SqliteMediaStore[" + dataDir + ", database " + db.file() + "]";
    }

    /**
     * Configures a {@link SqliteMediaStore}. Each setter checks its value at once and throws an
     * {@link IllegalArgumentException} naming the setting and the value; {@link #build()} checks
     * the settings against each other and opens the store. Builders are not thread-safe.
     */
    public static final class Builder {
        private final Path dataDir;
        private Path database;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private int inlineLimit = DEFAULT_INLINE_LIMIT;
        private long maxUploadSize = Long.MAX_VALUE;
        private Set<String> videoExtensions = Classifier.DEFAULT_VIDEO_EXTENSIONS;
        private TypeMismatchPolicy typeMismatchPolicy = TypeMismatchPolicy.TRUST_CONTENT;
        private Duration busyTimeout = Duration.ofSeconds(10);
        private int maxConnections = 8;
        private boolean recreateDatabase;
        private boolean createIfMissing = true;
        private List<Path> legacyRoots = List.of();

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        }

        /**
         * Uses an existing database file, such as one written by the application vidstore
         * replaces, instead of {@value SqliteMediaStore#DEFAULT_DATABASE_NAME} in the data
         * directory. Its {@code files} table is upgraded in place.
         *
         * @param dbFile the database file; created if it does not exist (see {@link #build()} for
         *     when that is refused)
         * @return this builder
         */
        public Builder database(Path dbFile) {
            this.database = Objects.requireNonNull(dbFile, "dbFile").toAbsolutePath().normalize();
            return this;
        }

        /**
         * Sets the size of the chunks in which content is read and written (default 8 MiB). It
         * bounds the memory one transfer uses.
         *
         * @param bytes from 4 KiB to 256 MiB
         * @return this builder
         */
        public Builder chunkSize(int bytes) {
            if (bytes < 4096 || bytes > 256 << 20) {
                throw new IllegalArgumentException(
                        "chunkSize must be between 4096 and 268435456 bytes but was " + bytes);
            }
            this.chunkSize = bytes;
            return this;
        }

        /**
         * Sets the size up to which files that are not videos are kept in the database (default
         * 16 KiB, see {@link SqliteMediaStore#DEFAULT_INLINE_LIMIT}). 0 keeps every file on disk.
         *
         * @param bytes from 0 to {@value SqliteMediaStore#MAX_INLINE_LIMIT}
         * @return this builder
         */
        public Builder inlineLimit(int bytes) {
            if (bytes < 0 || bytes > MAX_INLINE_LIMIT) {
                throw new IllegalArgumentException("inlineLimit must be between 0 and "
                        + MAX_INLINE_LIMIT + " bytes but was " + bytes);
            }
            this.inlineLimit = bytes;
            return this;
        }

        /**
         * Sets the largest upload accepted; larger ones fail with {@link MediaTooLargeException}
         * as soon as they pass it. Unlimited by default.
         *
         * @param bytes at least 1
         * @return this builder
         */
        public Builder maxUploadSize(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxUploadSize must be at least 1 but was " + bytes);
            }
            this.maxUploadSize = bytes;
            return this;
        }

        /**
         * Sets the filename extensions that mark an upload as a video (default {@code mp4 mov avi
         * mkv webm}), compared without case. A {@code video/*} content type also marks a video,
         * and so, unless the {@link TypeMismatchPolicy} says otherwise, do the first bytes of a
         * video container.
         *
         * @param extensions extensions of 1 to 10 letters or digits, with or without a leading dot
         * @return this builder
         */
        public Builder videoExtensions(Collection<String> extensions) {
            Objects.requireNonNull(extensions, "extensions");
            Set<String> normalized = new LinkedHashSet<>();
            for (String e : extensions) {
                Objects.requireNonNull(e, "extensions contains null");
                String x = (e.startsWith(".") ? e.substring(1) : e).toLowerCase(Locale.ROOT);
                if (!x.matches("[a-z0-9]{1,10}")) {
                    throw new IllegalArgumentException("videoExtensions contains '" + e
                            + "', which is not 1 to 10 letters or digits");
                }
                normalized.add(x);
            }
            this.videoExtensions = Set.copyOf(normalized);
            return this;
        }

        /**
         * Sets what happens when an upload's first bytes contradict its content type and filename
         * (default {@link TypeMismatchPolicy#TRUST_CONTENT}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder typeMismatchPolicy(TypeMismatchPolicy policy) {
            this.typeMismatchPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets how long a write waits for another process that holds the database's write lock
         * (default 10 seconds).
         *
         * @param timeout from 0 to 10 minutes
         * @return this builder
         */
        public Builder busyTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException(
                        "busyTimeout must be between 0 and 10 minutes but was " + timeout);
            }
            this.busyTimeout = timeout;
            return this;
        }

        /**
         * Sets how many database connections the store may open (default 8); more allow more
         * concurrent reads of metadata and small files.
         *
         * @param connections from 1 to 64
         * @return this builder
         */
        public Builder maxConnections(int connections) {
            if (connections < 1 || connections > 64) {
                throw new IllegalArgumentException(
                        "maxConnections must be between 1 and 64 but was " + connections);
            }
            this.maxConnections = connections;
            return this;
        }

        /**
         * Lets the store open a data directory whose {@code media/} holds files although its
         * database is missing, empty (0 bytes) or has no {@code files} table, by creating a new
         * database (default false: such an open fails, see {@link #build()}). The files then have
         * no rows, so a check reports them as orphans and a repair moves them into the quarantine.
         *
         * <p>It also lets a new database be made in an existing data directory when {@link
         * #createIfMissing(boolean) createIfMissing(false)} is set: asking to recreate the database
         * is asking to create it.
         *
         * @param recreate whether to create a new database next to existing media files
         * @return this builder
         */
        public Builder recreateDatabase(boolean recreate) {
            this.recreateDatabase = recreate;
            return this;
        }

        /**
         * Sets whether {@link #build()} may create a new store (default true). With false, it opens
         * only an existing one: a database with a {@code files} table, and, unless {@link
         * #database(Path)} names that database, an existing data directory. Otherwise it fails with
         * {@link NoSuchStoreException} naming the path, and creates nothing on disk (a data
         * directory that holds media files but no usable database fails as {@link #build()} says,
         * and {@link #recreateDatabase(boolean)} allows making the database). (With an
         * existing database named by {@link #database(Path)}, the data directory and its
         * subdirectories are created as needed, as they belong to that store.)
         *
         * @param create whether a missing store may be created
         * @return this builder
         */
        public Builder createIfMissing(boolean create) {
            this.createIfMissing = create;
            return this;
        }

        /**
         * Sets the directories, besides the data directory, under which the {@code storage_path}
         * of rows written by older applications is followed (default none). A path that leads
         * elsewhere, through {@code ../}, as an absolute path or through a symbolic link (links
         * are resolved when judging), is not followed: {@link SqliteMediaStore#open(MediaId)}
         * throws {@link PathOutsideStoreException}, {@link SqliteMediaStore#delete(MediaId)}
         * removes the row but leaves the file, and {@link SqliteMediaStore#check(boolean)} reports
         * {@link ConsistencyReport.Problem#PATH_OUTSIDE_ROOTS}. Replaces roots set before.
         *
         * @param roots directories; they need not exist yet
         * @return this builder
         */
        public Builder legacyRoots(Path... roots) {
            return legacyRoots(Arrays.asList(Objects.requireNonNull(roots, "roots")));
        }

        /**
         * Like {@link #legacyRoots(Path...)}.
         *
         * @param roots directories; they need not exist yet
         * @return this builder
         */
        public Builder legacyRoots(Collection<Path> roots) {
            Objects.requireNonNull(roots, "roots");
            List<Path> normalized = new ArrayList<>();
            for (Path root : roots) {
                Objects.requireNonNull(root, "legacyRoots contains null");
                normalized.add(root.toAbsolutePath().normalize());
            }
            this.legacyRoots = List.copyOf(normalized);
            return this;
        }

        /**
         * Opens the store: creates the directories and the database if needed (and allowed),
         * upgrades an older database in place, and removes temp files that a crash left behind.
         *
         * <p>It refuses to make a new database next to existing content: when the database is
         * missing, empty (0 bytes) or has no {@code files} table, and {@code media/} holds files,
         * it fails with a {@link MediaStoreException} naming the data directory, the database and
         * how many files were found, and creates nothing, unless {@link #recreateDatabase(boolean)}
         * allows it. A database of the original application (a {@code files} table) opens as
         * always.
         *
         * @return the open store, which the caller must close
         * @throws NoSuchStoreException with {@link #createIfMissing(boolean) createIfMissing(false)},
         *     if there is no store to open
         * @throws MediaStoreException if the directory or the database cannot be created or opened,
         *     the database is not one this version can read, or it would be created next to
         *     existing media files
         */
        public SqliteMediaStore build() throws IOException {
            Path dbFile = database != null ? database : dataDir.resolve(DEFAULT_DATABASE_NAME);
            Schema.State state = Schema.probe(dbFile);
            if (!createIfMissing && !Files.isDirectory(dataDir) && (database == null || state.isNew())) {
                throw new NoSuchStoreException(dataDir, "the directory does not exist");
            }
            if (state.isNew() && !recreateDatabase) {
                long found = countMediaFiles(dataDir.resolve("media"));
                if (found > 0) {
                    throw new MediaStoreException("refusing to open " + dataDir + ": the database "
                            + dbFile + " " + state.description() + " but " + dataDir.resolve("media")
                            + " holds " + found + " media files, which a new database would not"
                            + " know (a repair would take them all for orphans). Restore the"
                            + " database from a backup, or name the right one with"
                            + " database(Path) (--database); to start a new database anyway, open"
                            + " with recreateDatabase(true) (--recreate-database): the files then"
                            + " show as orphans, which a repair moves into " + dataDir.resolve(
                                    Quarantine.DIRECTORY));
                }
                if (!createIfMissing) {
                    throw new NoSuchStoreException(dbFile, "the database " + state.description());
                }
            }
            MediaFiles files = new MediaFiles(dataDir, legacyRoots);
            if (dbFile.getParent() != null && !Files.isDirectory(dbFile.getParent())) {
                throw new MediaStoreException("cannot open database " + dbFile + ": its directory"
                        + " does not exist");
            }
            if (state.isNew() && recreateDatabase) {
                LOG.warn("creating a new database {} for {}, which may hold media files without rows",
                        dbFile, dataDir);
            }
            Database db = new Database(dbFile, maxConnections, busyTimeout);
            try {
                Schema.migrate(db);
            } catch (MediaStoreException | RuntimeException e) {
                db.close();
                throw e;
            }
            try {
                files.recover(path -> db.read("look up a file's row",
                        c -> isReferenced(c, path)));
            } catch (MediaStoreException | RuntimeException e) {
                db.close();
                throw e;
            }
            LOG.debug("opened store {} with database {}", dataDir, dbFile);
            return new SqliteMediaStore(this, db, files);
        }

        /** Counts the regular files under a directory, without following links; 0 if it is missing. */
        private static long countMediaFiles(Path mediaDir) throws MediaStoreException {
            if (!Files.isDirectory(mediaDir)) {
                return 0;
            }
            try (java.util.stream.Stream<Path> walk = Files.walk(mediaDir)) {
                return walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        .count();
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new MediaStoreException("cannot list " + mediaDir + " to see whether it holds"
                        + " media: " + e, e);
            }
        }
    }
}
