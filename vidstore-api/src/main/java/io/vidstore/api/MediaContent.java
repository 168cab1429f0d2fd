package io.vidstore.api;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The content of one stored media, opened for reading by {@link MediaStore#open(MediaId)}.
 *
 * <p>A {@code MediaContent} holds an open resource (typically a file handle) until it is closed;
 * the caller that opened it must close it, best with try-with-resources. Reading never loads the
 * whole content into memory: {@link #inputStream()} reads on demand and {@link
 * #transferTo(OutputStream)} copies through one buffer of at most the store's chunk size.
 *
 * <p>Once opened, the content stays readable until it is closed, even if the media is deleted
 * from the store in the meantime, wherever the storage allows it (local files do). Each stream
 * returned by {@link #inputStream()} must be used by one thread at a time; several streams of
 * one content may be read by different threads at once.
 */
public interface MediaContent extends Closeable {

    /**
     * Returns the description of the media this content belongs to.
     *
     * @return the media's description as it was when the content was opened
     */
    StoredMedia media();

    /**
     * Returns the size of the content in bytes: the media's whole size, or the length of the
     * range it was opened with.
     *
     * @return the size, at least 0
     */
    long size();

    /**
     * Returns where this content starts within the media: 0, unless it was opened with a {@link
     * ByteRange}. With {@link #size()} and {@code media().size()} it gives an HTTP {@code
     * Content-Range}.
     *
     * @return the index of the first byte of this content within the media
     */
    long offset();

    /**
     * Returns a new stream over the content, from its first byte. Closing the stream does not
     * close this content; closing this content makes its streams throw an {@link IOException}
     * on their next read.
     *
     * @return a new stream, which the caller should close
     * @throws IOException if the content cannot be read
     * @throws IllegalStateException if this content is closed
     */
    InputStream inputStream() throws IOException;

    /**
     * Returns a new read-only channel over the content, positioned at its first byte; positions
     * are relative to the content (position 0 is {@link #offset()} within the media). Each channel
     * has its own position; several may be used at once by different threads. Closing the channel
     * does not close this content.
     *
     * @return a new channel, which the caller should close
     * @throws IOException if the content cannot be read
     * @throws IllegalStateException if this content is closed
     */
    SeekableByteChannel newChannel() throws IOException;

    /**
     * Writes the whole content to {@code target}, without closing it. Content in a local file is
     * handed to the operating system to copy ({@code sendfile} on Linux for a socket), without
     * passing through the Java heap.
     *
     * @param target where to write; a channel in blocking mode
     * @return the number of bytes written, equal to {@link #size()}
     * @throws IOException if reading the content or writing to {@code target} fails
     * @throws IllegalStateException if this content is closed
     */
    long transferTo(WritableByteChannel target) throws IOException;

    /**
     * Writes the whole content to {@code out}, without closing it.
     *
     * @param out where to write
     * @return the number of bytes written, equal to {@link #size()}
     * @throws IOException if reading the content or writing to {@code out} fails
     * @throws IllegalStateException if this content is closed
     */
    long transferTo(OutputStream out) throws IOException;

    /**
     * Tells whether {@link #verifiedInputStream()} and {@link #transferVerifiedTo(OutputStream)}
     * can check this content: it is the whole media ({@link #offset()} 0 and {@link #size()} equal
     * to the media's size) and the store recorded the media's {@linkplain StoredMedia#sha256()
     * SHA-256} (rows written by older applications may have none).
     *
     * @return whether this content can be verified
     */
    default boolean verifiable() {
        return offset() == 0 && size() == media().size() && media().sha256().isPresent();
    }

    /**
     * Returns a new stream over the whole content that checks, before it returns the content's
     * last bytes, that the content is intact: it hashes the bytes as they are read and, on the
     * read that would return the last of the {@link #size()} bytes, compares their SHA-256 with
     * the one {@linkplain StoredMedia#sha256() recorded when the media was saved}. A content
     * changed in storage (bit rot, a file or BLOB overwritten behind the store's back, even with
     * the same size) then fails that read with a {@link ChecksumMismatchException} naming the
     * media's id and both digests, instead of returning those bytes; a content that ends early or
     * runs past its size fails with a {@link MediaStoreException} saying so. Every read after a
     * failure fails again.
     *
     * <p><b>When to use it:</b> for whole-content copies whose consumer must not end up with
     * silently damaged data — downloads to a file, exports, backups, copies to another store —
     * where the caller can discard what it received so far when the last read fails (write to a
     * temporary file and move it into place only after the stream ended). It is of no use for
     * ranges or streaming playback: their consumers use bytes long before the end, so such
     * contents are not {@linkplain #verifiable() verifiable}.
     *
     * <p><b>What it costs:</b> one SHA-256 over the content, computed on the reading thread, and
     * no memory beyond the caller's buffer and the digest's state; the content cannot go out by
     * {@code sendfile} as with {@link #transferTo(WritableByteChannel)}. SHA-256 runs at roughly
     * 0.5–2 GB/s per core (faster on CPUs with SHA extensions), so the hash, not the read, sets the
     * pace when content comes from the page cache: in {@code ReadBenchmark} (256 MiB from the page
     * cache, 1 MiB chunks, a loaded 2-core machine) a verified read took about 6 times as long as
     * {@link #inputStream()} and about 9 times as long as {@link #transferTo(OutputStream)} in the
     * same run (0.34–0.41 s against 0.04–0.07 s). From a disk or a network slower than the hash the
     * difference mostly disappears.
     *
     * <p>Closing the stream does not close this content.
     *
     * @return a new stream, which the caller should close
     * @throws IOException if the content cannot be read
     * @throws IllegalStateException if this content is not {@linkplain #verifiable() verifiable}
     *     (the message says why), or is closed
     */
    default InputStream verifiedInputStream() throws IOException {
        StoredMedia media = media();
        if (offset() != 0 || size() != media.size()) {
            throw new IllegalStateException("content of media '" + media.id() + "' is the range of "
                    + size() + " bytes at " + offset() + " of its " + media.size()
                    + " bytes; only whole content can be verified");
        }
        String expected = media.sha256().orElseThrow(() -> new IllegalStateException(
                "media '" + media.id() + "' has no recorded SHA-256 (it was stored by an older"
                        + " application), so its content cannot be verified"));
        return new VerifyingInputStream(inputStream(), media.id(), expected, size());
    }

    /**
     * Writes the whole content to {@code out}, without closing it, and fails before writing its
     * last bytes when the content is not intact, as {@link #verifiedInputStream()} does. It copies
     * through one buffer of at most 64 KiB: every chunk but the last is written as soon as it is
     * read; the last is hashed and checked first, so {@code out} never receives the whole of a
     * damaged content. See {@link #verifiedInputStream()} for when to use it and what it costs.
     *
     * @param out where to write
     * @return the number of bytes written, equal to {@link #size()}
     * @throws ChecksumMismatchException if the content's SHA-256 differs from the recorded one;
     *     {@code out} then has all but the last chunk, which the caller should discard
     * @throws IOException if reading the content or writing to {@code out} fails, or the content
     *     is shorter or longer than its size
     * @throws IllegalStateException if this content is not {@linkplain #verifiable() verifiable},
     *     or is closed
     */
    default long transferVerifiedTo(OutputStream out) throws IOException {
        try (InputStream in = verifiedInputStream()) {
            return VerifyingInputStream.copy(in, size(), out);
        }
    }

    /**
     * Returns the file that holds the content, when the content is a whole file on a local disk
     * that other programs (such as {@code ffmpeg}) may read directly. Callers must not change or
     * delete the file.
     *
     * @return the file's path, or empty when the content is not a local file or is only a range
     *     of one
     */
    Optional<Path> localPath();

    /**
     * Releases what this content holds. Calling it again has no effect.
     *
     * @throws IOException if releasing fails
     */
    @Override
    void close() throws IOException;
}
