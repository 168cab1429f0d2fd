package io.vidstore.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Stores media files of any size and streams them back, never holding a whole file in memory.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Constant memory.</b> The memory a transfer uses is bounded by the store's chunk size
 *       (plus, for small files kept in a database, the store's inline limit), whatever the size
 *       of the file.
 *   <li><b>Nothing partial.</b> A media becomes visible to {@link #find}, {@link #list} and
 *       {@link #open} only once its content is stored durably. A save that fails for any reason
 *       stores nothing and leaves nothing behind, and never changes media stored before.
 *   <li><b>Thread-safe.</b> All methods may be called from many threads at once.
 * </ul>
 *
 * <h2>Errors</h2>
 * Failures a caller can act on are {@link MediaStoreException}s, such as {@link
 * NoSuchMediaException} or {@link MediaTooLargeException}. Use after {@link #close()} throws
 * {@link IllegalStateException}; a null argument where none is allowed throws {@link
 * NullPointerException}.
 */
public interface MediaStore extends AutoCloseable {

    /**
     * Streams {@code content} into the store until it ends and returns the stored media.
     *
     * <p>The content is read in chunks, its SHA-256 computed on the way, and it is checked against
     * the upload's {@linkplain MediaUpload#expectedSize() expected size} and {@linkplain
     * MediaUpload#expectedSha256() expected SHA-256} before it becomes visible. This method does
     * not close {@code content}; the caller does.
     *
     * @param upload what is being stored
     * @param content the bytes to store, read to its end
     * @return the stored media, with its new id, size and SHA-256
     * @throws MediaTooLargeException if the content is larger than the store accepts
     * @throws SizeMismatchException if the content's size differs from the expected size
     * @throws ChecksumMismatchException if the content's SHA-256 differs from the expected one
     * @throws MediaTypeMismatchException if the content is not what its declared type and name
     *     say and the store is configured to refuse such uploads
     * @throws MediaStoreException if the store cannot write the content or its record
     * @throws IOException if reading {@code content} fails; that exception is rethrown unchanged
     * @throws IllegalStateException if the store is closed
     */
    StoredMedia save(MediaUpload upload, InputStream content) throws IOException;

    /**
     * Stores an existing file as a new media and takes the file over: when this method returns
     * normally the file is gone from where it was; when it throws, the file is left as it was. It
     * is checked like {@link #save} content (size limit, expected size and SHA-256, type).
     *
     * <p>A store that keeps content in files moves the file into place when it is on the same file
     * system as the store, so that a large file (such as a rendered video) is not copied; create
     * it in the {@link #stagingDirectory()} to make sure. The default implementation saves a copy
     * and then deletes the file. The caller must not change the file during the call.
     *
     * @param upload what is being stored
     * @param file a regular file
     * @return the stored media
     * @throws java.nio.file.NoSuchFileException if {@code file} does not exist
     * @throws MediaTooLargeException if the file is larger than the store accepts
     * @throws SizeMismatchException if the file's size differs from the expected size
     * @throws ChecksumMismatchException if the file's SHA-256 differs from the expected one
     * @throws MediaStoreException if the store cannot take the file or write its record
     * @throws IllegalStateException if the store is closed
     */
    default StoredMedia adopt(MediaUpload upload, Path file) throws IOException {
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(file, "file");
        StoredMedia media;
        try (InputStream in = Files.newInputStream(file)) {
            media = save(upload, in);
        }
        Files.delete(file);
        return media;
    }

    /**
     * Returns a directory where callers may create files that they will {@linkplain #adopt adopt},
     * so that adopting them is a move rather than a copy. Files left there are the caller's to
     * delete.
     *
     * @return the directory, or empty if the store keeps no content in local files
     */
    default Optional<Path> stagingDirectory() {
        return Optional.empty();
    }

    /**
     * Opens the content of a stored media for reading. The caller must close the result.
     *
     * @param id the media's id
     * @return the content, open
     * @throws NoSuchMediaException if no media has this id, or if its content is missing (then a
     *     {@link MissingContentException} naming where the content should have been)
     * @throws MediaStoreException if the store cannot be read
     * @throws IllegalStateException if the store is closed
     */
    MediaContent open(MediaId id) throws IOException;

    /**
     * Opens part of the content of a stored media for reading, without reading the bytes before
     * it. The result's {@link MediaContent#size() size} is the length of the part and its {@link
     * MediaContent#offset() offset} where the part starts. The caller must close the result.
     *
     * @param id the media's id
     * @param range the bytes to read; a range that ends after the media is shortened to its end
     * @return the part of the content, open
     * @throws RangeNotSatisfiableException if the range selects no byte of the media
     * @throws NoSuchMediaException if no media has this id, or if its content is missing
     * @throws MediaStoreException if the store cannot be read
     * @throws IllegalStateException if the store is closed
     */
    MediaContent open(MediaId id, ByteRange range) throws IOException;

    /**
     * Returns the description of a stored media.
     *
     * @param id the media's id
     * @return the media, or empty if no media has this id
     * @throws MediaStoreException if the store cannot be read
     * @throws IllegalStateException if the store is closed
     */
    Optional<StoredMedia> find(MediaId id) throws IOException;

    /**
     * Returns the media of one project, newest first: media saved later come first, also when
     * their {@linkplain StoredMedia#createdAt() creation times} are equal.
     *
     * @param projectId the project's id, or null for the media that belong to no project
     * @return the media, newest first; empty if there are none
     * @throws MediaStoreException if the store cannot be read
     * @throws IllegalStateException if the store is closed
     */
    List<StoredMedia> list(String projectId) throws IOException;

    /**
     * Deletes a stored media: its record first, then its content. Content already {@linkplain
     * #open opened} by others stays readable until they close it, where the storage allows it.
     *
     * @param id the media's id
     * @return true if the media existed and was deleted, false if no media had this id
     * @throws MediaStoreException if the store cannot be changed
     * @throws IllegalStateException if the store is closed
     */
    boolean delete(MediaId id) throws IOException;

    /**
     * Closes the store and releases its resources. Saves, reads and other calls that are running
     * may fail; {@link MediaContent}s opened before stay readable where the storage allows it.
     * Calling it again has no effect.
     *
     * @throws IOException if releasing resources fails
     */
    @Override
    void close() throws IOException;
}
