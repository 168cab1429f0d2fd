package io.vidstore.sqlite;

import io.vidstore.api.MediaStoreException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown by {@link SqliteMediaStore.Builder#build()} with {@link
 * SqliteMediaStore.Builder#createIfMissing(boolean) createIfMissing(false)} when there is no store
 * to open: the data directory does not exist, or the database is missing, empty or has no {@code
 * files} table. Nothing was created on disk.
 */
public final class NoSuchStoreException extends MediaStoreException {
    private static final long serialVersionUID = 1L;

    /** The path that was looked for. */
    private final String path;

    NoSuchStoreException(Path path, String reason) {
        super("no store at " + path + ": " + reason);
        this.path = Objects.requireNonNull(path, "path").toString();
    }

    /** {@return the path that was looked for: the data directory or the database file} */
    public String path() {
        return path;
    }
}
