/**
 * Store, stream and read back media files of any size with constant memory.
 *
 * <p>The entry point is {@link io.vidstore.api.MediaStore}: {@link
 * io.vidstore.api.MediaStore#save save} streams an {@link java.io.InputStream} into the store and
 * returns the {@link io.vidstore.api.StoredMedia} that describes it; {@link
 * io.vidstore.api.MediaStore#open open} returns a {@link io.vidstore.api.MediaContent} to stream it
 * back. Describe an upload with {@link io.vidstore.api.MediaUpload}; identify stored media with
 * {@link io.vidstore.api.MediaId}.
 *
 * <p>Every failure that a caller can act on is a subtype of {@link
 * io.vidstore.api.MediaStoreException}, itself an {@link java.io.IOException}. Programming errors
 * (a {@code null} where none is allowed, an invalid filename, use after close) are reported with
 * {@link java.lang.NullPointerException}, {@link java.lang.IllegalArgumentException} and {@link
 * java.lang.IllegalStateException}.
 */
package io.vidstore.api;
