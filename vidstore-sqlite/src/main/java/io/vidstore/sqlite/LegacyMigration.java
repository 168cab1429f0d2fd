package io.vidstore.sqlite;

import io.vidstore.api.MediaStoreException;
import io.vidstore.store.support.CheckedReader;
import io.vidstore.store.support.Classifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves BLOBs that older applications wrote for videos (and other large media) out of the
 * database into files, one media at a time; see {@link SqliteMediaStore#migrateLegacyBlobs}.
 */
final class LegacyMigration {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyMigration.class);

    private final Database db;
    private final MediaFiles files;
    private final Classifier classifier;
    private final int inlineLimit;
    private final int chunkSize;

    LegacyMigration(Database db, MediaFiles files, Classifier classifier, int inlineLimit,
            int chunkSize) {
        this.db = db;
        this.files = files;
        this.classifier = classifier;
        this.inlineLimit = inlineLimit;
        this.chunkSize = chunkSize;
    }

    LegacyMigrationResult run(boolean vacuum) throws IOException {
        int migrated = 0;
        long bytes = 0;
        List<String> skipped = new ArrayList<>();
        for (MediaRow row : candidates()) {
            String problem;
            try {
                problem = row.hasUsableId() ? migrate(row) : "its id cannot be used";
            } catch (MediaStoreException e) {
                // One unreadable row must not keep the others in the database.
                problem = e.getMessage();
            }
            if (problem == null) {
                migrated++;
                bytes += row.dataLength();
            } else {
                LOG.warn("left media {} in the database: {}", row.id(), problem);
                skipped.add(row.id() + ": " + problem);
            }
        }
        if (vacuum) {
            db.exclusive("compact the database", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("VACUUM");
                    // In WAL mode the compacted pages reach the main file only at a checkpoint.
                    s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
                return null;
            });
        }
        LOG.info("moved {} media ({} bytes) from database {} to files; {} left as they were",
                migrated, bytes, db.file(), skipped.size());
        return new LegacyMigrationResult(migrated, bytes, skipped, vacuum);
    }

    /** Rows with a BLOB that belongs on disk: videos, and anything larger than the inline limit. */
    private List<MediaRow> candidates() throws MediaStoreException {
        List<MediaRow> rows = db.read("find media to move to files", c -> {
            List<MediaRow> result = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT " + MediaRow.COLUMNS
                            + " FROM files WHERE data IS NOT NULL ORDER BY rowid")) {
                while (rs.next()) {
                    result.add(MediaRow.read(rs));
                }
            }
            return result;
        });
        rows.removeIf(row -> !(row.isVideo(classifier) || row.dataLength() > inlineLimit));
        return rows;
    }

    /** Moves one media; returns null when done, or why it was left alone. */
    private String migrate(MediaRow row) throws IOException {
        long length = row.dataLength();
        ChunkedBlobContent blob = ChunkedBlobContent.whole(row, db, chunkSize);
        if (row.storagePath() != null) {
            Path existing = files.resolve(row.storagePath());
            if (!files.isAllowed(existing)) {
                return "its storage path " + existing + " lies outside the store's directory and its"
                        + " legacy roots " + files.allowedRoots();
            }
            if (Files.isRegularFile(existing)) {
                String blobSha = sha256(blob);
                String fileSha;
                try (InputStream in = Files.newInputStream(existing)) {
                    fileSha = sha256(in);
                }
                if (!blobSha.equals(fileSha)) {
                    return "its file " + existing + " differs from its BLOB";
                }
                return update(row, row.storagePath(), blobSha) ? null : "it changed during the migration";
            }
        }
        String fileKey = MediaFiles.newKey();
        Classifier.Classification kind = classifier.classify(row.filename(), row.contentType(),
                new byte[0], 0);
        String storagePath = MediaFiles.storagePath(fileKey, kind.extension());
        MessageDigest digest = CheckedReader.sha256();
        try (MediaFiles.NewFile file = files.create(fileKey, storagePath)) {
            for (long offset = 0; offset < length; ) {
                byte[] chunk = blob.readChunk(offset);
                digest.update(chunk);
                file.write(chunk, 0, chunk.length);
                offset += chunk.length;
            }
            Path target = file.moveIntoPlace();
            if (!update(row, storagePath, HexFormat.of().formatHex(digest.digest()))) {
                return "it changed during the migration";
            }
            file.keep();
            LOG.info("moved media {} ({} bytes) from the database to {}", row.id(), length, target);
            return null;
        }
    }

    /** Points the row at its file and drops its BLOB, unless the row changed meanwhile. */
    private boolean update(MediaRow row, String storagePath, String sha256) throws MediaStoreException {
        return db.write("move media '" + row.id() + "' to a file", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE files SET storage_path = ?,"
                    + " file_size = ?, is_video = ?, sha256 = ?, data = NULL"
                    + " WHERE id = ? AND octet_length(data) = ? AND storage_path IS ?")) {
                ps.setString(1, storagePath);
                ps.setLong(2, row.dataLength());
                ps.setInt(3, row.isVideo(classifier) ? 1 : 0);
                ps.setString(4, sha256);
                ps.setString(5, row.id());
                ps.setLong(6, row.dataLength());
                ps.setString(7, row.storagePath());
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static String sha256(ChunkedBlobContent blob) throws IOException {
        try (InputStream in = blob.inputStream()) {
            return sha256(in);
        }
    }

    private static String sha256(InputStream in) throws IOException {
        return CheckedReader.sha256Hex(in, new byte[64 << 10]);
    }
}
