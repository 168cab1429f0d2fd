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
