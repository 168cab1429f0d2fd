package io.vidstore.sqlite;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SqliteMediaStore#check(boolean)} or {@link SqliteMediaStore#repair(boolean)} found:
 * the places where the database and the files disagree.
 *
 * @param findings what disagrees, in the order found; empty for a consistent store
 * @param rowsChecked how many rows were looked at
 * @param filesChecked how many files under {@code media/} were looked at
 * @param deep whether content was hashed and compared with the recorded SHA-256
 */
public record ConsistencyReport(List<Finding> findings, long rowsChecked, long filesChecked,
        boolean deep) {

    /**
     * Copies the findings.
     *
     * @param findings what disagrees
     * @param rowsChecked how many rows were looked at
     * @param filesChecked how many files were looked at
     * @param deep whether content was hashed
     */
    public ConsistencyReport {
        findings = List.copyOf(findings);
    }

    /** {@return true if nothing disagrees, or everything that did was repaired} */
    public boolean isConsistent() {
        return findings.stream().allMatch(Finding::repaired);
    }

    /** What kind of disagreement a {@link Finding} is. */
    public enum Problem {
        /** A row's file is missing, but its BLOB still holds the content, which is read instead. */
        FILE_MISSING_BLOB_USED,
        /** A row has neither its file nor a BLOB: its content is lost. Repair leaves the row. */
        CONTENT_MISSING,
        /** A file's size (or a BLOB's length) differs from the size the row records. */
        SIZE_MISMATCH,
        /** The content's SHA-256 differs from the one the row records (deep checks only). */
        CHECKSUM_MISMATCH,
        /**
         * A file under {@code media/} that no row references. Repair moves it into the quarantine
         * ({@link SqliteMediaStore#quarantineDirectory()}), where it stays until {@link
         * SqliteMediaStore#purgeQuarantine()}.
         */
        ORPHAN_FILE,
        /**
         * Temp files and journal markers left by interrupted work in {@code tmp/}, and files under
         * {@code media/} that an interrupted save or delete left behind (named by its journal
         * marker, with no row). They are partial or already deleted by construction; repair (and
         * opening the store) removes them.
         */
        INTERRUPTED_WORK,
        /**
         * A row's {@code storage_path} leads outside the data directory and the configured legacy
         * roots (through {@code ../}, an absolute path or a symbolic link). Its content is neither
         * read nor deleted; repair leaves the row.
         */
        PATH_OUTSIDE_ROOTS
    }

    /**
     * One disagreement.
     *
     * @param problem what kind it is
     * @param mediaId the media concerned, or null for a file without a row
     * @param location the file concerned, or the database for a BLOB
     * @param detail what was seen, for people
     * @param repaired whether {@link SqliteMediaStore#repair(boolean)} fixed it
     */
    public record Finding(Problem problem, String mediaId, String location, String detail,
            boolean repaired) {

        /**
         * Checks the finding.
         *
         * @param problem what kind it is
         * @param mediaId the media concerned, or null
         * @param location the file or database concerned
         * @param detail what was seen
         * @param repaired whether it was fixed
         */
        public Finding {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
