package io.vidstore.s3;

import io.vidstore.api.MediaStoreException;
import io.vidstore.store.support.CheckedReader;
import io.vidstore.s3.ConsistencyReport.Finding;
import io.vidstore.s3.ConsistencyReport.Problem;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Compares the rows of a store with the objects under its key prefix, and cleans up after
 * processes that stopped; see {@link S3MediaStore#check(boolean)}. Rows (read in pages, by key)
 * and objects (listed in pages, by key) are walked side by side, so memory stays bounded whatever
 * the size of the store; a deep check hashes objects as they stream, through one buffer, and
 * inline content one row at a time.
 */
final class ConsistencyCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ConsistencyCheck.class);
    private static final int PAGE = 1000;
    private static final int HASH_BUFFER = 256 << 10;

    private final S3Client s3;
    private final String bucket;
    private final String mediaPrefix;
    private final Database db;
    private final Journal journal;
    private final Quarantine quarantine;
    private final List<Finding> findings = new ArrayList<>();
    private Quarantine.Batch moved;

    ConsistencyCheck(S3Client s3, String bucket, String keyPrefix, Database db, Journal journal) {
        this.s3 = s3;
        this.bucket = bucket;
        this.mediaPrefix = keyPrefix + "media/";
        this.db = db;
        this.journal = journal;
        this.quarantine = new Quarantine(s3, bucket, keyPrefix);
    }

    ConsistencyReport run(boolean deep, boolean repair) throws IOException {
        if (repair) {
            recoverJournal(findings);
        } else {
            for (Journal.Entry entry : journal.entries()) {
                if (entry.stale()) {
                    findings.add(new Finding(Problem.INTERRUPTED_UPLOAD, null, location(entry.objectKey()),
                            "left by " + entry.owner() + ", which stopped", false));
                }
            }
        }
        checkUploads(repair);
        long[] counts;
        if (repair) {
            moved = quarantine.start(Instant.now());
            try {
                counts = compare(deep, true);
            } catch (IOException | RuntimeException e) {
                try {
                    moved.finish();
                } catch (MediaStoreException manifest) {
                    e.addSuppressed(manifest);
                }
                throw e;
            }
            moved.finish();
        } else {
            counts = compare(deep, false);
        }
        long rows = counts[0] + (deep ? hashInlineRows() : 0);
        ConsistencyReport report = new ConsistencyReport(findings, rows, counts[1], deep);
        LOG.info("checked {} rows and {} objects of s3://{}/{}{}: {} findings", rows, counts[1],
                bucket, mediaPrefix, deep ? ", hashing all content" : "", findings.size());
        return report;
    }

    /**
     * Cleans up the journal entries of stopped owners.
     *
     * @param found where to report each, or null
     * @return how many were cleaned up
     */
    int recoverJournal(List<Finding> found) throws MediaStoreException {
        int cleaned = 0;
        for (Journal.Entry entry : journal.entries()) {
            if (!entry.stale()) {
                continue;
            }
            boolean done = journal.takeOver(entry, this::undo);
            if (done) {
                cleaned++;
                LOG.info("cleaned up s3://{}/{} left by {}, which stopped", bucket, entry.objectKey(),
                        entry.owner());
            }
            if (found != null) {
                found.add(new Finding(Problem.INTERRUPTED_UPLOAD, null, location(entry.objectKey()),
                        "left by " + entry.owner() + ", which stopped" + (done ? "; cleaned up" : ""), done));
            }
        }
        return cleaned;
    }

    /** Aborts an entry's multipart upload (found by key if its id was never recorded) and deletes its unreferenced object. */
    private void undo(Journal.Entry entry, boolean referenced) throws IOException {
        try {
            if (entry.uploadId() != null) {
                abort(entry.objectKey(), entry.uploadId());
            } else {
                for (MultipartUpload upload : s3.listMultipartUploadsPaginator(
                        b -> b.bucket(bucket).prefix(entry.objectKey())).uploads()) {
                    if (upload.key().equals(entry.objectKey())) {
                        abort(upload.key(), upload.uploadId());
                    }
                }
            }
            if (!referenced) {
                s3.deleteObject(b -> b.bucket(bucket).key(entry.objectKey()));
            }
        } catch (SdkException e) {
            throw new MediaStoreException("cannot clean up " + location(entry.objectKey()) + ": "
                    + e.getMessage(), e);
        }
    }

    private void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            if (!S3MediaStore.isGone(e)) {
                throw e;
            }
        }
    }

    /** Multipart uploads under the prefix that no journal entry of a running owner accounts for. */
    private void checkUploads(boolean repair) throws MediaStoreException {
        Map<String, Journal.Entry> entries = journal.entries().stream()
                .collect(Collectors.toMap(Journal.Entry::objectKey, Function.identity()));
        try {
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(
                    b -> b.bucket(bucket).prefix(mediaPrefix)).uploads()) {
                if (entries.containsKey(upload.key())) {
                    // A running save's, or a stopped one's that the journal accounts for.
                    continue;
                }
                boolean repaired = false;
                if (repair) {
                    abort(upload.key(), upload.uploadId());
                    repaired = true;
                }
                findings.add(new Finding(Problem.INTERRUPTED_UPLOAD, null, location(upload.key()),
                        "multipart upload " + upload.uploadId() + " started " + upload.initiated()
                                + " that no running save owns" + (repaired ? "; aborted" : ""), repaired));
            }
        } catch (SdkException e) {
            throw new MediaStoreException("cannot list the multipart uploads of s3://" + bucket + "/"
                    + mediaPrefix + ": " + e.getMessage(), e);
        }
    }

    /** Walks rows and objects side by side in key order; returns the numbers of rows and objects. */
    private long[] compare(boolean deep, boolean repair) throws IOException {
        long rowCount = 0;
        long objectCount = 0;
        byte[] hashBuffer = deep ? new byte[HASH_BUFFER] : null;
        Iterator<S3Object> objects;
        try {
            objects = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(mediaPrefix))
                    .contents().iterator();
        } catch (SdkException e) {
            throw listFailure(e);
        }
        RowPages rows = new RowPages();
        S3Object object = nextObject(objects);
        KeyedRow row = rows.next();
        while (object != null || row != null) {
            int cmp = object == null ? 1 : row == null ? -1 : object.key().compareTo(row.key());
            if (cmp < 0) {
                objectCount++;
                orphanCandidate(object, repair);
                object = nextObject(objects);
            } else if (cmp > 0) {
                rowCount++;
                missingCandidate(row);
                row = rows.next();
            } else {
                objectCount++;
                rowCount++;
                if (object.size() != row.size()) {
                    findings.add(new Finding(Problem.SIZE_MISMATCH, row.id(), location(row.key()),
                            "the object has " + object.size() + " bytes, the row records " + row.size(),
                            false));
                } else if (deep && row.sha256() != null) {
                    hashObject(row, hashBuffer);
                }
                object = nextObject(objects);
                row = rows.next();
            }
        }
        return new long[] {rowCount, objectCount};
    }

    private S3Object nextObject(Iterator<S3Object> objects) throws MediaStoreException {
        try {
            while (objects.hasNext()) {
                S3Object object = objects.next();
                // Some servers (and file-system backends) list folder markers; the store's keys never end with '/'.
                if (!object.key().endsWith("/")) {
                    return object;
                }
            }
            return null;
        } catch (SdkException e) {
            throw listFailure(e);
        }
    }

    private MediaStoreException listFailure(SdkException e) {
        return new MediaStoreException("cannot list the objects of s3://" + bucket + "/" + mediaPrefix
                + ": " + e.getMessage(), e);
    }

    /** An object no row had when the rows were read: confirmed in one statement against rows and journal. */
    private void orphanCandidate(S3Object object, boolean repair) throws MediaStoreException {
        boolean accounted = db.read("look up object '" + object.key() + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM files"
                    + " WHERE storage_path = ?) OR EXISTS (SELECT 1 FROM upload_journal WHERE object_key = ?)")) {
                ps.setString(1, object.key());
                ps.setString(2, object.key());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
        if (accounted) {
            return;
        }
        String detail = object.size() + " bytes, last modified " + object.lastModified() + ", referenced by no row";
        String quarantined = null;
        if (repair) {
            try {
                quarantined = moved.move(object, "referenced by no row and no running save");
            } catch (MediaStoreException e) {
                LOG.warn("cannot quarantine orphan {}: {}", location(object.key()), e.getMessage());
            }
        }
        findings.add(new Finding(Problem.ORPHAN_OBJECT, null, location(object.key()),
                detail + (quarantined != null ? "; moved into quarantine as " + location(quarantined) : ""),
                quarantined != null));
    }

    /** A row whose object was not listed: confirmed with a HEAD request and a second look at the row. */
    private void missingCandidate(KeyedRow row) throws MediaStoreException {
        try {
            s3.headObject(b -> b.bucket(bucket).key(row.key()));
            return;
        } catch (NoSuchKeyException e) {
            // Confirmed below.
        } catch (SdkException e) {
            if (!S3MediaStore.isGone(e)) {
                throw new MediaStoreException("cannot look up " + location(row.key()) + ": " + e.getMessage(), e);
            }
        }
        boolean stillThere = db.read("look up media '" + row.id() + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM files WHERE id = ? AND storage_path = ?")) {
                ps.setString(1, row.id());
                ps.setString(2, row.key());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
        if (stillThere) {
            findings.add(new Finding(Problem.OBJECT_MISSING, row.id(), location(row.key()),
                    "the row's object does not exist; its content is lost", false));
        }
    }

    /** Downloads a row's object through {@code buffer} and compares its SHA-256 with the row's. */
    private void hashObject(KeyedRow row, byte[] buffer) throws MediaStoreException {
        String actual;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(row.key()))) {
            actual = CheckedReader.sha256Hex(in, buffer);
        } catch (NoSuchKeyException e) {
            // Deleted since it was listed: with its row, or lost.
            missingCandidate(row);
            return;
        } catch (SdkException | IOException e) {
            throw new MediaStoreException("cannot read " + location(row.key()) + " to hash it: "
                    + e.getMessage(), e);
        }
        if (!actual.equalsIgnoreCase(row.sha256())) {
            findings.add(new Finding(Problem.CHECKSUM_MISMATCH, row.id(), location(row.key()),
                    "the object has SHA-256 " + actual + ", the row records " + row.sha256(), false));
        }
    }

    /**
     * Hashes the content kept inline in the database, row by row, and compares it with the rows'
     * SHA-256; returns how many rows were hashed.
     */
    private long hashInlineRows() throws MediaStoreException {
        long count = 0;
        String after = "";
        while (true) {
            String from = after;
            List<String[]> page = db.read("read inline rows to check", c -> {
                List<String[]> result = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT id, sha256 FROM files"
                        + " WHERE storage_path IS NULL AND data IS NOT NULL AND sha256 IS NOT NULL"
                        + " AND id COLLATE \"C\" > ? ORDER BY id COLLATE \"C\" LIMIT " + PAGE)) {
                    ps.setString(1, from);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            result.add(new String[] {rs.getString(1), rs.getString(2)});
                        }
                    }
                }
                return result;
            });
            for (String[] row : page) {
                count += hashInlineRow(row[0], row[1]) ? 1 : 0;
            }
            if (page.size() < PAGE) {
                return count;
            }
            after = page.get(page.size() - 1)[0];
        }
    }

    /** Hashes one row's inline content; false if the row was deleted meanwhile. */
    private boolean hashInlineRow(String id, String recorded) throws MediaStoreException {
        String actual = db.read("read the content of media '" + id + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT data FROM files WHERE id = ?"
                    + " AND storage_path IS NULL")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    byte[] data = rs.next() ? rs.getBytes(1) : null;
                    // Inline content is at most the store's inline limit.
                    return data == null ? null : HexFormat.of().formatHex(CheckedReader.sha256().digest(data));
                }
            }
        });
        if (actual == null) {
            return false;
        }
        if (!actual.equalsIgnoreCase(recorded)) {
            findings.add(new Finding(Problem.CHECKSUM_MISMATCH, id, "files/" + id,
                    "the inline content has SHA-256 " + actual + ", the row records " + recorded, false));
        }
        return true;
    }

    private String location(String key) {
        return "s3://" + bucket + "/" + key;
    }

    /** A row with an object key under the prefix. */
    private record KeyedRow(String id, String key, long size, String sha256) { }

    /** The rows with keys under the prefix, in the byte order S3 lists keys in, a page at a time. */
    private final class RowPages {
        private List<KeyedRow> page = List.of();
        private int index;
        private String after = "";
        private boolean last;

        KeyedRow next() throws MediaStoreException {
            if (index == page.size()) {
                if (last) {
                    return null;
                }
                page = db.read("read rows to check", c -> {
                    List<KeyedRow> result = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement("SELECT id, storage_path,"
                            + " coalesce(file_size, -1), sha256 FROM files WHERE storage_path COLLATE \"C\" > ?"
                            + " AND starts_with(storage_path, ?)"
                            + " ORDER BY storage_path COLLATE \"C\" LIMIT " + PAGE)) {
                        ps.setString(1, after);
                        ps.setString(2, mediaPrefix);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                result.add(new KeyedRow(rs.getString(1), rs.getString(2), rs.getLong(3),
                                        rs.getString(4)));
                            }
                        }
                    }
                    return result;
                });
                index = 0;
                last = page.size() < PAGE;
                if (page.isEmpty()) {
                    return null;
                }
                after = page.get(page.size() - 1).key();
            }
            return page.get(index++);
        }
    }
}
