package io.vidstore.api.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Input streams and digests for testing {@link io.vidstore.api.MediaStore} implementations:
 * generated content of any size in constant memory, and wrappers that make a stream behave the
 * way real network and file streams sometimes do (one byte per read, reads of zero bytes, a
 * failure half way).
 *
 * <p>Generated content is a pure function of its size, seed and position, so a test can stream
 * gigabytes into a store and compute the expected SHA-256 again later without keeping anything.
 * All methods are thread-safe; the streams they return are not, like any {@link InputStream}.
 */
public final class TestStreams {

    /**
     * The minimal ISO base media file header ({@code ftyp} box, brand {@code isom}) that {@link
     * #mp4(long, long)} starts with, so content sniffing recognises the content as MP4.
     */
    private static final byte[] MP4_HEADER = {
        0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0,
        'i', 's', 'o', 'm', 'i', 's', 'o', '2',
    };

    /** The message of the exception thrown by {@link #failingAfter(InputStream, long)}. */
    public static final String FAILURE_MESSAGE = "simulated read failure (TestStreams.failingAfter)";

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    // Tests ask for the digest of the same large generated stream again and again.
    private static final Map<String, String> DIGESTS = new ConcurrentHashMap<>();

    private TestStreams() {}

    /**
     * Returns a stream of {@code size} deterministic pseudo-random bytes, produced while it is
     * read. Memory use is constant whatever the size; bulk reads run at several GB/s. The same
     * size and seed always give the same bytes, whatever sizes the reads have; different seeds
     * give unrelated bytes. {@link InputStream#skip(long)} is cheap.
     *
     * @param size the number of bytes, at least 0
     * @param seed selects the content
     * @return a new stream, which needs no closing
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public static InputStream generated(long size, long seed) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be at least 0 but was " + size);
        }
        return new GeneratedInputStream(size, seed);
    }

    /**
     * Returns {@code size} bytes of {@linkplain #generated(long, long) generated content} as an
     * array, for small content.
     *
     * @param size the number of bytes, at least 0
     * @param seed selects the content
     * @return the same bytes that {@code generated(size, seed)} streams
     */
    public static byte[] generatedBytes(int size, long seed) {
        try (InputStream in = generated(size, seed)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError("generated streams do not fail", e);
        }
    }

    /**
     * Returns the SHA-256 of {@link #generated(long, long) generated(size, seed)}, computed by
     * streaming it (and remembered, as tests tend to ask again).
     *
     * @param size the number of bytes, at least 0
     * @param seed selects the content
     * @return 64 lower-case hexadecimal digits
     */
    public static String sha256(long size, long seed) {
        return DIGESTS.computeIfAbsent("generated:" + size + ":" + seed,
                k -> digestOf(generated(size, seed)));
    }

    /**
     * Returns a stream of {@code size} bytes that starts like an MP4 file (an {@code ftyp} box)
     * and continues with {@linkplain #generated(long, long) generated content}: a "video" that
     * stores which recognise containers by their first bytes classify as {@code video/mp4}.
     *
     * @param size the number of bytes, at least 24 (the header's length)
     * @param seed selects the content after the header
     * @return a new stream, which needs no closing
     * @throws IllegalArgumentException if {@code size} is less than 24
     */
    public static InputStream mp4(long size, long seed) {
        if (size < MP4_HEADER.length) {
            throw new IllegalArgumentException(
                    "an mp4 stream needs at least " + MP4_HEADER.length + " bytes but size was " + size);
        }
        return new SequenceInputStream(new ByteArrayInputStream(MP4_HEADER),
                generated(size - MP4_HEADER.length, seed));
    }

    /**
     * Returns the SHA-256 of {@link #mp4(long, long) mp4(size, seed)}, computed by streaming it.
     *
     * @param size the number of bytes, at least 24
     * @param seed selects the content after the header
     * @return 64 lower-case hexadecimal digits
     */
    public static String mp4Sha256(long size, long seed) {
        return DIGESTS.computeIfAbsent("mp4:" + size + ":" + seed, k -> digestOf(mp4(size, seed)));
    }

