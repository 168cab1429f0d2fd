package io.vidstore.sqlite;

import io.vidstore.api.MediaContent;
import io.vidstore.api.StoredMedia;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The part of {@link MediaContent} that is the same wherever the bytes live: streams, channels and
 * transfers over a window {@code [offset, offset + size)} of a media, all built on one positional
 * read. Subclasses say how to read at a position and what to release on close.
 */
abstract class PositionalContent implements MediaContent {

    private final StoredMedia media;
    private final long offset;
    private final long size;
    private final int chunkSize;
    private final AtomicBoolean closed = new AtomicBoolean();

    PositionalContent(StoredMedia media, long offset, long size, int chunkSize) {
        this.media = media;
        this.offset = offset;
        this.size = size;
        this.chunkSize = chunkSize;
    }

    /**
     * Reads bytes at {@code position} of the media into {@code dst}; called only with {@code
     * offset <= position < offset + size} and with no more room in {@code dst} than is left.
     *
     * @return how many bytes were read, at least 1
     */
    abstract int readAt(long position, ByteBuffer dst) throws IOException;

    /** Releases what the content holds; called once. */
    abstract void release() throws IOException;

    @Override
    public final StoredMedia media() {
        return media;
    }

    @Override
    public final long size() {
        return size;
    }

    @Override
    public final long offset() {
        return offset;
    }

    final int chunkSize() {
        return chunkSize;
    }

    @Override
    public final InputStream inputStream() {
        ensureOpen();
        return new Stream();
    }

    @Override
    public final SeekableByteChannel newChannel() {
        ensureOpen();
        return new Channel();
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        ensureOpen();
        byte[] buffer = new byte[transferBufferSize()];
        ByteBuffer dst = ByteBuffer.wrap(buffer);
        for (long done = 0; done < size; ) {
            dst.clear().limit((int) Math.min(buffer.length, size - done));
            int n = read(done, dst);
            out.write(buffer, 0, n);
            done += n;
        }
        return size;
    }

    @Override
    public long transferTo(WritableByteChannel target) throws IOException {
        Objects.requireNonNull(target, "target");
        ensureOpen();
        ByteBuffer buffer = ByteBuffer.allocate(transferBufferSize());
        for (long done = 0; done < size; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), size - done));
            done += read(done, buffer);
            buffer.flip();
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
        }
        return size;
    }

    /**
     * A transfer's buffer: no larger than the content, the chunk size, or the slice in which files
     * are read anyway; allocating (and zeroing) more would cost time and give nothing.
     */
    private int transferBufferSize() {
        return (int) Math.max(1, Math.min(Math.min(chunkSize, MediaFiles.MAX_IO), size));
    }

    /** Reads at a position relative to the window, failing clearly once the content is closed. */
    private int read(long position, ByteBuffer dst) throws IOException {
        if (closed.get()) {
            throw new IOException("content of media '" + media.id() + "' was closed");
        }
        try {
            return readAt(offset + position, dst);
        } catch (ClosedChannelException e) {
            throw new IOException("content of media '" + media.id() + "' was closed", e);
        }
    }

    final void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("content of media '" + media.id() + "' is closed");
        }
    }

    @Override
    public final void close() throws IOException {
        if (!closed.getAndSet(true)) {
            release();
        }
    }

    /** A stream with its own position; used by one thread at a time. */
    private final class Stream extends InputStream {
        private long position;
        private final byte[] one = new byte[1];
        /** The caller's last array, wrapped once: wrapping it on every read would allocate per read. */
        private byte[] wrapped;
        private ByteBuffer wrapper;

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
            if (b != wrapped) {
                wrapped = b;
                wrapper = ByteBuffer.wrap(b);
            }
            wrapper.clear().position(off).limit(off + (int) Math.min(len, size - position));
            int n = PositionalContent.this.read(position, wrapper);
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, size - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, size - position);
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            Objects.requireNonNull(out, "out");
            long start = position;
            byte[] buffer = new byte[(int) Math.max(1, Math.min(Math.min(chunkSize, MediaFiles.MAX_IO),
                    size - position))];
            for (int n; (n = read(buffer, 0, buffer.length)) > 0; ) {
                out.write(buffer, 0, n);
            }
            return position - start;
        }
    }

    /** A read-only seekable channel with its own position. */
    private final class Channel implements SeekableByteChannel {
        private long position;
        private boolean open = true;

        @Override
        public synchronized int read(ByteBuffer dst) throws IOException {
            ensureChannelOpen();
            if (position >= size) {
                return -1;
            }
            if (!dst.hasRemaining()) {
                return 0;
            }
            int limit = dst.limit();
            dst.limit(dst.position() + (int) Math.min(dst.remaining(), size - position));
            int n;
            try {
                n = PositionalContent.this.read(position, dst);
            } finally {
                dst.limit(limit);
            }
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public synchronized long position() throws IOException {
            ensureChannelOpen();
            return position;
        }

        @Override
        public synchronized SeekableByteChannel position(long newPosition) throws IOException {
            ensureChannelOpen();
            if (newPosition < 0) {
                throw new IllegalArgumentException("position must be at least 0 but was " + newPosition);
            }
            position = newPosition;
            return this;
        }

        @Override
        public long size() throws IOException {
            ensureChannelOpen();
            return size;
        }

        @Override
        public SeekableByteChannel truncate(long newSize) {
            throw new NonWritableChannelException();
        }

        @Override
        public synchronized boolean isOpen() {
            return open;
        }

        @Override
        public synchronized void close() {
            open = false;
        }

        private void ensureChannelOpen() throws ClosedChannelException {
            if (!open) {
                throw new ClosedChannelException();
            }
        }
    }
}
