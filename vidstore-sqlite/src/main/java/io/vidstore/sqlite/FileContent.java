package io.vidstore.sqlite;

import io.vidstore.api.MediaContent;
import io.vidstore.api.StoredMedia;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Content kept in a file on disk. The file is opened once, when the content is opened, and read
 * with positional reads, so several streams can read it at once and a delete of the media does
 * not disturb readers that already have it open.
 */
final class FileContent implements MediaContent {

    private final StoredMedia media;
    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final int chunkSize;
    private final AtomicBoolean closed = new AtomicBoolean();

    FileContent(StoredMedia media, Path path, FileChannel channel, long size, int chunkSize) {
        this.media = media;
        this.path = path;
        this.channel = channel;
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
        return new RangeStream(0, size);
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        ensureOpen();
        try (RangeStream in = new RangeStream(0, size)) {
            return in.transferTo(out);
        }
    }

    @Override
    public Optional<Path> localPath() {
        return Optional.of(path);
    }

    @Override
    public void close() throws IOException {
        if (!closed.getAndSet(true)) {
            channel.close();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("content of media '" + media.id() + "' is closed");
        }
    }

    /** Reads bytes {@code [position, end)} of the file without moving the channel's position. */
    private final class RangeStream extends InputStream {
        private long position;
        private final long end;

        RangeStream(long start, long end) {
            this.position = start;
            this.end = end;
        }

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
            if (position >= end) {
                return -1;
            }
            int want = (int) Math.min(len, end - position);
            int n = readAt(ByteBuffer.wrap(b, off, want));
            position += n;
            return n;
        }

        private int readAt(ByteBuffer buffer) throws IOException {
            try {
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new IOException("file " + path + " of media '" + media.id()
                            + "' ended at byte " + position + " but should have " + end + " bytes");
                }
                return n;
            } catch (ClosedChannelException e) {
                throw new IOException("content of media '" + media.id() + "' was closed", e);
            }
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, end - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            long start = position;
            byte[] buffer = new byte[(int) Math.max(1, Math.min(chunkSize, end - position))];
            while (position < end) {
                int n = read(buffer, 0, buffer.length);
                out.write(buffer, 0, n);
            }
            return position - start;
        }
    }
}
