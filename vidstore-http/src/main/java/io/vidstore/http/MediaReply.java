package io.vidstore.http;

import io.vidstore.api.ByteRange;
import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaStore;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The answer to one HTTP request, ready for a server framework to send: a status, header fields
 * and, unless the request was a {@code HEAD} or the status forbids one, a body of known length.
 *
 * <p>A reply may hold the opened content of a media; whoever asked {@link MediaEndpoint} for it
 * must {@link #close()} it, after writing the body or instead of writing it. Write the body at
 * most once. Not thread-safe.
 *
 * <pre>{@code
 * try (MediaReply reply = endpoint.download(method, id, headers)) {
 *     reply.headers().forEach(response::setHeader);
 *     response.setStatus(reply.status());
 *     if (reply.hasBody()) {
 *         reply.writeBody(response.getOutputStream());
 *     }
 * }
 * }</pre>
 */
public final class MediaReply implements Closeable {

    /** The size of the buffer {@link #writeBody(OutputStream)} copies through. */
    static final int COPY_BUFFER_SIZE = 256 << 10;

    /**
     * The size of the direct buffers {@link #writeBody(BufferWriter)} reads into: 1 MiB, so that
     * a typical player's range is one read and one write (each blocking write through a
     * container's output costs a hand-over to its I/O machinery, more than the copy).
     */
    static final int DIRECT_BUFFER_SIZE = 1 << 20;

    /** How many idle direct buffers are kept at most. */
    static final int POOLED_BUFFERS = 16;

    /**
     * Idle direct buffers, so that a request takes one instead of allocating native memory: at
     * most {@value #POOLED_BUFFERS} of them are kept (16 MiB of native memory).
     */
    static final BufferPool DIRECT_BUFFERS =
            new BufferPool(DIRECT_BUFFER_SIZE, true, POOLED_BUFFERS);

    /**
     * Idle heap buffers for {@link #writeBody(OutputStream)}, so that a request neither allocates
     * nor zeroes {@value #COPY_BUFFER_SIZE} bytes: at most {@value #POOLED_BUFFERS} are kept.
     */
    static final BufferPool HEAP_BUFFERS = new BufferPool(COPY_BUFFER_SIZE, false, POOLED_BUFFERS);

    private final int status;
    private final Map<String, String> mutableHeaders;
    private final Map<String, String> headers;
    private final Body body;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MediaReply(int status, Map<String, String> headers, Body body) {
        this.status = status;
        this.mutableHeaders = headers;
        this.headers = Collections.unmodifiableMap(headers);
        this.body = body;
    }

    /** {@return the HTTP status code, such as 200, 206, 304 or 416} */
    public int status() {
        return status;
    }

    /**
     * {@return the header fields to send, in a stable order} Names are in their usual spelling
     * (such as {@code Content-Range}); values contain only visible ASCII and spaces. A reply that
     * has a body, or answers a {@code HEAD}, includes {@code Content-Length}.
     */
    public Map<String, String> headers() {
        return headers;
    }

    /** {@return whether the reply has a body to write; false for {@code HEAD} and 304 replies} */
    public boolean hasBody() {
        return body != null;
    }

    /** {@return the length of the body in bytes, or -1 when there is no body} */
    public long bodyLength() {
        return body == null ? -1 : body.length();
    }

    /**
     * Writes the body to a stream, through one pooled heap buffer of {@value #COPY_BUFFER_SIZE}
     * bytes, without closing the stream.
     *
     * @param out where to write
     * @throws IOException if reading the media or writing fails (for instance because the client
     *     went away)
     * @throws IllegalStateException if the reply has no body or is closed
     */
    public void writeBody(OutputStream out) throws IOException {
        checkWritable();
        body.write(out);
    }

    /**
     * Writes the body to a channel without closing it. A whole file or a single range is handed
     * to {@link MediaContent#transferTo(WritableByteChannel)}, which lets the operating system
     * copy it ({@code sendfile}) when the channel is a socket; use this from servers that expose
     * their connection as a channel.
     *
     * @param out where to write; a channel in blocking mode
     * @throws IOException if reading the media or writing fails
     * @throws IllegalStateException if the reply has no body or is closed
     */
    public void writeBody(WritableByteChannel out) throws IOException {
        checkWritable();
        body.write(out);
    }

    /**
     * Where {@link #writeBody(BufferWriter)} writes: a blocking write of all of a buffer's
     * remaining bytes.
     */
    @FunctionalInterface
    interface BufferWriter {
        /** Writes all the remaining bytes of the buffer; it may be a direct buffer reused afterwards. */
        void write(ByteBuffer buffer) throws IOException;
    }

    /**
     * Writes the body through {@link BufferWriter} calls, reading the media into pooled direct
     * buffers of {@value #DIRECT_BUFFER_SIZE} bytes: a server that writes a direct buffer to its
     * socket as it is then copies each byte only in the kernel (read from the file, written to the
     * socket), where a stream's {@code byte[]} costs two more copies between the heap and native
     * memory.
     */
    void writeBody(BufferWriter out) throws IOException {
        checkWritable();
        body.write(out);
    }

    private void checkWritable() {
        if (body == null) {
            throw new IllegalStateException("a " + status + " reply has no body");
        }
        if (closed.get()) {
            throw new IllegalStateException("the reply is closed");
        }
    }

    /**
     * Closes the media content the reply holds, if any. Calling it again has no effect.
     *
     * @throws IOException if closing the content fails
     */
    @Override
    public void close() throws IOException {
        if (!closed.getAndSet(true) && body != null) {
            body.close();
        }
    }

    @Override
    public String toString() {
        return "MediaReply[" + status + ", " + headers + "]";
    }

    // ---- construction, for MediaEndpoint ----

    /** Starts a reply's headers. */
    static Map<String, String> newHeaders() {
        return new LinkedHashMap<>();
    }

    /**
     * Adds a header field, or appends the value to the field's list when it is there already
     * (for {@code Vary}); for {@link MediaEndpoint}, before the reply is handed out.
     */
    void addHeader(String name, String value) {
        mutableHeaders.merge(name, value, (old, added) -> old + ", " + added);
    }

    /** A reply without body; {@code Content-Length} is kept when present (HEAD). */
    static MediaReply withoutBody(int status, Map<String, String> headers) {
        return new MediaReply(status, headers, null);
    }

    /** A reply whose body is small text. */
    static MediaReply ofText(int status, Map<String, String> headers, String contentType,
            String text, boolean head) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        headers.put("Content-Type", contentType);
        headers.put("Content-Length", Long.toString(bytes.length));
        return new MediaReply(status, headers, head ? null : new BytesBody(bytes));
    }

    /** A reply whose body is all of an opened content. */
    static MediaReply ofContent(int status, Map<String, String> headers, MediaContent content) {
        headers.put("Content-Length", Long.toString(content.size()));
        return new MediaReply(status, headers, new ContentBody(content));
    }

    /**
     * A 206 reply whose body is one range of an opened content of the whole media. Written to a
     * stream, the range is read from that content; written to a channel, the range is opened
     * from the store on its own, so that {@link MediaContent#transferTo(WritableByteChannel)} can
     * hand it to the operating system.
     */
    static MediaReply ofRange(Map<String, String> headers, MediaStore store, MediaContent content,
            long offset, long length) {
        headers.put("Content-Length", Long.toString(length));
        return new MediaReply(206, headers, new RangeBody(store, content, offset, length));
    }

    /** {@return whether the reply's body reads from this content, and closing the reply closes it} */
    boolean holds(MediaContent content) {
        return body != null && body.holds(content);
    }

    /** A {@code multipart/byteranges} reply over ranges of one opened content. */
    static MediaReply ofParts(Map<String, String> headers, String boundary, List<Part> parts,
            MediaContent content) {
        MultipartBody body = new MultipartBody(boundary, parts, content);
        headers.put("Content-Type", "multipart/byteranges; boundary=" + boundary);
        headers.put("Content-Length", Long.toString(body.length()));
        return new MediaReply(206, headers, body);
    }

    /** One part of a {@code multipart/byteranges} body. */
    record Part(String header, long offset, long length) { }

    private interface Body extends Closeable {
        long length();

        void write(OutputStream out) throws IOException;

        void write(WritableByteChannel out) throws IOException;

        /** By default through a stream; bodies read from media go through direct buffers. */
        default void write(BufferWriter out) throws IOException {
            write(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    out.write(ByteBuffer.wrap(new byte[] {(byte) b}));
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(ByteBuffer.wrap(b, off, len));
                }
            });
        }

        default boolean holds(MediaContent content) {
            return false;
        }

        @Override
        default void close() throws IOException {
        }
    }

    private record BytesBody(byte[] bytes) implements Body {
        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public void write(OutputStream out) throws IOException {
            out.write(bytes);
        }

        @Override
        public void write(WritableByteChannel out) throws IOException {
            writeFully(out, ByteBuffer.wrap(bytes));
        }
    }

    private record ContentBody(MediaContent content) implements Body {
        @Override
        public long length() {
            return content.size();
        }

        @Override
        public void write(OutputStream out) throws IOException {
            try (SeekableByteChannel in = content.newChannel()) {
                copy(in, content.size(), out);
            }
        }

        @Override
        public void write(WritableByteChannel out) throws IOException {
            content.transferTo(out);
        }

        @Override
        public void write(BufferWriter out) throws IOException {
            try (SeekableByteChannel in = content.newChannel()) {
                copyDirect(in, content.size(), out);
            }
        }

        @Override
        public boolean holds(MediaContent c) {
            return c == content;
        }

        @Override
        public void close() throws IOException {
            content.close();
        }
    }

    private record RangeBody(MediaStore store, MediaContent content, long offset, long length)
            implements Body {
        @Override
        public void write(OutputStream out) throws IOException {
            try (SeekableByteChannel in = content.newChannel()) {
                in.position(offset);
                copy(in, length, out);
            }
        }

        @Override
        public void write(BufferWriter out) throws IOException {
            try (SeekableByteChannel in = content.newChannel()) {
                in.position(offset);
                copyDirect(in, length, out);
            }
        }

        @Override
        public void write(WritableByteChannel out) throws IOException {
            MediaId id = content.media().id();
            try (MediaContent part = store.open(id, ByteRange.ofLength(offset, length))) {
                if (part.size() != length) {
                    throw new IOException("the range of media '" + id + "' at " + offset + " has "
                            + part.size() + " bytes, not " + length);
                }
                part.transferTo(out);
            }
        }

        @Override
        public boolean holds(MediaContent c) {
            return c == content;
        }

        @Override
        public void close() throws IOException {
            content.close();
        }
    }

    private static final class MultipartBody implements Body {
        private final List<Part> parts;
        private final MediaContent content;
        private final byte[] end;
        private final long length;

        MultipartBody(String boundary, List<Part> parts, MediaContent content) {
            this.parts = parts;
            this.content = content;
            this.end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            long n = end.length;
            for (Part p : parts) {
                n += p.header().length() + p.length();
            }
            this.length = n;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public void write(OutputStream out) throws IOException {
            ByteBuffer buffer = HEAP_BUFFERS.take();
            try (SeekableByteChannel in = content.newChannel()) {
                for (Part p : parts) {
                    out.write(p.header().getBytes(StandardCharsets.US_ASCII));
                    in.position(p.offset());
                    copy(in, p.length(), out, buffer);
                }
            }
            out.write(end);
            HEAP_BUFFERS.give(buffer);
        }

        @Override
        public void write(WritableByteChannel out) throws IOException {
            write(Channels.newOutputStream(out));
        }

        @Override
        public boolean holds(MediaContent c) {
            return c == content;
        }

        @Override
        public void close() throws IOException {
            content.close();
        }
    }

    /** Copies exactly {@code length} bytes from the channel's position through a pooled heap buffer. */
    private static void copy(SeekableByteChannel in, long length, OutputStream out)
            throws IOException {
        ByteBuffer buffer = HEAP_BUFFERS.take();
        copy(in, length, out, buffer);
        // Only after every write returned, like the direct buffers below.
        HEAP_BUFFERS.give(buffer);
    }

    /** Copies exactly {@code length} bytes from the channel's position to the stream. */
    private static void copy(SeekableByteChannel in, long length, OutputStream out,
            ByteBuffer buffer) throws IOException {
        long left = length;
        while (left > 0) {
            buffer.clear();
            if (left < buffer.capacity()) {
                buffer.limit((int) left);
            }
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the media ended " + left + " bytes early");
            }
            out.write(buffer.array(), 0, n);
            left -= n;
        }
    }

    /**
     * Copies exactly {@code length} bytes from the channel's position through a pooled direct
     * buffer.
     */
    private static void copyDirect(SeekableByteChannel in, long length, BufferWriter out)
            throws IOException {
        ByteBuffer buffer = DIRECT_BUFFERS.take();
        long left = length;
        while (left > 0) {
            buffer.clear();
            if (left < buffer.capacity()) {
                buffer.limit((int) left);
            }
            // Fill the buffer, so that each write is as large as it can be.
            while (buffer.hasRemaining()) {
                if (in.read(buffer) < 0) {
                    throw new IOException("the media ended " + (left - buffer.position())
                            + " bytes early");
                }
            }
            left -= buffer.flip().remaining();
            out.write(buffer);
        }
        // Only after every write returned: a server whose write failed might still hold the buffer.
        DIRECT_BUFFERS.give(buffer);
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
