package io.vidstore.store.support;

import io.vidstore.api.ChecksumMismatchException;
import io.vidstore.api.MediaStoreException;
import io.vidstore.api.MediaTooLargeException;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.ProgressListener;
import io.vidstore.api.SizeMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * Reads an upload's content in chunks while counting it, hashing it with SHA-256, enforcing the
 * size limit and the expected size as soon as they are passed, and reporting progress. Exceptions
 * thrown by the caller's stream pass through unchanged.
 *
 * <p>Shared by the store implementations; not a supported API. Not thread-safe.
 */
public final class CheckedReader {

    /** Reads that return 0 bytes in a row before the stream is taken as broken. */
    private static final int MAX_EMPTY_READS = 10_000;

    private final InputStream in;
    private final String filename;
    private final long limit;
    private final OptionalLong expectedSize;
    private final String expectedSha256;
    private final ProgressListener listener;
    private final MessageDigest digest;
    private long count;
    private boolean ended;

    /**
     * Starts reading an upload's content.
     *
     * @param in the caller's stream, which is not closed
     * @param upload what the caller declared
     * @param limit the largest content accepted, in bytes
     */
    public CheckedReader(InputStream in, MediaUpload upload, long limit) {
        this.in = in;
        this.filename = upload.filename();
        this.limit = limit;
        this.expectedSize = upload.expectedSize();
        this.expectedSha256 = upload.expectedSha256().orElse(null);
        this.listener = upload.progressListener().orElse(null);
        this.digest = sha256();
    }

    /** {@return a new SHA-256 digest} */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    /**
     * Reads a stream to its end, without closing it, and returns the SHA-256 of what it read, in
     * the lower-case hex the stores record.
     *
     * @param in what to hash
     * @param buffer where to read; its size is the only memory used
     * @return the SHA-256 in hex
     * @throws IOException if reading fails
     */
    public static String sha256Hex(InputStream in, byte[] buffer) throws IOException {
        MessageDigest digest = sha256();
        for (int n; (n = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Fills {@code b[off, off+len)} unless the content ends first.
     *
     * @param b where to put the bytes
     * @param off where in {@code b} to start
     * @param len how many bytes to read
     * @return the number of bytes read; less than {@code len} only at the end of the content
     * @throws IOException if the caller's stream fails (rethrown unchanged), or a {@link
     *     MediaStoreException} if a limit is passed
     */
    public int readFully(byte[] b, int off, int len) throws IOException {
        int n = 0;
        int empty = 0;
        while (n < len && !ended) {
            int r = in.read(b, off + n, len - n);
            if (r < 0) {
                ended = true;
            } else if (r == 0) {
                if (++empty == MAX_EMPTY_READS) {
                    throw new MediaStoreException("the content stream of upload '" + filename
                            + "' returned 0 bytes " + MAX_EMPTY_READS + " times in a row without"
                            + " ending");
                }
            } else {
                empty = 0;
                n += r;
                check(count + n);
            }
        }
        digest.update(b, off, n);
        count += n;
        if (listener != null && n > 0) {
            listener.onProgress(count, expectedSize);
        }
        return n;
    }

    private void check(long seen) throws MediaStoreException {
        if (seen > limit) {
            throw new MediaTooLargeException(filename, limit, seen, false);
        }
        if (expectedSize.isPresent() && seen > expectedSize.getAsLong()) {
            throw new SizeMismatchException(filename, expectedSize.getAsLong(), seen, false);
        }
    }

    /** {@return whether the content has ended} */
    public boolean ended() {
        return ended;
    }

    /** {@return how many bytes have been read} */
    public long count() {
        return count;
    }

    /**
     * Checks the whole content against the expected size and SHA-256, once it has ended.
     *
     * @return the content's SHA-256, hexadecimal
     * @throws MediaStoreException if the size or the SHA-256 differs from what was expected
     */
    public String finish() throws MediaStoreException {
        if (expectedSize.isPresent() && count != expectedSize.getAsLong()) {
            throw new SizeMismatchException(filename, expectedSize.getAsLong(), count, true);
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        if (expectedSha256 != null && !expectedSha256.equals(sha256)) {
            throw new ChecksumMismatchException(filename, expectedSha256, sha256);
        }
        return sha256;
    }
}
