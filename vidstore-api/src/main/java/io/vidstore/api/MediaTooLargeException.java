package io.vidstore.api;

/** Thrown when an upload is larger than the store accepts; nothing is stored. */
public class MediaTooLargeException extends MediaStoreException {
    private static final long serialVersionUID = 1L;

    /** The largest size accepted. */
    private final long limit;
    /** The size declared or read. */
    private final long size;

    /**
     * Creates an exception.
     *
     * @param filename the upload's filename
     * @param limit the largest size the store accepts, in bytes
     * @param size the size declared, or the number of bytes read when the limit was passed
     * @param declared whether {@code size} is the declared size rather than bytes read
     */
    public MediaTooLargeException(String filename, long limit, long size, boolean declared) {
        super("upload '" + filename + "' is larger than the limit of " + limit + " bytes ("
                + (declared ? "declared " + size + " bytes)" : "read " + size + " bytes so far)"));
        this.limit = limit;
        this.size = size;
    }

    /**
     * Returns the largest size the store accepts.
     *
     * @return the limit in bytes
     */
    public long limit() {
        return limit;
    }

    /**
     * Returns the declared size, or the number of bytes read when the limit was passed.
     *
     * @return the size in bytes
     */
    public long size() {
        return size;
    }
}
