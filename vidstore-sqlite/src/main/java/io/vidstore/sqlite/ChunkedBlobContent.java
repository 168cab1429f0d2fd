package io.vidstore.sqlite;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaStoreException;
import io.vidstore.api.StoredMedia;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Content of a BLOB too large to hold in memory, as older applications wrote for videos. sqlite-jdbc
 * cannot stream a BLOB, so it is read one chunk at a time with {@code substr(data, offset, n)}, each
 * chunk in its own short query, so that no read transaction stays open while the caller consumes
 * the stream. Such rows are best moved to disk with {@link SqliteMediaStore#migrateLegacyBlobs}.
 */
final class ChunkedBlobContent implements MediaContent {

    private final StoredMedia media;
    private final Database db;
    private final long size;
    private final int chunkSize;
    private final AtomicBoolean closed = new AtomicBoolean();

    ChunkedBlobContent(StoredMedia media, Database db, long size, int chunkSize) {
        this.media = media;
        this.db = db;
        this.size = size;
        this.chunkSize = chunkSize;
    }

    @Override
    public StoredMedia media() {
        return media;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream inputStream() {
        ensureOpen();
        return new ChunkStream();
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        ensureOpen();
        long done = 0;
        while (done < size) {
            byte[] chunk = readChunk(done);
            out.write(chunk);
            done += chunk.length;
        }
        return done;
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

    /** Reads the chunk that starts at {@code offset}; never empty while {@code offset < size}. */
    byte[] readChunk(long offset) throws IOException {
        if (closed.get()) {
            throw new IOException("content of media '" + media.id() + "' was closed");
        }
        int length = (int) Math.min(chunkSize, size - offset);
        byte[] chunk = db.read("read the BLOB of media '" + media.id() + "'", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT substr(data, ?, ?) FROM files WHERE id = ?")) {
                ps.setLong(1, offset + 1);
                ps.setInt(2, length);
                ps.setString(3, media.id().value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
        if (chunk == null || chunk.length != length) {
            throw new MediaStoreException("the BLOB of media '" + media.id() + "' in " + db.file()
                    + " changed or was deleted while it was being read (at byte " + offset + " of "
                    + size + ")");
        }
        return chunk;
    }

    private final class ChunkStream extends InputStream {
        private long position;
        private byte[] chunk = new byte[0];
        private long chunkStart;

        private final byte[] one = new byte[1];

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (position >= size) {
                return -1;
            }
            if (position >= chunkStart + chunk.length) {
                chunk = readChunk(position);
                chunkStart = position;
            }
            int at = (int) (position - chunkStart);
            int n = Math.min(len, chunk.length - at);
            System.arraycopy(chunk, at, b, off, n);
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, size - position));
            position += skipped;
            if (position < chunkStart || position >= chunkStart + chunk.length) {
                chunk = new byte[0];
                chunkStart = position;
            }
            return skipped;
        }
    }
}
