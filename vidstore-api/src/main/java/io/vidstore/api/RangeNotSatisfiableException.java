package io.vidstore.api;

/**
 * Thrown when a {@link ByteRange} selects no byte of a media: it starts at or after the media's
 * end, or asks for the last 0 bytes, or the media is empty. An HTTP server answers such a request
 * with {@code 416} and {@code Content-Range: bytes *}{@code /}{@link #size()}.
 */
public class RangeNotSatisfiableException extends MediaStoreException {
    private static final long serialVersionUID = 1L;

    /** The range asked for, in HTTP's form. */
    private final String range;

    /** The media's size. */
    private final long size;

    /**
     * Creates an exception.
     *
     * @param range the range asked for
     * @param size the size of the media, in bytes
     */
    public RangeNotSatisfiableException(ByteRange range, long size) {
        super("range " + range + " selects no byte of a media of " + size + " bytes");
        this.range = range.toString();
        this.size = size;
    }

    /**
     * Returns the range asked for, in HTTP's form such as {@code bytes=100-}.
     *
     * @return the range
     */
    public String range() {
        return range;
    }

    /**
     * Returns the size of the media.
     *
     * @return bytes
     */
    public long size() {
        return size;
    }
}
