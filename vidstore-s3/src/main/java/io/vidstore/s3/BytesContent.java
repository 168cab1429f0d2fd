package io.vidstore.s3;

import io.vidstore.api.StoredMedia;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/** Content held in memory: a small file read whole from its row's {@code data}, or a range of one. */
final class BytesContent extends WindowContent {

    private final byte[] data;

    BytesContent(StoredMedia media, byte[] data, long offset, long size) {
        super(media, offset, size, 64 << 10);
        this.data = data;
    }

    @Override
    InputStream openAt(long position) {
        return new ByteArrayInputStream(data, (int) (offset() + position), (int) (size() - position));
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        ensureOpen();
        out.write(data, (int) offset(), (int) size());
        return size();
    }

    @Override
    void release() {
        // Nothing but memory, which the garbage collector takes back.
    }
}
