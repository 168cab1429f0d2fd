package io.vidstore.sqlite;

import io.vidstore.api.StoredMedia;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Content kept in a file on disk, or a range of one. The file is opened once, when the content is
 * opened, and read with positional reads, so several streams can read it at once, a range starts
 * without reading what comes before it, and a delete of the media does not disturb readers that
 * already have it open.
 */
final class FileContent extends PositionalContent {

    private final Path path;
    private final FileChannel channel;
    private final boolean wholeFile;

    FileContent(StoredMedia media, Path path, FileChannel channel, long offset, long size,
            boolean wholeFile, int chunkSize) {
        super(media, offset, size, chunkSize);
        this.path = path;
        this.channel = channel;
        this.wholeFile = wholeFile;
    }

    @Override
    int readAt(long position, ByteBuffer dst) throws IOException {
        int limit = dst.limit();
        dst.limit(dst.position() + Math.min(dst.remaining(), MediaFiles.MAX_IO));
        int n;
        try {
            n = channel.read(dst, position);
        } finally {
            dst.limit(limit);
        }
        if (n <= 0) {
            throw truncated(position);
        }
        return n;
    }

    /** Lets the operating system copy the bytes ({@code sendfile} to a socket on Linux). */
    @Override
    public long transferTo(WritableByteChannel target) throws IOException {
        Objects.requireNonNull(target, "target");
        ensureOpen();
        long end = offset() + size();
        for (long position = offset(); position < end; ) {
            long n = channel.transferTo(position, end - position, target);
            if (n <= 0 && channel.size() < end) {
                throw truncated(channel.size());
            }
            position += n;
        }
        return size();
    }

    private IOException truncated(long at) {
        return new IOException("file " + path + " of media '" + media().id() + "' ended at byte "
                + at + " but should have at least " + (offset() + size()) + " bytes");
    }

    @Override
    public Optional<Path> localPath() {
        return wholeFile ? Optional.of(path) : Optional.empty();
    }

    @Override
    void release() throws IOException {
        channel.close();
    }
}
