package io.vidstore.sqlite;

import io.vidstore.api.MediaId;
import io.vidstore.api.MediaStoreException;
import io.vidstore.api.StoredMedia;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * Content of a BLOB too large to hold in memory, as older applications wrote for videos. sqlite-jdbc
 * cannot stream a BLOB, so it is read one chunk at a time with {@code substr(data, offset, n)}, each
 * chunk in its own short query, so that no read transaction stays open while the caller consumes
 * the content. The last chunk read is kept, so that small reads do not each cost a query. Such rows
 * are best moved to disk with {@link SqliteMediaStore#migrateLegacyBlobs}.
 */
final class ChunkedBlobContent extends PositionalContent {

    private final Database db;
    private final long blobLength;
    private byte[] chunk = new byte[0];
    private long chunkStart = -1;

    /**
     * The whole BLOB of a row, for maintenance work (migration, checks) that needs its bytes but
     * not a description of the media.
     */
    static ChunkedBlobContent whole(MediaRow row, Database db, int chunkSize) {
        long length = row.dataLength();
        StoredMedia media = StoredMedia.builder(MediaId.of(row.id())).filename(row.filename())
                .size(length).createdAt(Instant.EPOCH).build();
        return new ChunkedBlobContent(media, db, length, 0, length, chunkSize);
    }

    ChunkedBlobContent(StoredMedia media, Database db, long blobLength, long offset, long size,
            int chunkSize) {
        super(media, offset, size, chunkSize);
        this.db = db;
        this.blobLength = blobLength;
    }

    @Override
    synchronized int readAt(long position, ByteBuffer dst) throws IOException {
        if (chunkStart < 0 || position < chunkStart || position >= chunkStart + chunk.length) {
            long start = position - position % chunkSize();
            chunk = readChunk(start);
            chunkStart = start;
        }
        int at = (int) (position - chunkStart);
        int n = Math.min(dst.remaining(), chunk.length - at);
        dst.put(chunk, at, n);
        return n;
    }

    /** Reads the chunk of the BLOB that starts at {@code start}; never empty while {@code start < blobLength}. */
    byte[] readChunk(long start) throws IOException {
        int length = (int) Math.min(chunkSize(), blobLength - start);
        byte[] bytes;
        try {
            bytes = db.read("read the BLOB of media '" + media().id() + "'", c -> {
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT substr(CAST(data AS BLOB), ?, ?) FROM files WHERE id = ?")) {
                    ps.setLong(1, start + 1);
                    ps.setInt(2, length);
                    ps.setString(3, media().id().value());
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getBytes(1) : null;
                    }
                }
            });
        } catch (IllegalStateException e) {
            throw new IOException("the store was closed while media '" + media().id()
                    + "' was being read from its BLOB", e);
        }
        if (bytes == null || bytes.length != length) {
            throw new MediaStoreException("the BLOB of media '" + media().id() + "' in " + db.file()
                    + " changed or was deleted while it was being read (at byte " + start + " of "
                    + blobLength + ")");
        }
        return bytes;
    }

    @Override
    public Optional<Path> localPath() {
        return Optional.empty();
    }

    @Override
    synchronized void release() {
        chunk = new byte[0];
    }
}
