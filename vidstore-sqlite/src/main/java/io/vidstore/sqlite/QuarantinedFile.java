package io.vidstore.sqlite;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A file that {@link SqliteMediaStore#repair(boolean)} moved into the quarantine directory instead
 * of deleting it, as its manifest records it.
 *
 * @param path where the file is now, under {@link SqliteMediaStore#quarantineDirectory()}
 * @param originalPath where it was, under the data directory
 * @param size its size in bytes when it was moved
 * @param quarantinedAt when it was moved
 * @param reason why, for people (such as {@code ORPHAN_FILE: no row references the file})
 */
public record QuarantinedFile(Path path, Path originalPath, long size, Instant quarantinedAt,
        String reason) {

    /**
     * Checks the record.
     *
     * @param path where the file is now
     * @param originalPath where it was
     * @param size its size
     * @param quarantinedAt when it was moved
     * @param reason why
     */
    public QuarantinedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(originalPath, "originalPath");
        Objects.requireNonNull(quarantinedAt, "quarantinedAt");
        Objects.requireNonNull(reason, "reason");
    }
}
