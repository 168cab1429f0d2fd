package io.vidstore.api;

import java.util.OptionalLong;

/**
 * Receives the progress of an upload while {@link MediaStore#save} streams it.
 *
 * <p>The store calls the listener on the thread that called {@code save}, after each chunk it
 * has read, with the number of bytes read so far; the calls never go backwards, and for content
 * that is not empty the last call reports its whole size. A listener must
 * return quickly. If it throws, the save stops, stores nothing, and the exception reaches the
 * caller of {@code save} unchanged, so throwing is also a way to cancel an upload.
 */
@FunctionalInterface
public interface ProgressListener {

    /**
     * Reports that {@code bytesRead} bytes of the upload have been read.
     *
     * @param bytesRead the bytes read so far, at least 0
     * @param expectedSize the {@linkplain MediaUpload#expectedSize() expected size} of the
     *     upload, when the caller declared one
     */
    void onProgress(long bytesRead, OptionalLong expectedSize);
}
