package io.vidstore.api;

import java.util.Objects;

/**
 * The identifier of a stored media, unique within its store.
 *
 * <p>Stores generate identifiers for new media; databases written by older applications may hold
 * any text as an identifier, so a {@code MediaId} accepts any non-empty string without control
 * characters. Two ids are equal when their values are equal.
 *
 * @param value the identifier's text, never empty
 */
public record MediaId(String value) {

    /** The longest identifier accepted, in characters. */
    public static final int MAX_LENGTH = 1024;

    /**
     * Checks the value.
     *
     * @param value the identifier's text
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is empty, longer than {@value #MAX_LENGTH}
     *     characters or contains a control character
     */
    public MediaId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("media id is empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "media id is " + value.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(String.format(
                        "media id contains the control character U+%04X at index %d",
                        (int) value.charAt(i), i));
            }
        }
    }

    /**
     * Returns the id with the given text.
     *
     * @param value the identifier's text
     * @return the id
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is not a valid id (see {@link #MediaId})
     */
    public static MediaId of(String value) {
        return new MediaId(value);
    }

    /** {@return the identifier's text} */
    @Override
    public String toString() {
        return value;
    }
}
