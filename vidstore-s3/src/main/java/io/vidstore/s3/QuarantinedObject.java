package io.vidstore.s3;

import java.time.Instant;
import java.util.Objects;

/**
 * An object that {@link S3MediaStore#repair(boolean)} moved into the store's quarantine because
 * no row referenced it, as {@link S3MediaStore#quarantined()} lists it.
 *
 * @param key the object's key now, {@code <prefix>quarantine/<repair>/<key without prefix>}
 * @param originalKey the key it had before, under {@code <prefix>media/}; copying the object back
 *     there (and inserting its row) restores it
 * @param size the object's size in bytes
 * @param quarantinedAt when it was moved (the copy's last-modified time)
 */
public record QuarantinedObject(String key, String originalKey, long size, Instant quarantinedAt) {

    /**
     * Checks the description.
     *
     * @param key the object's key now
     * @param originalKey the key it had before
     * @param size its size
     * @param quarantinedAt when it was moved
     */
    public QuarantinedObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(originalKey, "originalKey");
        Objects.requireNonNull(quarantinedAt, "quarantinedAt");
    }
}
