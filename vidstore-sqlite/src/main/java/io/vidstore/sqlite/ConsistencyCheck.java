package io.vidstore.sqlite;

import io.vidstore.api.MediaStoreException;
import io.vidstore.store.support.CheckedReader;
import io.vidstore.sqlite.ConsistencyReport.Finding;
import io.vidstore.sqlite.ConsistencyReport.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the rows of a store with its files; see {@link SqliteMediaStore#check(boolean)}. Rows are
 * read in pages and files are looked up one at a time through the {@code storage_path} index, so
 * memory stays bounded whatever the size of the store and no read transaction stays open while
 * content is hashed.
 */
final class ConsistencyCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ConsistencyCheck.class);
    private static final int PAGE = 500;

    private final Database db;
    private final MediaFiles files;
    private final int chunkSize;
    private final Quarantine quarantine;
    private final List<Finding> findings = new ArrayList<>();

    ConsistencyCheck(Database db, MediaFiles files, Quarantine quarantine, int chunkSize) {
        this.db = db;
        this.files = files;
        this.quarantine = quarantine;
        this.chunkSize = chunkSize;
    }

    ConsistencyReport run(boolean deep, boolean repair) throws IOException {
        checkInterruptedWork(repair);
        long rows = checkRows(deep);
        long checkedFiles;
        try (Quarantine.Session session = repair ? quarantine.begin() : null) {
            checkedFiles = checkFiles(session);
        }
        ConsistencyReport report = new ConsistencyReport(findings, rows, checkedFiles, deep);
        LOG.info("checked {} rows and {} files of {}: {} findings", rows, checkedFiles, files.root(),
                findings.size());
        return report;
    }

    private void checkInterruptedWork(boolean repair) throws MediaStoreException {
        if (repair) {
            for (Path removed : files.recover(this::isReferenced)) {
                findings.add(new Finding(Problem.INTERRUPTED_WORK, null, removed.toString(),
                        "left by interrupted work; removed", true));
            }
        } else {
            for (Path left : files.abandoned()) {
                findings.add(new Finding(Problem.INTERRUPTED_WORK, null, left.toString(),
                        "left by interrupted work", false));
            }
        }
    }

    private long checkRows(boolean deep) throws IOException {
        long count = 0;
        long[] lastRowid = {Long.MIN_VALUE};
        while (true) {
            List<MediaRow> page = db.read("read rows to check", c -> {
                List<MediaRow> result = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT " + MediaRow.COLUMNS
                        + ", rowid FROM files WHERE rowid > ? ORDER BY rowid LIMIT " + PAGE)) {
                    ps.setLong(1, lastRowid[0]);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            result.add(MediaRow.read(rs));
                            lastRowid[0] = rs.getLong(MediaRow.COLUMN_COUNT + 1);
                        }
                    }
                }
                return result;
            });
            for (MediaRow row : page) {
                checkRow(row, deep);
            }
            count += page.size();
            if (page.size() < PAGE) {
                return count;
            }
        }
    }

    private void checkRow(MediaRow row, boolean deep) throws IOException {
        if (row.storagePath() != null) {
            Path file = files.resolve(row.storagePath());
            if (!files.isAllowed(file)) {
                add(Problem.PATH_OUTSIDE_ROOTS, row, file.toString(), "the storage path "
                        + row.storagePath() + " leads outside the store's directory and its legacy"
                        + " roots " + files.allowedRoots() + " (links resolved); it is not followed");
                return;
            }
            if (Files.isRegularFile(file)) {
                long size = Files.size(file);
                if (row.fileSize() != null && row.fileSize() != size) {
                    add(Problem.SIZE_MISMATCH, row, file.toString(),
                            "the file has " + size + " bytes, the row records " + row.fileSize());
                } else if (deep && row.sha256() != null) {
                    try (InputStream in = Files.newInputStream(file)) {
                        compare(row, file.toString(), sha256(in));
                    }
                }
                return;
            }
            if (row.dataLength() == null) {
                add(Problem.CONTENT_MISSING, row, file.toString(),
                        "the file does not exist and the row has no BLOB");
                return;
            }
            add(Problem.FILE_MISSING_BLOB_USED, row, file.toString(),
                    "the file does not exist; the row's BLOB of " + row.dataLength() + " bytes is read instead");
        }
        if (row.dataLength() == null) {
            add(Problem.CONTENT_MISSING, row, db.file().toString(), "the row has neither a storage_path nor a BLOB");
            return;
        }
        if (row.storagePath() == null && row.fileSize() != null && !row.fileSize().equals(row.dataLength())) {
            add(Problem.SIZE_MISMATCH, row, db.file().toString(),
                    "the BLOB has " + row.dataLength() + " bytes, the row records " + row.fileSize());
        } else if (deep && row.sha256() != null) {
            try (ChunkedBlobContent blob = ChunkedBlobContent.whole(row, db, chunkSize);
                    InputStream in = blob.inputStream()) {
                compare(row, db.file().toString(), sha256(in));
            }
        }
    }

    private void compare(MediaRow row, String location, String actual) {
        if (!actual.equals(row.sha256())) {
            add(Problem.CHECKSUM_MISMATCH, row, location,
                    "the content has SHA-256 " + actual + ", the row records " + row.sha256());
        }
    }

    private String sha256(InputStream in) throws IOException {
        return CheckedReader.sha256Hex(in, new byte[Math.min(chunkSize, 1 << 20)]);
    }

    /** Looks at the regular files under {@code media/} (links are neither followed nor counted). */
    private long checkFiles(Quarantine.Session session) throws IOException {
        long count = 0;
        try (Stream<Path> walk = Files.walk(files.mediaDirectory())) {
            Iterator<Path> it = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).iterator();
            while (it.hasNext()) {
                checkFile(it.next(), session);
                count++;
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return count;
    }

    /**
     * A save's journal marker exists from before its file appears until after its row is
     * committed, so a file that has no row once its marker is gone has none for good.
     */
    private void checkFile(Path file, Quarantine.Session session) throws MediaStoreException {
        String relative = files.storagePathOf(file);
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        String key = dot < 0 ? name : name.substring(0, dot);
        // In this order: the second look at the rows comes after the marker is known to be gone.
        if (isReferenced(relative) || files.isInFlight(key) || isReferenced(relative)) {
            return;
        }
        String detail = "no row references the file";
        Path moved = null;
        if (session != null) {
            try {
                long size = Files.size(file);
                detail += " (" + size + " bytes)";
                moved = session.move(file, size, Problem.ORPHAN_FILE + ": no row references the file");
            } catch (NoSuchFileException e) {
                // Deleted meanwhile (by a delete that had already removed the row): not an orphan.
                return;
            } catch (IOException e) {
                LOG.warn("cannot move the orphan file {} to the quarantine", file, e);
                detail += "; cannot move it to the quarantine: " + e.getMessage();
            }
        }
        findings.add(new Finding(Problem.ORPHAN_FILE, null, file.toString(),
                moved == null ? detail : detail + "; moved to quarantine " + moved, moved != null));
    }

    /** Rows hold vidstore's files as relative paths, older applications' as absolute ones. */
    private boolean isReferenced(String storagePath) throws MediaStoreException {
        String absolute = files.resolve(storagePath).toString();
        return db.read("look up a file's row", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM files WHERE storage_path = ? OR storage_path = ? LIMIT 1")) {
                ps.setString(1, storagePath);
                ps.setString(2, absolute);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private void add(Problem problem, MediaRow row, String location, String detail) {
        findings.add(new Finding(problem, row.id(), location, detail, false));
    }
}
