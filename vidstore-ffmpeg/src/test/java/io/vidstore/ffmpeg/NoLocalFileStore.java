package io.vidstore.ffmpeg;

import io.vidstore.api.ByteRange;
import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaStore;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real store seen as a store whose media are not local files, as media in object storage are:
 * {@code localPath()} is empty, and every byte read out of its contents is counted.
 */
public final class NoLocalFileStore implements MediaStore {

    private final MediaStore store;
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile long failAfter = Long.MAX_VALUE;

    /**
     * Wraps a store.
     *
     * @param store the real store
     */
    public NoLocalFileStore(MediaStore store) {
        this.store = store;
    }

    /**
     * Makes reads through channels fail, as a broken connection to object storage does, once this
     * many bytes have been read in all.
     *
     * @param bytes the bytes that can still be read; 0 makes opening a channel fail as well
     */
    public void failReadsAfter(long bytes) {
        failAfter = bytesRead.get() + bytes;
    }

    /** {@return the bytes read out of this store's contents so far} */
    public long bytesRead() {
        return bytesRead.get();
    }

    @Override
    public StoredMedia save(MediaUpload upload, InputStream content) throws IOException {
        return store.save(upload, content);
    }

    @Override
    public MediaContent open(MediaId id) throws IOException {
        return new Content(store.open(id));
    }

    @Override
    public MediaContent open(MediaId id, ByteRange range) throws IOException {
        return new Content(store.open(id, range));
    }

    @Override
    public Optional<StoredMedia> find(MediaId id) throws IOException {
        return store.find(id);
    }

    @Override
    public List<StoredMedia> list(String projectId) throws IOException {
        return store.list(projectId);
    }

    @Override
    public boolean delete(MediaId id) throws IOException {
        return store.delete(id);
    }

    @Override
    public void close() throws IOException {
        store.close();
    }

    private final class Content implements MediaContent {
        private final MediaContent content;

        Content(MediaContent content) {
            this.content = content;
        }

        @Override
        public StoredMedia media() {
            return content.media();
        }

        @Override
        public long size() {
            return content.size();
        }

        @Override
        public long offset() {
            return content.offset();
        }

        @Override
        public InputStream inputStream() throws IOException {
            return new FilterInputStream(content.inputStream()) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        bytesRead.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    bytesRead.addAndGet(Math.max(0, n));
                    return n;
                }
            };
        }

        @Override
        public SeekableByteChannel newChannel() throws IOException {
            if (bytesRead.get() >= failAfter) {
                throw new IOException("injected failure: the storage is unreachable");
            }
            SeekableByteChannel channel = content.newChannel();
            return new SeekableByteChannel() {
                @Override
                public int read(ByteBuffer dst) throws IOException {
                    if (bytesRead.get() >= failAfter) {
                        throw new IOException("injected failure: the connection to the storage broke");
                    }
                    int n = channel.read(dst);
                    bytesRead.addAndGet(Math.max(0, n));
                    return n;
                }

                @Override
                public int write(ByteBuffer src) throws IOException {
                    return channel.write(src);
                }

                @Override
                public long position() throws IOException {
                    return channel.position();
                }

                @Override
                public SeekableByteChannel position(long newPosition) throws IOException {
                    channel.position(newPosition);
                    return this;
                }

                @Override
                public long size() throws IOException {
                    return channel.size();
                }

                @Override
                public SeekableByteChannel truncate(long size) throws IOException {
                    channel.truncate(size);
                    return this;
                }

                @Override
                public boolean isOpen() {
                    return channel.isOpen();
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            };
        }

        @Override
        public long transferTo(WritableByteChannel target) throws IOException {
            long n = content.transferTo(target);
            bytesRead.addAndGet(n);
            return n;
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            long n = content.transferTo(out);
            bytesRead.addAndGet(n);
            return n;
        }

        @Override
        public Optional<Path> localPath() {
            return Optional.empty();
        }

        @Override
        public void close() throws IOException {
            content.close();
        }
    }
}
