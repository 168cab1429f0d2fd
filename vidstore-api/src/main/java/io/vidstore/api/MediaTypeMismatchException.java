package io.vidstore.api;

/**
 * Thrown when an upload's content is not what its declared content type and filename say, and
 * the store is configured to refuse such uploads; nothing is stored.
 */
public class MediaTypeMismatchException extends MediaStoreException {
    private static final long serialVersionUID = 1L;

    /** What the upload declared. */
    private final String declared;
    /** What the content showed. */
    private final String detected;

    /**
     * Creates an exception.
     *
     * @param filename the upload's filename
     * @param declared what the content type and filename declared, such as {@code video/mp4}
     * @param detected what the content's first bytes show, such as {@code audio/mpeg}
     */
    public MediaTypeMismatchException(String filename, String declared, String detected) {
        super("upload '" + filename + "' is declared as " + declared + " but its content is "
                + detected);
        this.declared = declared;
        this.detected = detected;
    }

    /**
     * Returns what the upload declared.
     *
     * @return a media type or kind
     */
    public String declared() {
        return declared;
    }

    /**
     * Returns what the content showed.
     *
     * @return a media type
     */
    public String detected() {
        return detected;
    }
}
