package io.vidstore.sqlite;

import io.vidstore.api.MediaStoreException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Thrown when a row's {@code storage_path} leads outside the data directory and the legacy roots
 * configured with {@link SqliteMediaStore.Builder#legacyRoots(Path...)}: through {@code ../}, as
 * an absolute path, or through a symbolic link. Such content is not read; configure the directory
 * that holds it as a legacy root to read it.
 */
public final class PathOutsideStoreException extends MediaStoreException {
    private static final long serialVersionUID = 1L;

    /** The media whose path was refused. */
    private final String mediaId;
    /** The refused path. */
    private final String path;
    /** The roots under which paths are followed. */
    private final List<String> allowedRoots;

    PathOutsideStoreException(String mediaId, Path path, List<Path> allowedRoots) {
        super("media '" + mediaId + "' has the storage path " + path + leadsTo(path) + ", which lies outside the"
                + " store's directory and its legacy roots " + allowedRoots + "; not reading it."
                + " If that file belongs to the store, add its directory with"
                + " SqliteMediaStore.Builder.legacyRoots (vidstore --legacy-root)");
        this.mediaId = Objects.requireNonNull(mediaId, "mediaId");
        this.path = path.toString();
        this.allowedRoots = allowedRoots.stream().map(Path::toString).toList();
    }

    private static String leadsTo(Path path) {
        try {
            Path real = MediaFiles.realLocation(path);
            return real.equals(path) ? "" : " (leading to " + real + ")";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** {@return the id of the media whose path was refused} */
    public String mediaId() {
        return mediaId;
    }

    /** {@return the refused path, resolved against the data directory} */
    public String path() {
        return path;
    }

    /** {@return the roots under which paths are followed: the data directory first, with links resolved} */
    public List<String> allowedRoots() {
        return allowedRoots;
    }
}
