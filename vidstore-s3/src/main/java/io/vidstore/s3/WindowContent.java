package io.vidstore.s3;

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
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The part of {@link MediaContent} that is the same wherever the bytes live: streams, channels and
 * transfers over a window {@code [offset, offset + size)} of a media, all built on sequential
 * streams that start at a given position. A stream is opened once and read on as long as reads
 * are sequential; a seek far ahead or back opens a new one (for object storage: one ranged GET).
 */
abstract class WindowContent implements MediaContent {

    /** Skips up to this far are read through rather than paid for with a new request. */
    private static final long SKIP_BY_READING = 256 << 10;

    private final StoredMedia media;
    private final long offset;
    private final long size;
    private final int bufferSize;
    private final AtomicBoolean closed = new AtomicBoolean();

    WindowContent(StoredMedia media, long offset, long size, int bufferSize) {
        this.media = media;
        this.offset = offset;
        this.size = size;
        this.bufferSize = (int) Math.max(1, Math.min(bufferSize, size));
    }

    /**
     * Opens a stream of the window's bytes from {@code position} (relative to the window) to its
     * end; called only with {@code 0 <= position < size}.
     */
    abstract InputStream openAt(long position) throws IOException;

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

    @Override
    public Optional<Path> localPath() {
        return Optional.empty();
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
        try (InputStream in = new Stream()) {
            byte[] buffer = new byte[bufferSize];
            long done = 0;
            for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
                out.write(buffer, 0, n);
                done += n;
            }
            return checkComplete(done);
        }
    }

    @Override
    public long transferTo(WritableByteChannel target) throws IOException {
        Objects.requireNonNull(target, "target");
        ensureOpen();
        try (InputStream in = new Stream()) {
            ByteBuffer buffer = ByteBuffer.allocate(bufferSize);
            long done = 0;
            for (int n; (n = in.read(buffer.array(), 0, buffer.capacity())) > 0; ) {
                buffer.clear().limit(n);
                while (buffer.hasRemaining()) {
                    target.write(buffer);
                }
                done += n;
            }
            return checkComplete(done);
        }
    }

    private long checkComplete(long done) throws IOException {
        if (done != size) {
            throw new IOException("content of media '" + media.id() + "' ended after " + done
                    + " of " + size + " bytes");
        }
        return done;
    }

    final void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("content of media '" + media.id() + "' is closed");
        }
    }

    private void ensureReadable() throws IOException {
        if (closed.get()) {
            throw new IOException("content of media '" + media.id() + "' was closed");
        }
    }

    @Override
    public final void close() throws IOException {
        if (!closed.getAndSet(true)) {
            release();
        }
    }

    /**
     * A cursor over the window: a position and the stream that is there, opened on the first read
     * and reopened when a read does not continue where the last one stopped.
     */
    private final class Cursor {
        long position;
        private InputStream in;
        private long inPosition;

        int read(byte[] b, int off, int len) throws IOException {
            ensureReadable();
            if (position >= size) {
                return -1;
            }
            if (in != null && position != inPosition) {
                long ahead = position - inPosition;
                if (ahead > 0 && ahead <= SKIP_BY_READING) {
                    in.skipNBytes(ahead);
                    inPosition = position;
                } else {
                    drop();
                }
            }
            if (in == null) {
                in = openAt(position);
                inPosition = position;
            }
            int n = in.read(b, off, (int) Math.min(len, size - position));
            if (n < 0) {
                throw new IOException("content of media '" + media.id() + "' ended at byte "
                        + (offset + position) + " of " + media.size());
            }
            position += n;
            inPosition = position;
            return n;
        }

        void drop() throws IOException {
            InputStream old = in;
            in = null;
            if (old != null) {
                old.close();
            }
        }
    }

    /** A stream with its own position; used by one thread at a time. */
    private final class Stream extends InputStream {
        private final Cursor cursor = new Cursor();
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
            return cursor.read(b, off, len);
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, size - cursor.position));
            cursor.position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return 0;
        }

        @Override
        public void close() throws IOException {
            cursor.drop();
        }
    }

    /** A read-only seekable channel with its own position. */
    private final class Channel implements SeekableByteChannel {
        private final Cursor cursor = new Cursor();
        private boolean open = true;

        @Override
        public synchronized int read(ByteBuffer dst) throws IOException {
            ensureChannelOpen();
            if (cursor.position >= size) {
                return -1;
            }
            if (!dst.hasRemaining()) {
                return 0;
            }
            int n;
            if (dst.hasArray()) {
                n = cursor.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
                dst.position(dst.position() + n);
            } else {
                byte[] tmp = new byte[Math.min(dst.remaining(), bufferSize)];
                n = cursor.read(tmp, 0, tmp.length);
                dst.put(tmp, 0, n);
            }
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public synchronized long position() throws IOException {
            ensureChannelOpen();
            return cursor.position;
        }

        @Override
        public synchronized SeekableByteChannel position(long newPosition) throws IOException {
            ensureChannelOpen();
            if (newPosition < 0) {
                throw new IllegalArgumentException("position must be at least 0 but was " + newPosition);
            }
            cursor.position = newPosition;
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
        public synchronized void close() throws IOException {
            if (open) {
                open = false;
                cursor.drop();
            }
        }

        private void ensureChannelOpen() throws ClosedChannelException {
            if (!open) {
                throw new ClosedChannelException();
            }
        }
    }
}
