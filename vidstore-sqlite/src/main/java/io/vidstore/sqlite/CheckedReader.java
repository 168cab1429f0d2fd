package io.vidstore.sqlite;

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
 */
final class CheckedReader {

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

    CheckedReader(InputStream in, MediaUpload upload, long limit) {
        this.in = in;
        this.filename = upload.filename();
        this.limit = limit;
        this.expectedSize = upload.expectedSize();
        this.expectedSha256 = upload.expectedSha256().orElse(null);
        this.listener = upload.progressListener().orElse(null);
        this.digest = sha256();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    /**
     * Fills {@code b[off, off+len)} unless the content ends first.
     *
     * @return the number of bytes read; less than {@code len} only at the end of the content
     */
    int readFully(byte[] b, int off, int len) throws IOException {
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

    boolean ended() {
        return ended;
    }

    long count() {
        return count;
    }

    /**
     * Checks the whole content against the expected size and SHA-256, once it has ended.
     *
     * @return the content's SHA-256, hexadecimal
     */
    String finish() throws MediaStoreException {
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
