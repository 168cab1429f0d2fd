package io.vidstore.sqlite;

/**
 * What a {@link SqliteMediaStore} does when an upload's first bytes contradict what its content
 * type and filename declare about whether it is a video (say, MP3 bytes uploaded as {@code
 * clip.mp4}).
 *
 * @see SqliteMediaStore.Builder#typeMismatchPolicy(TypeMismatchPolicy)
 */
public enum TypeMismatchPolicy {

    /**
     * Classify by the content and record the content's media type (the default): a file is stored
     * where its real format belongs, whatever its name says.
     */
    TRUST_CONTENT,

    /** Classify by the declared content type and filename, ignoring what the bytes show. */
    TRUST_DECLARED,

    /** Refuse the upload with a {@link io.vidstore.api.MediaTypeMismatchException}. */
    REJECT
}
