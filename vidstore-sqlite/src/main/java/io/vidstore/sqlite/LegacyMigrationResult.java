package io.vidstore.sqlite;

import java.util.List;

/**
 * What {@link SqliteMediaStore#migrateLegacyBlobs(boolean)} did.
 *
 * @param migrated how many media were moved from the database to files
 * @param bytesMoved how many bytes of content they hold together
 * @param skipped the ids of media left as they were, each with the reason
 * @param vacuumed whether the database was compacted afterwards
 */
public record LegacyMigrationResult(int migrated, long bytesMoved, List<String> skipped,
        boolean vacuumed) {

    /**
     * Copies the list of skipped media.
     *
     * @param migrated how many media were moved
     * @param bytesMoved how many bytes they hold
     * @param skipped the skipped ids with reasons
     * @param vacuumed whether the database was compacted
     */
    public LegacyMigrationResult {
        skipped = List.copyOf(skipped);
    }
}
