package io.vidstore.api;

import java.util.Objects;

/**
 * Thrown when a media is recorded in the store but its content cannot be found, for example
 * because its file was deleted from the disk behind the store's back.
 */
public class MissingContentException extends NoSuchMediaException {
    private static final long serialVersionUID = 1L;

    /** Where the content should have been. */
    private final String location;

    /**
     * Creates an exception.
     *
     * @param id the media's id
     * @param location where the content should have been, such as a file's path
     * @param reason what was looked for and not found, for the message; it should name {@code
     *     location}. If null or blank, the message says that {@code location} does not exist.
     * @throws NullPointerException if {@code id} or {@code location} is null
     */
    public MissingContentException(MediaId id, String location, String reason) {
        super(id, "content of media '" + id + "' is missing: "
                + (reason == null || reason.isBlank()
                        ? Objects.requireNonNull(location, "location") + " does not exist"
                        : reason));
        this.location = Objects.requireNonNull(location, "location");
    }

    /**
     * Returns where the content should have been.
     *
     * @return the location, such as a file's path
     */
    public String location() {
        return location;
    }
}
