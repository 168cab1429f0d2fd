package io.vidstore.api;

import java.io.IOException;

/**
 * A failure of a {@link MediaStore} operation. Subtypes name the situations a caller can act on;
 * the message always says what failed and where (the id, the path, the limit, the value seen).
 */
public class MediaStoreException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what failed and where
     */
    public MediaStoreException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what failed and where
     * @param cause the underlying failure
     */
    public MediaStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