    /**
     * Wraps a stream so that every read returns at most one byte, like a slow network
     * connection. Closing the wrapper closes {@code in}.
     *
     * @param in the stream to wrap
     * @return the wrapper
     */
    public static InputStream oneByteAtATime(InputStream in) {
        Objects.requireNonNull(in, "in");
        return new Wrapper(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                return len == 0 ? 0 : in.read(b, off, 1);
            }
        };
    }

    /**
     * Wraps a stream so that every other bulk read (with room for at least one byte), starting
     * with the first, returns 0 without reading anything, and the others return data as {@code
     * in} does. {@link InputStream}'s contract forbids this, but some streams in the wild do it;
     * a store must neither take 0 for the end of the stream nor loop forever on it. Single-byte
     * {@link InputStream#read()} calls skip the empty reads. Closing the wrapper closes {@code
     * in}.
     *
     * @param in the stream to wrap
     * @return the wrapper
     */
    public static InputStream zeroReadsSometimes(InputStream in) {
        Objects.requireNonNull(in, "in");
        return new Wrapper(in) {
            // The first read returns 0 so that even content read in one go meets an empty read.
            private boolean empty;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                empty = !empty;
                return empty ? 0 : in.read(b, off, len);
            }
        };
    }

    /**
     * Wraps a stream so that it delivers the first {@code n} bytes of {@code in} and then, on
     * the next read, throws an {@link IOException} whose message is {@link #FAILURE_MESSAGE}
     * (and again on every later read). If {@code in} ends before, the wrapper ends too.
     * Closing the wrapper closes {@code in}.
     *
     * @param in the stream to wrap
     * @param n how many bytes to deliver before failing, at least 0
     * @return the wrapper
     */
    public static InputStream failingAfter(InputStream in, long n) {
        return failingAfter(in, n, new IOException(FAILURE_MESSAGE + " after " + n + " bytes"));
    }

    /**
     * Like {@link #failingAfter(InputStream, long)}, but throws the given exception instance, so
     * that a test can check that exactly this exception reaches the caller.
     *
     * @param in the stream to wrap
     * @param n how many bytes to deliver before failing, at least 0
     * @param failure what to throw once {@code n} bytes have been delivered
     * @return the wrapper
     */
    public static InputStream failingAfter(InputStream in, long n, IOException failure) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(failure, "failure");
        if (n < 0) {
            throw new IllegalArgumentException("n must be at least 0 but was " + n);
        }
        return new Wrapper(in) {
            private long delivered;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                if (delivered >= n) {
                    throw failure;
                }
                int r = in.read(b, off, (int) Math.min(len, n - delivered));
                if (r > 0) {
                    delivered += r;
                }
                return r;
            }
        };
    }

    /**
     * Wraps a stream so that a test can tell whether, and how often, it was closed. Closing the
     * wrapper closes {@code in}.
     *
     * @param in the stream to wrap
     * @return the wrapper
     */
    public static CloseTrackingInputStream closeTracking(InputStream in) {
        return new CloseTrackingInputStream(Objects.requireNonNull(in, "in"));
    }

    /**
     * Reads a stream to its end and returns the SHA-256 of what it read. Does not close it.
     *
     * @param in the stream
     * @return 64 lower-case hexadecimal digits
     * @throws IOException if reading fails
     */
    public static String sha256Hex(InputStream in) throws IOException {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Returns the SHA-256 of {@code bytes}.
     *
     * @param bytes the bytes
     * @return 64 lower-case hexadecimal digits
     */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    /**
     * Returns an output stream that discards what is written to it but keeps its SHA-256 and
     * byte count, to check what {@link io.vidstore.api.MediaContent#transferTo} writes without
     * holding it in memory.
     *
     * @return a new sink
     */
    public static Sha256OutputStream sha256Sink() {
        return new Sha256OutputStream();
    }

    private static String digestOf(InputStream in) {
        try {
            return sha256Hex(in);
        } catch (IOException e) {
            throw new AssertionError("generated streams do not fail", e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every Java platform has SHA-256", e);
        }
    }

    // SplitMix64's finaliser: a bijective mix, so word i of a stream depends only on seed and i.
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A stream that records how often it was closed; see {@link #closeTracking(InputStream)}.
     */
    public static final class CloseTrackingInputStream extends InputStream {
        private final InputStream in;
        private volatile int closeCount;

        private CloseTrackingInputStream(InputStream in) {
            this.in = in;
        }

        /**
         * Returns whether {@link #close()} was called at least once.
         *
         * @return true if closed
         */
        public boolean isClosed() {
            return closeCount > 0;
        }

        /**
         * Returns how often {@link #close()} was called.
         *
         * @return the number of calls
         */
        public int closeCount() {
            return closeCount;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        /**
         * Records the call and closes the wrapped stream.
         *
         * @throws IOException if closing the wrapped stream fails
         */
        @Override
        public synchronized void close() throws IOException {
            closeCount++;
            in.close();
        }
    }

    /**
     * An output stream that computes the SHA-256 of what is written to it and counts the bytes;
     * see {@link #sha256Sink()}. It also records whether it was closed, to check that a writer
     * left it open.
     */
    public static final class Sha256OutputStream extends OutputStream {
        private final MessageDigest digest = newSha256();
        private long count;
        private boolean closed;

        private Sha256OutputStream() {}

        @Override
        public void write(int b) throws IOException {
            checkOpen();
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            checkOpen();
            digest.update(b, off, len);
            count += len;
        }

        /**
         * Marks the stream closed; later writes fail.
         */
        @Override
        public void close() {
            closed = true;
        }

        /**
         * Returns whether {@link #close()} was called.
         *
         * @return true if closed
         */
        public boolean isClosed() {
            return closed;
        }

        /**
         * Returns the number of bytes written so far.
         *
         * @return bytes
         */
        public long count() {
            return count;
        }

        /**
         * Returns the SHA-256 of the bytes written so far.
         *
         * @return 64 lower-case hexadecimal digits
         */
        public String hex() {
            try {
                return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
            } catch (CloneNotSupportedException e) {
                throw new AssertionError("the JDK's SHA-256 can be cloned", e);
            }
        }

        private void checkOpen() throws IOException {
            if (closed) {
                throw new IOException("write to a closed Sha256OutputStream");
            }
        }
    }

    // Routes every read through read(byte[], int, int), so that a subclass overriding only
    // that method changes the behaviour of all reads, including the JDK's default methods.
    private abstract static class Wrapper extends InputStream {
        final InputStream in;

        Wrapper(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            for (;;) {
                int n = read(one, 0, 1);
                if (n < 0) {
                    return -1;
                }
                if (n == 1) {
                    return one[0] & 0xFF;
                }
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static final class GeneratedInputStream extends InputStream {
        private final long size;
        private final long seed;
        private long position;

        GeneratedInputStream(long size, long seed) {
            this.size = size;
            // Spread the seed so that seeds 1, 2, 3 do not give overlapping word sequences.
            this.seed = mix(seed ^ 0x9E3779B97F4A7C15L);
        }

        private long word(long index) {
            return mix(seed + index * 0x9E3779B97F4A7C15L);
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            int b = (int) (word(position >>> 3) >>> ((position & 7) * 8)) & 0xFF;
            position++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            int i = 0;
            // Leading bytes up to a word boundary, then whole words, then the tail.
            while (i < n && (position & 7) != 0) {
                b[off + i++] = (byte) read();
            }
            while (n - i >= 8) {
                LONG_LE.set(b, off + i, word(position >>> 3));
                position += 8;
                i += 8;
            }
            while (i < n) {
                b[off + i++] = (byte) read();
            }
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
    }
}
