package io.vidstore.s3;

import io.vidstore.api.ByteRange;
import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaStore;
import io.vidstore.api.MediaStoreException;
import io.vidstore.api.MediaTooLargeException;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.MissingContentException;
import io.vidstore.api.NoSuchMediaException;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.TypeMismatchPolicy;
import io.vidstore.store.support.CheckedReader;
import io.vidstore.store.support.Classifier;
import io.vidstore.store.support.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.sql.Connection;
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
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A {@link MediaStore} for several servers: content in a bucket of S3-compatible object storage
 * (AWS S3, MinIO, Ceph RGW, …), metadata and small files in PostgreSQL through the caller's
 * {@link DataSource}. Every server that builds a store on the same bucket, key prefix and database
 * sees the same media at once.
 *
 * <pre>{@code
 * S3MediaStore store = S3MediaStore.builder()
 *         .endpoint(URI.create("https://s3.eu-central-1.amazonaws.com"))
 *         .region("eu-central-1")
 *         .bucket("my-media")
 *         .dataSource(dataSource)            // PostgreSQL, e.g. a HikariDataSource
 *         .build();
 * }</pre>
 *
 * <h2>Where content goes</h2>
 * <ul>
 *   <li><b>Videos</b> and other files larger than the {@linkplain Builder#inlineLimit(int) inline
 *       limit} go to the object {@code <prefix>media/xx/<uuid>.<ext>}; the row's {@code
 *       storage_path} holds the key, {@code data} is NULL. How the object is written depends on
 *       what the upload declares:
 *       <ul>
 *         <li>content that fits into one {@linkplain Builder#partSize(int) part} is buffered and
 *             written with one {@code PutObject};
 *         <li>content whose {@linkplain MediaUpload#expectedSize() size is declared}, larger than
 *             one part and at most 5 GiB (S3's limit for one {@code PutObject}), is the body of
 *             one {@code PutObject} of that length, read from the caller's stream while it is
 *             sent: nothing is buffered but the S3 client's small chunks. The body can be sent
 *             only once, so this request is never retried; a save whose stream fails, or ends
 *             before or after the declared size, fails with the same exception as on the other
 *             paths;
 *         <li>other content (of unknown length, or declared larger than 5 GiB) with a multipart
 *             upload whose parts upload in parallel, at most {@linkplain
 *             Builder#uploadParallelism(int) parallelism} at once.
 *       </ul>
 *       Heap used by a save is at most {@code (parallelism + 1) × part size}, whatever the size of
 *       the file.
 *   <li><b>Other files</b> up to the inline limit are kept in the row's {@code data} ({@code
 *       bytea}).
 *   <li>The SHA-256 is computed while the content streams, and checked, with the size, before
 *       the row is written. A failed save aborts its multipart upload (or deletes its object,
 *       which a streaming {@code PutObject} may have completed before the check) and leaves no
 *       row.
 * </ul>
 *
 * <p>A streaming {@code PutObject} holds its connection to object storage for as long as the
 * caller's stream takes; a stream that stalls for longer than the server's idle timeout fails the
 * save (AWS S3 answers {@code RequestTimeout}). Callers that relay slow clients can leave the size
 * undeclared, so that only whole, buffered parts are sent.
 *
 * <h2>Crashes and drift</h2>
 * Before the first byte goes to the bucket, a save records its object key in the table {@code
 * upload_journal}; the row of the media and the removal of that entry commit together. Entries
 * that outlive their process are cleaned up when a store starts ({@link Builder#recoverOnStart})
 * and by {@link #repair()}: only entries whose owner stopped sending heartbeats for the {@linkplain
 * Builder#gracePeriod(Duration) grace period}, or whose owner was a process on this machine that
 * no longer runs, so that uploads of other servers that are alive are never touched. {@link
 * #check()} lists objects that no row references and rows whose object is missing; {@link
 * #repair()} moves the first into a quarantine instead of deleting them, and only {@link
 * #purgeQuarantine()} deletes them.
 *
 * <h2>Threads and processes</h2>
 * The store is thread-safe; any number of processes may share a bucket and database. Ids are
 * random UUIDs, unique in the database's primary key; object keys are random too. No database
 * connection or transaction is held while content streams. {@link MediaContent#localPath()} is
 * always empty: content is read with ranged {@code GetObject} requests.
 */
public final class S3MediaStore implements MediaStore {

    private static final Logger LOG = LoggerFactory.getLogger(S3MediaStore.class);

    /** The smallest part size S3 accepts for all parts but the last: 5 MiB. */
    public static final int MIN_PART_SIZE = 5 << 20;

    /** The largest part size accepted here: 512 MiB, since parts are buffered in memory. */
    public static final int MAX_PART_SIZE = 512 << 20;

    /** The default part size: 8 MiB. */
    public static final int DEFAULT_PART_SIZE = 8 << 20;

    /** The default number of parts uploaded at once by one save: 4. */
    public static final int DEFAULT_UPLOAD_PARALLELISM = 4;

    /** The default inline limit: files up to 16 KiB that are not videos are kept in the database. */
    public static final int DEFAULT_INLINE_LIMIT = 16 << 10;

    /** The largest inline limit accepted: 16 MiB, since inline content is held whole in memory. */
    public static final int MAX_INLINE_LIMIT = 16 << 20;

    /** The most parts S3 allows in one multipart upload: the size limit is at most this × part size. */
    public static final int MAX_PARTS = 10_000;

    /** The default grace period after which a silent owner's uploads are taken as abandoned: 10 minutes. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofMinutes(10);

    /**
     * The buffer of a transfer from an object: a network read returns at most what the socket
     * holds, so a larger buffer would cost heap and gain nothing.
     */
    private static final int READ_BUFFER = 256 << 10;

    private static final String INSERT = "INSERT INTO files (id, project_id, filename, content_type,"
            + " data, created_at, storage_path, file_size, is_video, sha256)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final S3Client s3;
    private final boolean ownsClient;
    private final String bucket;
    private final String keyPrefix;
    private final int partSize;
    private final int parallelism;
    private final int inlineLimit;
    private final long maxUploadSize;
    private final Classifier classifier;
    private final Database db;
    private final Journal journal;
    private final ExecutorService uploads;
    private final ScheduledExecutorService heartbeat;
    private final AtomicBoolean closed = new AtomicBoolean();

    private S3MediaStore(Builder b, S3Client s3, boolean ownsClient) {
        this.s3 = s3;
        this.ownsClient = ownsClient;
        this.bucket = b.bucket;
        this.keyPrefix = b.keyPrefix;
        this.partSize = b.partSize;
        this.parallelism = b.uploadParallelism;
        this.inlineLimit = b.inlineLimit;
        this.maxUploadSize = b.maxUploadSize;
        this.classifier = new Classifier(b.videoExtensions, b.typeMismatchPolicy);
        this.db = new Database(b.dataSource);
        this.journal = new Journal(db, b.gracePeriod);
        this.uploads = Executors.newCachedThreadPool(daemon("vidstore-s3-upload-"));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("vidstore-s3-heartbeat-"));
        long period = Math.max(100, Math.min(30_000, b.gracePeriod.toMillis() / 4));
        heartbeat.scheduleWithFixedDelay(journal::heartbeat, period, period, TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory daemon(String prefix) {
        return r -> {
            Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Starts configuring a store.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the bucket that holds the content} */
    public String bucket() {
        return bucket;
    }

    /** {@return the prefix of every object key this store writes; empty or ending with {@code /}} */
    public String keyPrefix() {
        return keyPrefix;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Heap used is at most {@code (upload parallelism + 1) × part size}, plus the inline limit
     * while a file that is not a video might still fit into the database. Content whose {@link
     * MediaUpload#expectedSize()} is larger than one part and at most 5 GiB is streamed as the
     * body of one {@code PutObject} without buffering a part (see the class description).
     */
    @Override
    public StoredMedia save(MediaUpload upload, InputStream content) throws IOException {
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(content, "content");
        ensureOpen();
        OptionalLong expected = upload.expectedSize();
        if (expected.isPresent() && expected.getAsLong() > maxUploadSize) {
            throw new MediaTooLargeException(upload.filename(), maxUploadSize, expected.getAsLong(), true);
        }
        CheckedReader reader = new CheckedReader(content, upload, maxUploadSize);
        byte[] head = new byte[Classifier.SNIFF_LENGTH];
        int headLength = reader.readFully(head, 0, head.length);
        Classifier.Classification kind = classifier.classify(
                upload.filename(), upload.contentType().orElse(null), head, headLength);
        MediaId id = MediaId.of(UUID.randomUUID().toString());

        boolean mayInline = !kind.video() && (expected.isEmpty() || expected.getAsLong() <= inlineLimit);
        if (!mayInline) {
            return saveToObject(id, upload, kind, reader, head, headLength);
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
            return saveToObject(id, upload, kind, reader, buffer, length);
        }
        String sha256 = reader.finish();
        StoredMedia media = describe(id, upload, kind, length, sha256);
        byte[] data = length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        db.write("insert media '" + id + "'", c -> {
            insert(c, media, data, null);
            return null;
        });
        LOG.debug("saved {} ({} bytes) into the database", id, length);
        return media;
    }

    private StoredMedia saveToObject(MediaId id, MediaUpload upload, Classifier.Classification kind,
            CheckedReader reader, byte[] prefix, int prefixLength) throws IOException {
        String key = objectKey(id.value(), kind.extension());
        journal.begin(key);
        ObjectWriter writer = new ObjectWriter(s3, bucket, key, kind.contentType(), partSize,
                parallelism, uploads, journal);
        try {
            writer.write(prefix, prefixLength, reader, upload.expectedSize());
            String sha256 = reader.finish();
            writer.complete();
            StoredMedia media = describe(id, upload, kind, reader.count(), sha256);
            db.write("insert media '" + id + "'", c -> {
                insert(c, media, null, key);
                journal.endInTransaction(c, key);
                return null;
            });
            journal.ended();
            LOG.debug("saved {} ({} bytes) to s3://{}/{}", id, reader.count(), bucket, key);
            return media;
        } catch (IOException | RuntimeException | Error e) {
            boolean clean = writer.abort(e);
            if (clean) {
                try {
                    journal.end(key);
                } catch (MediaStoreException suppressed) {
                    e.addSuppressed(suppressed);
                    clean = false;
                }
            }
            if (!clean) {
                journal.abandon(key);
                LOG.warn("the failed upload of {} may have left s3://{}/{} behind; the next repair"
                        + " removes it", id, bucket, key);
            }
            throw e;
        }
    }

    private String objectKey(String id, String extension) {
        return keyPrefix + "media/" + id.substring(0, 2) + "/" + id
                + (extension == null ? "" : "." + extension);
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

    private static void insert(Connection c, StoredMedia media, byte[] data,
            String storagePath) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, media.id().value());
            ps.setString(2, media.projectId().orElse(null));
            ps.setString(3, media.filename());
            ps.setString(4, media.contentType().orElse(null));
            if (data == null) {
                ps.setNull(5, Types.BINARY);
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
    }

    @Override
    public MediaContent open(MediaId id) throws IOException {
        return openWindow(id, null);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A range of an object is read with a {@code GetObject} request whose {@code Range} header
     * asks for just those bytes.
     */
    @Override
    public MediaContent open(MediaId id, ByteRange range) throws IOException {
        return openWindow(id, Objects.requireNonNull(range, "range"));
    }

    private MediaContent openWindow(MediaId id, ByteRange range) throws IOException {
        Objects.requireNonNull(id, "id");
        ensureOpen();
        byte[][] data = new byte[1][];
        MediaRow row = db.read("open media '" + id + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MediaRow.COLUMNS
                    + ", CASE WHEN storage_path IS NULL THEN data END FROM files WHERE id = ?")) {
                ps.setString(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    data[0] = rs.getBytes(MediaRow.COLUMN_COUNT + 1);
                    return MediaRow.read(rs);
                }
            }
        });
        if (row == null) {
            throw new NoSuchMediaException(id);
        }
        StoredMedia media = row.toMedia(classifier);
        long offset = 0;
        long size = media.size();
        if (range != null) {
            ByteRange.Span span = range.within(size);
            offset = span.offset();
            size = span.length();
        }
        if (row.storagePath() != null) {
            return ObjectContent.open(media, offset, size, READ_BUFFER, s3, bucket, row.storagePath());
        }
        if (data[0] == null) {
            throw new MissingContentException(id, "the row of media '" + id + "' in the database",
                    "the row of media '" + id + "' has neither an object key nor data");
        }
        if (data[0].length < offset + size) {
            throw new MissingContentException(id, "the row of media '" + id + "' in the database",
                    "the data in the row of media '" + id + "' has " + data[0].length + " bytes, not the " + media.size() + " recorded");
        }
        return new BytesContent(media, data[0], offset, size);
    }

    @Override
    public Optional<StoredMedia> find(MediaId id) throws IOException {
        Objects.requireNonNull(id, "id");
        ensureOpen();
        return db.read("find media '" + id + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + MediaRow.COLUMNS + " FROM files WHERE id = ?")) {
                ps.setString(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(MediaRow.read(rs).toMedia(classifier)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StoredMedia> list(String projectId) throws IOException {
        ensureOpen();
        String where = projectId == null ? "project_id IS NULL" : "project_id = ?";
        return db.read("list the media of project '" + projectId + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MediaRow.COLUMNS
                    + " FROM files WHERE " + where + " ORDER BY created_at DESC, seq DESC")) {
                if (projectId != null) {
                    ps.setString(1, projectId);
                }
                List<StoredMedia> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(MediaRow.read(rs).toMedia(classifier));
                    }
                }
                return result;
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>The row is deleted and the deletion of its object journalled in one transaction; then the
     * object is deleted. If that fails (or the process stops first), the next recovery or repair
     * deletes it. Streams already open on the object may fail once it is gone.
     */
    @Override
    public boolean delete(MediaId id) throws IOException {
        Objects.requireNonNull(id, "id");
        ensureOpen();
        String[] key = new String[1];
        boolean deleted = db.write("delete media '" + id + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM files WHERE id = ? RETURNING storage_path")) {
                ps.setString(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    key[0] = rs.getString(1);
                }
            }
            if (key[0] != null) {
                journal.beginInTransaction(c, key[0]);
            }
            return true;
        });
        if (deleted && key[0] != null) {
            try {
                s3.deleteObject(b -> b.bucket(bucket).key(key[0]));
                journal.end(key[0]);
            } catch (SdkException | MediaStoreException e) {
                journal.abandon(key[0]);
                LOG.warn("deleted media '{}' but not yet its object s3://{}/{}: {}; the next repair"
                        + " deletes it", id, bucket, key[0], e.toString());
            }
        }
        return deleted;
    }

    /**
     * Compares the database with the bucket without changing either: rows whose object is missing
     * or has another size, objects under the key prefix that no row references, and uploads left
     * by processes that stopped. The same as {@code check(false)}.
     *
     * @return what disagrees
     * @throws MediaStoreException if the database or the bucket cannot be read
     * @throws IllegalStateException if the store is closed
     */
    public ConsistencyReport check() throws IOException {
        return check(false);
    }

    /**
     * Compares the database with the bucket without changing either: rows whose object is missing
     * or has another size, objects under the key prefix that no row references, and uploads left
     * by processes that stopped. With {@code deep}, it also downloads every object whose size is
     * right and hashes the content kept inline in the database, and reports content whose SHA-256
     * differs from its row's ({@link ConsistencyReport.Problem#CHECKSUM_MISMATCH}): that reads
     * the whole store once. Memory stays bounded: rows and objects are walked side by side in key
     * order, and content is hashed as it streams.
     *
     * @param deep whether to hash all content
     * @return what disagrees
     * @throws MediaStoreException if the database or the bucket cannot be read
     * @throws IllegalStateException if the store is closed
     */
    public ConsistencyReport check(boolean deep) throws IOException {
        ensureOpen();
        return new ConsistencyCheck(s3, bucket, keyPrefix, db, journal).run(deep, false);
    }

    /**
     * Runs {@link #check(boolean) check(false)} and repairs what is safe; the same as {@code
     * repair(false)}.
     *
     * @return what disagreed, with what was repaired
     * @throws MediaStoreException if the database or the bucket cannot be read or changed
     * @throws IllegalStateException if the store is closed
     */
    public ConsistencyReport repair() throws IOException {
        return repair(false);
    }

    /**
     * Runs {@link #check(boolean)} and repairs what can be repaired safely. A repair never deletes
     * content that may be a user's only copy:
     * <ul>
     *   <li><b>Orphan objects</b> (under {@code <prefix>media/}, referenced by no row and by no
     *       running save) are <em>moved into quarantine</em>, not deleted: each is copied to
     *       {@code <prefix>quarantine/<repair>/<key without prefix>} (where {@code <repair>} is
     *       the repair's UTC start time, such as {@code 20261204T210350.123Z}, and a random
     *       suffix) and the original is deleted only once the copy has the same size. Each repair
     *       that moves anything writes {@code <prefix>quarantine/<repair>/MANIFEST.tsv}, one
     *       tab-separated line per object: original key, quarantined key, size, last modified,
     *       reason, time of the repair. A database that is missing, empty or new therefore loses
     *       nothing: its repair quarantines every object. Quarantined objects are outside {@code
     *       <prefix>media/}, so no later check reports them as orphans and {@link #list} never
     *       shows them; {@link #quarantined()} lists them, and only {@link #purgeQuarantine()}
     *       deletes them.
     *   <li><b>Leftovers of interrupted work</b> are cleaned up as before, because they never were
     *       a saved media: multipart uploads that no running save owns are aborted, and the
     *       journal entries of processes that stopped during a save or a delete are removed with
     *       what they account for (their multipart upload, and their object unless a row
     *       references it). Only entries of owners that are gone (see the class description) are
     *       touched.
     *   <li>Rows whose object is missing and content whose SHA-256 differs are left as they are,
     *       so that their loss stays visible.
     * </ul>
     *
     * @param deep whether to hash all content
     * @return what disagreed, with what was repaired
     * @throws MediaStoreException if the database or the bucket cannot be read or changed
     * @throws IllegalStateException if the store is closed
     */
    public ConsistencyReport repair(boolean deep) throws IOException {
        ensureOpen();
        return new ConsistencyCheck(s3, bucket, keyPrefix, db, journal).run(deep, true);
    }

    /**
     * Lists the objects that repairs moved into quarantine (see {@link #repair(boolean)}), in key
     * order, which is the order of the repairs; the manifests are left out. The list is built in
     * memory, one small record per object.
     *
     * @return the quarantined objects, empty if there are none
     * @throws MediaStoreException if the bucket cannot be listed
     * @throws IllegalStateException if the store is closed
     */
    public List<QuarantinedObject> quarantined() throws IOException {
        ensureOpen();
        return new Quarantine(s3, bucket, keyPrefix).list();
    }

    /**
     * Deletes every object under {@code <prefix>quarantine/}: what repairs moved there, with
     * their manifests. This is the only operation of the store that deletes content no row
     * references; call it once the quarantined objects are known to be of no use (see {@link
     * #quarantined()}). It affects every server sharing the bucket and key prefix.
     *
     * @return how many quarantined objects were deleted, not counting the manifests
     * @throws MediaStoreException if the bucket cannot be listed or an object cannot be deleted;
     *     the message says how many were deleted before
     * @throws IllegalStateException if the store is closed
     */
    public long purgeQuarantine() throws IOException {
        ensureOpen();
        return new Quarantine(s3, bucket, keyPrefix).purge();
    }

    /**
     * Cleans up after processes that stopped during a save or a delete: aborts their multipart
     * uploads and deletes their objects that no row references. Only journal entries of owners
     * that are gone (see the class description) are touched. Builds run this unless told not to.
     *
     * @return how many entries were cleaned up
     * @throws MediaStoreException if the journal cannot be read
     * @throws IllegalStateException if the store is closed
     */
    public int recoverInterruptedUploads() throws IOException {
        ensureOpen();
        return new ConsistencyCheck(s3, bucket, keyPrefix, db, journal).recoverJournal(null);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the store on bucket '" + bucket + "' is closed");
        }
    }

    /**
     * Closes the store: stops its threads and, if the store created its S3 client, closes it.
     * The caller's {@link DataSource} is not closed. Saves that are running fail.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        heartbeat.shutdownNow();
        uploads.shutdownNow();
        if (ownsClient) {
            s3.close();
        }
    }

    @Override
    public String toString() {
        return "S3MediaStore[s3://" + bucket + "/" + keyPrefix + "]";
    }

    /**
     * Configures an {@link S3MediaStore}. Each setting is checked when it is set, and {@link
     * #build()} checks them against each other. Not thread-safe.
     */
    public static final class Builder {

        private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
        private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,10}");

        private URI endpoint;
        private String region;
        private String bucket;
        private AwsCredentialsProvider credentials;
        private boolean pathStyleAccess;
        private String keyPrefix = "";
        private int partSize = DEFAULT_PART_SIZE;
        private int uploadParallelism = DEFAULT_UPLOAD_PARALLELISM;
        private int inlineLimit = DEFAULT_INLINE_LIMIT;
        private long maxUploadSize = -1;
        private DataSource dataSource;
        private Set<String> videoExtensions = Classifier.DEFAULT_VIDEO_EXTENSIONS;
        private TypeMismatchPolicy typeMismatchPolicy = TypeMismatchPolicy.TRUST_CONTENT;
        private Duration gracePeriod = DEFAULT_GRACE_PERIOD;
        private boolean recoverOnStart = true;
        private S3Client client;

        private Builder() {
        }

        /**
         * Sets the S3 endpoint, for S3-compatible servers (MinIO, Ceph RGW, …) or a specific AWS
         * endpoint. Default: AWS S3 of the {@linkplain #region region}.
         *
         * @param endpoint an absolute {@code http} or {@code https} URI without query or fragment
         * @return this builder
         * @throws IllegalArgumentException if the URI is not such a URI
         */
        public Builder endpoint(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null
                    || endpoint.getQuery() != null || endpoint.getFragment() != null) {
                throw new IllegalArgumentException("endpoint must be an http or https URI with a host"
                        + " and without query or fragment, but was '" + endpoint + "'");
            }
            this.endpoint = endpoint;
            return this;
        }

        /**
         * Sets the region (required), such as {@code eu-central-1}; S3-compatible servers usually
         * accept {@code us-east-1}.
         *
         * @param region the region's name
         * @return this builder
         * @throws IllegalArgumentException if the name is blank or not lower-case letters, digits and hyphens
         */
        public Builder region(String region) {
            Objects.requireNonNull(region, "region");
            if (!region.matches("[a-z0-9-]{1,64}")) {
                throw new IllegalArgumentException("region must be lower-case letters, digits and"
                        + " hyphens, such as 'us-east-1', but was '" + region + "'");
            }
            this.region = region;
            return this;
        }

        /**
         * Sets the bucket (required), which must exist.
         *
         * @param bucket the bucket's name
         * @return this builder
         * @throws IllegalArgumentException if the name is not a valid bucket name
         */
        public Builder bucket(String bucket) {
            Objects.requireNonNull(bucket, "bucket");
            if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
                throw new IllegalArgumentException("bucket must be 3 to 63 lower-case letters, digits,"
                        + " dots and hyphens, starting and ending with a letter or digit, but was '"
                        + bucket + "'");
            }
            this.bucket = bucket;
            return this;
        }

        /**
         * Sets static credentials. Default: the AWS SDK's default chain (environment variables,
         * system properties, profile files, container and instance roles).
         *
         * @param accessKeyId the access key id
         * @param secretAccessKey the secret access key
         * @return this builder
         * @throws IllegalArgumentException if either is blank
         */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
                throw new IllegalArgumentException("credentials must not be blank");
            }
            this.credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(accessKeyId, secretAccessKey));
            return this;
        }

        /**
         * Sets where credentials come from, for rotating or role-based credentials.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder credentialsProvider(AwsCredentialsProvider provider) {
            this.credentials = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * Sets whether to address the bucket in the path ({@code http://host/bucket/key}) rather
         * than in the host name; S3-compatible servers often need it. Default: false.
         *
         * @param pathStyle true for path-style access
         * @return this builder
         */
        public Builder pathStyleAccess(boolean pathStyle) {
            this.pathStyleAccess = pathStyle;
            return this;
        }

        /**
         * Sets the prefix of every object key the store writes, so that several stores (or other
         * data) can share a bucket. The consistency check looks only under this prefix. Default:
         * empty.
         *
         * @param prefix empty, or up to 512 characters ending with {@code /}, not starting with
         *     {@code /}, without control characters or {@code ..} segments
         * @return this builder
         * @throws IllegalArgumentException if the prefix is not such a prefix
         */
        public Builder keyPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.isEmpty() && (!prefix.endsWith("/") || prefix.startsWith("/")
                    || prefix.length() > 512 || prefix.contains("//")
                    || prefix.chars().anyMatch(Character::isISOControl)
                    || Arrays.asList(prefix.split("/")).contains("..")
                    || Arrays.asList(prefix.split("/")).contains("."))) {
                throw new IllegalArgumentException("keyPrefix must be empty or end with '/', not"
                        + " start with '/', and have no empty, '.' or '..' segments nor control"
                        + " characters, but was '" + prefix.replaceAll("\\p{Cntrl}", "?") + "'");
            }
            this.keyPrefix = prefix;
            return this;
        }

        /**
         * Sets the size of the parts of a multipart upload, which is also the largest content
         * buffered and written with a single {@code PutObject}; content of a declared size above
         * it (up to 5 GiB) is streamed as one {@code PutObject} instead. Default: {@value
         * #DEFAULT_PART_SIZE} bytes.
         *
         * @param bytes from {@value #MIN_PART_SIZE} (S3's minimum) to {@value #MAX_PART_SIZE}
         * @return this builder
         * @throws IllegalArgumentException if the size is outside that range
         */
        public Builder partSize(int bytes) {
            if (bytes < MIN_PART_SIZE || bytes > MAX_PART_SIZE) {
                throw new IllegalArgumentException("partSize must be from " + MIN_PART_SIZE
                        + " (5 MiB, the S3 minimum) to " + MAX_PART_SIZE + " bytes but was " + bytes);
            }
            this.partSize = bytes;
            return this;
        }

        /**
         * Sets how many parts of one save upload at once. Default: {@value #DEFAULT_UPLOAD_PARALLELISM}.
         *
         * @param parts from 1 to 64
         * @return this builder
         * @throws IllegalArgumentException if the number is outside that range
         */
        public Builder uploadParallelism(int parts) {
            if (parts < 1 || parts > 64) {
                throw new IllegalArgumentException("uploadParallelism must be from 1 to 64 but was " + parts);
            }
            this.uploadParallelism = parts;
            return this;
        }

        /**
         * Sets the size up to which files that are not videos are kept in the database rather
         * than in the bucket. Default: {@value #DEFAULT_INLINE_LIMIT} bytes.
         *
         * @param bytes from 0 (nothing inline) to {@value #MAX_INLINE_LIMIT}, and smaller than the
         *     part size (checked by {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if the size is outside that range
         */
        public Builder inlineLimit(int bytes) {
            if (bytes < 0 || bytes > MAX_INLINE_LIMIT) {
                throw new IllegalArgumentException("inlineLimit must be from 0 to " + MAX_INLINE_LIMIT
                        + " bytes but was " + bytes);
            }
            this.inlineLimit = bytes;
            return this;
        }

        /**
         * Sets the largest upload accepted; larger ones fail with a {@link MediaTooLargeException}.
         * Default: {@value #MAX_PARTS} parts of the part size.
         *
         * @param bytes at least 0, and at most {@value #MAX_PARTS} × the part size (checked by
         *     {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if the size is negative
         */
        public Builder maxUploadSize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxUploadSize must be at least 0 but was " + bytes);
            }
            this.maxUploadSize = bytes;
            return this;
        }

        /**
         * Sets the database that holds the metadata (required): PostgreSQL 12 or later. The store
         * takes one connection per operation and returns it at once; a pooling {@link DataSource}
         * is best. The store never closes it.
         *
         * @param dataSource the database
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * Sets the filename extensions that make an upload a video. Default: mp4, mov, avi, mkv, webm.
         *
         * @param extensions extensions without the dot, 1 to 10 letters or digits each; matched
         *     case-insensitively
         * @return this builder
         * @throws IllegalArgumentException if an extension is not letters and digits
         */
        public Builder videoExtensions(Collection<String> extensions) {
            Objects.requireNonNull(extensions, "extensions");
            Set<String> set = new TreeSet<>();
            for (String e : extensions) {
                String lower = Objects.requireNonNull(e, "extension").toLowerCase(Locale.ROOT);
                if (!EXTENSION.matcher(lower).matches()) {
                    throw new IllegalArgumentException("videoExtensions must be 1 to 10 letters or"
                            + " digits without a dot, but one was '" + e + "'");
                }
                set.add(lower);
            }
            this.videoExtensions = Set.copyOf(set);
            return this;
        }

        /**
         * Sets what happens when an upload's first bytes contradict its content type and filename
         * about being a video (default {@link TypeMismatchPolicy#TRUST_CONTENT}): the same choice
         * as in the SQLite store. Under {@link TypeMismatchPolicy#REJECT} such an upload fails
         * with {@link io.vidstore.api.MediaTypeMismatchException} before anything is sent.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder typeMismatchPolicy(TypeMismatchPolicy policy) {
            this.typeMismatchPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets how long an upload's owner may stay silent before other stores take the upload as
         * abandoned and clean it up. Owners send a heartbeat at least every quarter of it. Default:
         * 10 minutes.
         *
         * @param period from 1 second to 7 days
         * @return this builder
         * @throws IllegalArgumentException if the period is outside that range
         */
        public Builder gracePeriod(Duration period) {
            Objects.requireNonNull(period, "period");
            if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("gracePeriod must be from 1 second to 7 days but was " + period);
            }
            this.gracePeriod = period;
            return this;
        }

        /**
         * Sets whether {@link #build()} cleans up after processes that stopped during a save (see
         * {@link S3MediaStore#recoverInterruptedUploads()}). Default: true.
         *
         * @param recover true to clean up on start
         * @return this builder
         */
        public Builder recoverOnStart(boolean recover) {
            this.recoverOnStart = recover;
            return this;
        }

        /**
         * Uses an S3 client the caller configured, instead of one built from the endpoint,
         * region, credentials and path-style settings (which must then not be set). The store does
         * not close it. Turn off the SDK's default request checksums ({@code
         * requestChecksumCalculation(WHEN_REQUIRED)}) for servers that do not support them. The
         * store's own client closes the connection of a request whose body failed half-way (a
         * streaming {@code PutObject} whose content failed or ended early); with the SDK's {@code
         * UrlConnectionHttpClient} alone such a connection may stay open until the server times
         * it out, though no object is made from it.
         *
         * @param client the client
         * @return this builder
         */
        public Builder s3Client(S3Client client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Builds the store: checks the settings against each other, checks that the bucket
         * exists, creates or upgrades the database's tables, and (unless turned off) cleans up
         * after stopped processes.
         *
         * @return the store, which the caller must close
         * @throws IllegalStateException if a required setting is missing or settings contradict
         *     each other
         * @throws MediaStoreException if the bucket does not exist or cannot be reached, or the
         *     database cannot be upgraded
         */
        public S3MediaStore build() throws IOException {
            if (bucket == null) {
                throw new IllegalStateException("bucket is required");
            }
            if (dataSource == null) {
                throw new IllegalStateException("dataSource is required");
            }
            if (client != null && (endpoint != null || region != null || credentials != null || pathStyleAccess)) {
                throw new IllegalStateException("endpoint, region, credentials and pathStyleAccess"
                        + " configure the S3 client that the store builds; with s3Client they must not be set");
            }
            if (client == null && region == null) {
                throw new IllegalStateException("region is required (S3-compatible servers usually accept 'us-east-1')");
            }
            if (inlineLimit >= partSize) {
                throw new IllegalStateException("inlineLimit " + inlineLimit + " must be smaller than"
                        + " partSize " + partSize);
            }
            long largest = (long) partSize * MAX_PARTS;
            if (maxUploadSize > largest) {
                throw new IllegalStateException("maxUploadSize " + maxUploadSize + " needs more than "
                        + MAX_PARTS + " parts of partSize " + partSize + "; raise partSize to at least "
                        + ((maxUploadSize + MAX_PARTS - 1) / MAX_PARTS));
            }
            Builder settings = copy();
            if (settings.maxUploadSize < 0) {
                settings.maxUploadSize = largest;
            }
            boolean owns = client == null;
            S3Client s3 = owns ? newClient() : client;
            try {
                checkBucket(s3);
                Schema.migrate(new Database(dataSource));
                S3MediaStore store = new S3MediaStore(settings, s3, owns);
                if (recoverOnStart) {
                    try {
                        store.recoverInterruptedUploads();
                    } catch (IOException | RuntimeException e) {
                        store.close();
                        throw e;
                    }
                }
                return store;
            } catch (IOException | RuntimeException e) {
                if (owns) {
                    s3.close();
                }
                throw e;
            }
        }

        private Builder copy() {
            Builder b = new Builder();
            b.bucket = bucket;
            b.keyPrefix = keyPrefix;
            b.partSize = partSize;
            b.uploadParallelism = uploadParallelism;
            b.inlineLimit = inlineLimit;
            b.maxUploadSize = maxUploadSize;
            b.dataSource = dataSource;
            b.videoExtensions = videoExtensions;
            b.typeMismatchPolicy = typeMismatchPolicy;
            b.gracePeriod = gracePeriod;
            return b;
        }

        private S3Client newClient() {
            S3ClientBuilder b = S3Client.builder()
                    .httpClientBuilder(DisconnectingHttpClient.builder(UrlConnectionHttpClient.builder()
                            .connectionTimeout(Duration.ofSeconds(10))
                            .socketTimeout(Duration.ofMinutes(2))))
                    .region(Region.of(region))
                    .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
                    .forcePathStyle(pathStyleAccess)
                    // The store checks SHA-256 itself; many S3-compatible servers reject the
                    // SDK's default trailing checksums.
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            return b.build();
        }

        private void checkBucket(S3Client s3) throws MediaStoreException {
            try {
                s3.headBucket(b -> b.bucket(bucket));
            } catch (NoSuchBucketException e) {
                throw new MediaStoreException("bucket '" + bucket + "' does not exist"
                        + (endpoint == null ? "" : " at " + endpoint), e);
            } catch (S3Exception e) {
                throw new MediaStoreException("cannot reach bucket '" + bucket + "'"
                        + (endpoint == null ? "" : " at " + endpoint) + ": HTTP " + e.statusCode()
                        + " " + e.getMessage(), e);
            } catch (SdkException e) {
                throw new MediaStoreException("cannot reach bucket '" + bucket + "'"
                        + (endpoint == null ? "" : " at " + endpoint) + ": " + e.getMessage(), e);
            }
        }
    }

    /** For {@link ConsistencyCheck}: whether an exception says the upload is already gone. */
    static boolean isGone(SdkException e) {
        return e instanceof NoSuchUploadException
                || (e instanceof S3Exception s && s.statusCode() == 404);
    }
}
