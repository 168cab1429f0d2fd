package io.vidstore.api;

/**
 * Thrown when the content of an upload is longer or shorter than its {@linkplain
 * MediaUpload#expectedSize() expected size}; nothing is stored.
 */
public class SizeMismatchException extends MediaStoreException {
    private static final long serialVersionUID = 1L;

    /** The expected size. */
    private final long expected;
    /** The size read. */
    private final long actual;

    /**
     * Creates an exception.
     *
     * @param filename the upload's filename
     * @param expected the expected size
     * @param actual the size read, or a lower bound of it when reading stopped early because the
     *     content was already too long
     * @param complete whether {@code actual} is the whole size of the content
     */
    public SizeMismatchException(String filename, long expected, long actual, boolean complete) {
        super("upload '" + filename + "' should have " + expected + " bytes but "
                + (complete ? "has " + actual : "has more (read " + actual + ")"));
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * Returns the expected size.
     *
     * @return bytes
     */
    public long expected() {
        return expected;
    }

    /**
     * Returns the number of bytes read.
     *
     * @return bytes
     */
    public long actual() {
        return actual;
    }
}
