package io.vidstore.sqlite;

import io.vidstore.api.MediaContent;
import io.vidstore.api.StoredMedia;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Content small enough to be held in memory: a BLOB read whole from the database. */
final class BlobContent implements MediaContent {

    private final StoredMedia media;
    private final byte[] data;
    private final AtomicBoolean closed = new AtomicBoolean();

    BlobContent(StoredMedia media, byte[] data) {
        this.media = media;
        this.data = data;
    }

    @Override
    public StoredMedia media() {
        return media;
    }

    @Override
    public long size() {
        return data.length;
    }

    @Override
    public InputStream inputStream() {
        ensureOpen();
        return new ByteArrayInputStream(data);
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        ensureOpen();
        out.write(data);
        return data.length;
    }

    @Override
    public Optional<Path> localPath() {
        return Optional.empty();
    }

    @Override
    public void close() {
        closed.set(true);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("content of media '" + media.id() + "' is closed");
        }
    }
}
