package io.vidstore.sqlite;

import io.vidstore.api.StoredMedia;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Content small enough to be held in memory: a BLOB read whole from the database, or a range of one. */
final class BlobContent extends PositionalContent {

    private final byte[] data;

    BlobContent(StoredMedia media, byte[] data, long offset, long size, int chunkSize) {
        super(media, offset, size, chunkSize);
        this.data = data;
    }

    @Override
    int readAt(long position, ByteBuffer dst) {
        int n = dst.remaining();
        dst.put(data, (int) position, n);
        return n;
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        ensureOpen();
        out.write(data, (int) offset(), (int) size());
        return size();
    }

    @Override
    public Optional<Path> localPath() {
        return Optional.empty();
    }

    @Override
    void release() {
        // Nothing but memory, which the garbage collector takes back.
    }
}
