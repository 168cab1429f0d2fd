package io.vidstore.api;

/**
 * Thrown when the SHA-256 of an upload's content differs from its {@linkplain
 * MediaUpload#expectedSha256() expected SHA-256}; nothing is stored.
 */
public class ChecksumMismatchException extends MediaStoreException {
    private static final long serialVersionUID = 1L;

    /** The expected SHA-256. */
    private final String expected;
    /** The SHA-256 of the content read. */
    private final String actual;

    /**
     * Creates an exception.
     *
     * @param filename the upload's filename
     * @param expected the expected SHA-256, hexadecimal
     * @param actual the SHA-256 of the content read, hexadecimal
     */
    public ChecksumMismatchException(String filename, String expected, String actual) {
        super("upload '" + filename + "' should have SHA-256 " + expected + " but has " + actual);
        this.expected = expected;
        this.actual = actual;
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
}
