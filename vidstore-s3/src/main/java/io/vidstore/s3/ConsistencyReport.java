package io.vidstore.s3;

import java.util.List;
import java.util.Objects;

/**
 * What {@link S3MediaStore#check(boolean)} or {@link S3MediaStore#repair(boolean)} found: the
 * places where the database and the bucket disagree.
 *
 * @param findings what disagrees, in the order found; empty for a consistent store
 * @param rowsChecked how many rows were looked at: those with an object, and in a deep check also
 *     those whose content is inline in the database
 * @param objectsChecked how many objects under the store's key prefix were looked at
 * @param deep whether content was hashed and compared with the recorded SHA-256
 */
public record ConsistencyReport(List<Finding> findings, long rowsChecked, long objectsChecked,
        boolean deep) {

    /**
     * Copies the findings.
     *
     * @param findings what disagrees
     * @param rowsChecked how many rows were looked at
     * @param objectsChecked how many objects were looked at
     * @param deep whether content was hashed
     */
    public ConsistencyReport {
        findings = List.copyOf(findings);
    }

    /** {@return true if nothing disagrees, or everything that did was repaired} */
    public boolean isConsistent() {
        return findings.stream().allMatch(Finding::repaired);
    }

    /**
     * {@return the findings of one kind}
     *
     * @param problem the kind
     */
    public List<Finding> findings(Problem problem) {
        return findings.stream().filter(f -> f.problem() == problem).toList();
    }

    /** What kind of disagreement a {@link Finding} is. */
    public enum Problem {
        /** A row's object is missing: its content is lost. Repair leaves the row. */
        OBJECT_MISSING,
        /** An object's size differs from the size its row records. Repair leaves both. */
        SIZE_MISMATCH,
        /**
         * An object under the store's prefix that no row references. Repair never deletes it: it
         * moves it into the store's quarantine ({@link S3MediaStore#quarantined()}), from which
         * only {@link S3MediaStore#purgeQuarantine()} deletes.
         */
        ORPHAN_OBJECT,
        /**
         * The content's SHA-256 differs from the one its row records (deep checks only): the
         * object, or the inline content, was changed or damaged after it was stored. Repair
         * leaves both.
         */
        CHECKSUM_MISMATCH,
        /**
         * A multipart upload that no running save owns, or a journal entry of a process that
         * stopped (crashed) before it finished. Repair aborts the upload and removes the entry.
         */
        INTERRUPTED_UPLOAD
    }

    /**
     * One disagreement.
     *
     * @param problem what kind it is
     * @param mediaId the media concerned, or null for an object without a row
     * @param location the object concerned, as {@code s3://bucket/key}; for content inline in
     *     the database, the row, as {@code files/<id>}
     * @param detail what was seen, for people
     * @param repaired whether {@link S3MediaStore#repair(boolean)} fixed it
     */
    public record Finding(Problem problem, String mediaId, String location, String detail,
            boolean repaired) {

        /**
         * Checks the finding.
         *
         * @param problem what kind it is
         * @param mediaId the media concerned, or null
         * @param location the object concerned
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
