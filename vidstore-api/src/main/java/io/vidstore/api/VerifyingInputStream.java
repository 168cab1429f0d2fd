package io.vidstore.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The stream behind {@link MediaContent#verifiedInputStream()}: hashes the content as it passes
 * and, on the read that reaches the content's size, checks that the content ends there and that
 * its SHA-256 is the one recorded, before those last bytes are returned. A failure is kept: every
 * later read throws it again. Not thread-safe.
 */
final class VerifyingInputStream extends InputStream {

    /** The largest chunk {@link #copy} reads and writes at a time. */
    static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final MediaId id;
    private final String expected;
    private final long size;
    private final MessageDigest digest = sha256();
    private final byte[] single = new byte[1];
    private long count;
    private boolean verified;
    private IOException failure;

    VerifyingInputStream(InputStream in, MediaId id, String expected, long size) {
        this.in = in;
        this.id = id;
        this.expected = expected;
        this.size = size;
    }

    /** Copies a verifying stream to {@code out} through one buffer of at most {@link #CHUNK}. */
    static long copy(InputStream verifying, long size, OutputStream out) throws IOException {
        byte[] buffer = new byte[(int) Math.max(1, Math.min(size, CHUNK))];
        long total = 0;
        for (int n; (n = verifying.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    @Override
    public int read() throws IOException {
        int n = read(single, 0, 1);
        return n <= 0 ? -1 : single[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (failure != null) {
            throw failure;
        }
        if (verified) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (count == size) {
            // Only an empty content gets here: its check comes with the end of the stream.
            finish();
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, size - count));
        if (n < 0) {
            throw fail(new MediaStoreException("content of media '" + id + "' ended after " + count
                    + " of its " + size + " bytes; it was truncated in storage"));
        }
        digest.update(b, off, n);
        count += n;
        if (count == size) {
            try {
                finish();
            } catch (IOException e) {
                // The caller must not see the last bytes, not even in its buffer.
                Arrays.fill(b, off, off + n, (byte) 0);
                throw e;
            }
        }
        return n;
    }

    private void finish() throws IOException {
        if (in.read() >= 0) {
            throw fail(new MediaStoreException("content of media '" + id + "' is longer than the "
                    + size + " bytes recorded for it"));
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expected)) {
            throw fail(new ChecksumMismatchException(id, expected, actual));
        }
        verified = true;
    }

    private IOException fail(IOException e) {
        failure = e;
        return e;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
