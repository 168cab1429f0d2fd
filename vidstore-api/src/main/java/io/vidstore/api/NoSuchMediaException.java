package io.vidstore.api;

/** Thrown when a media that the caller asked for is not in the store. */
public class NoSuchMediaException extends MediaStoreException {
    private static final long serialVersionUID = 1L;

    /** The id asked for. */
    private final String id;

    /**
     * Creates an exception for an id that the store does not know.
     *
     * @param id the id asked for
     */
    public NoSuchMediaException(MediaId id) {
        this(id, "no media with id '" + id + "'");
    }

    /**
     * Creates an exception with a message of its own.
     *
     * @param id the id asked for
     * @param message what is missing and where
     */
    protected NoSuchMediaException(MediaId id, String message) {
        super(message);
        this.id = id.value();
    }

    /**
     * Returns the id asked for.
     *
     * @return the id
     */
    public MediaId id() {
        return MediaId.of(id);
    }
}
