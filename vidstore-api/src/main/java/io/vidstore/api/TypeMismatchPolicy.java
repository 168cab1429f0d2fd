package io.vidstore.api;

/**
 * What a store does when an upload's first bytes contradict what its content type and filename
 * declare about whether it is a video (say, MP3 bytes uploaded as {@code clip.mp4}). Stores that
 * look at the content take one in their builder; the SQLite and the S3 store both do, with
 * {@link #TRUST_CONTENT} as the default.
 */
public enum TypeMismatchPolicy {

    /**
     * Classify by the content and record the content's media type (the default): a file is stored
     * where its real format belongs, whatever its name says.
     */
    TRUST_CONTENT,

    /** Classify by the declared content type and filename, ignoring what the bytes show. */
    TRUST_DECLARED,

    /** Refuse the upload with a {@link MediaTypeMismatchException}, storing nothing. */
    REJECT
}
