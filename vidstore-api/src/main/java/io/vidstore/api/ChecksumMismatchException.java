package io.vidstore.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Thrown when a SHA-256 differs from the one expected: either an upload's content differs from its
 * {@linkplain MediaUpload#expectedSha256() expected SHA-256}, and nothing is stored; or a stored
 * media's content, read back with {@link MediaContent#verifiedInputStream()} or {@link
 * MediaContent#transferVerifiedTo(java.io.OutputStream)}, differs from the {@linkplain
 * StoredMedia#sha256() SHA-256 recorded when it was saved} (the content was changed or damaged in
 * storage), and its last bytes are withheld. Only the second kind has a {@linkplain #mediaId()
 * media id}.
 */
public class ChecksumMismatchException extends MediaStoreException {
    private static final long serialVersionUID = 1L;

    /** The expected SHA-256. */
    private final String expected;
    /** The SHA-256 of the content read. */
    private final String actual;
    /** The stored media whose content was read, or null for an upload. */
    private final String mediaId;

    /**
     * Creates an exception for an upload.
     *
     * @param filename the upload's filename
     * @param expected the expected SHA-256, hexadecimal
     * @param actual the SHA-256 of the content read, hexadecimal
     */
    public ChecksumMismatchException(String filename, String expected, String actual) {
        super("upload '" + filename + "' should have SHA-256 " + expected + " but has " + actual);
        this.expected = expected;
        this.actual = actual;
        this.mediaId = null;
    }

    /**
     * Creates an exception for a stored media whose content, read back, does not have the SHA-256
     * recorded for it.
     *
     * @param id the media's id
     * @param expected the SHA-256 recorded for the media, hexadecimal
     * @param actual the SHA-256 of the content read, hexadecimal
     * @throws NullPointerException if {@code id} is null
     */
    public ChecksumMismatchException(MediaId id, String expected, String actual) {
        super("content of media '" + Objects.requireNonNull(id, "id") + "' should have SHA-256 "
                + expected + " but has " + actual + "; it was changed or damaged in storage");
        this.expected = expected;
        this.actual = actual;
        this.mediaId = id.value();
    }

    /**
     * Returns the expected SHA-256.
     *
     * @return 64 lower-case hexadecimal digits
     */
    public String expected() {
        return expected;
    }

    /**
     * Returns the SHA-256 of the content read.
     *
     * @return 64 lower-case hexadecimal digits
     */
    public String actual() {
        return actual;
    }

    /**
     * Returns the stored media whose content did not match, when the mismatch was found while
     * reading a stored media back.
     *
     * @return the media's id, or empty when the mismatch concerns an upload (the message then
     *     names its filename)
     */
    public Optional<MediaId> mediaId() {
        return Optional.ofNullable(mediaId).map(MediaId::of);
    }
}
