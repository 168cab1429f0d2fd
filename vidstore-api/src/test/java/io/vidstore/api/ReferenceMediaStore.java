package io.vidstore.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simplest correct {@link MediaStore}: content in files, descriptions in memory. It exists
 * so that the contract suite is itself tested against an implementation that keeps every
 * promise; it is not durable across restarts and not meant for use.
 */
final class ReferenceMediaStore implements MediaStore {

    private static final int CHUNK_SIZE = 64 * 1024;
    private static final List<String> VIDEO_EXTENSIONS = List.of(".mp4", ".mov", ".avi", ".mkv", ".webm");

    private final Path directory;
    private final long maxUploadSize;
    private final Map<MediaId, Entry> media = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private record Entry(StoredMedia media, Path file, long sequence) {}

    ReferenceMediaStore(Path directory, long maxUploadSize) {
        this.directory = directory;
        this.maxUploadSize = maxUploadSize;
    }

    @Override
    public StoredMedia save(MediaUpload upload, InputStream content) throws IOException {
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(content, "content");
        checkOpen();
        String filename = upload.filename();
        OptionalLong expectedSize = upload.expectedSize();
        if (expectedSize.isPresent() && expectedSize.getAsLong() > maxUploadSize) {
            throw new MediaTooLargeException(filename, maxUploadSize, expectedSize.getAsLong(), true);
        }
        MediaId id = MediaId.of(UUID.randomUUID().toString());
        Path temp = directory.resolve(id + ".part");
        Path file = directory.resolve(id + ".media");
        MessageDigest digest = sha256();
        long size = 0;
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
                byte[] buffer = new byte[CHUNK_SIZE];
                for (int n; (n = content.read(buffer)) >= 0; ) {
                    if (n == 0) {
                        continue;
                    }
                    size += n;
                    if (size > maxUploadSize) {
                        throw new MediaTooLargeException(filename, maxUploadSize, size, false);
                    }
                    if (expectedSize.isPresent() && size > expectedSize.getAsLong()) {
                        throw new SizeMismatchException(filename, expectedSize.getAsLong(), size, false);
                    }
                    out.write(buffer, 0, n);
                    digest.update(buffer, 0, n);
                    long read = size;
                    upload.progressListener().ifPresent(l -> l.onProgress(read, expectedSize));
                }
            }
            if (expectedSize.isPresent() && size != expectedSize.getAsLong()) {
                throw new SizeMismatchException(filename, expectedSize.getAsLong(), size, true);
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            if (upload.expectedSha256().isPresent() && !upload.expectedSha256().get().equals(sha256)) {
                throw new ChecksumMismatchException(filename, upload.expectedSha256().get(), sha256);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            String contentType = upload.contentType().orElse(null);
            StoredMedia stored = StoredMedia.builder(id)
                    .projectId(upload.projectId().orElse(null))
                    .filename(filename)
                    .contentType(contentType)
                    .size(size)
                    .createdAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                    .video(isVideo(filename, contentType))
                    .sha256(sha256)
                    .build();
            media.put(id, new Entry(stored, file, sequence.incrementAndGet()));
            return stored;
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public MediaContent open(MediaId id) throws IOException {
        Objects.requireNonNull(id, "id");
        checkOpen();
        Entry entry = media.get(id);
        if (entry == null) {
            throw new NoSuchMediaException(id);
        }
        return new FileContent(entry.media(), entry.file(), FileChannel.open(entry.file()));
    }

    @Override
    public Optional<StoredMedia> find(MediaId id) {
        Objects.requireNonNull(id, "id");
        checkOpen();
        return Optional.ofNullable(media.get(id)).map(Entry::media);
    }

    @Override
    public List<StoredMedia> list(String projectId) {
        checkOpen();
        return media.values().stream()
                .filter(e -> Objects.equals(projectId, e.media().projectId().orElse(null)))
                .sorted(Comparator.comparingLong(Entry::sequence).reversed())
                .map(Entry::media)
                .toList();
    }

    @Override
    public boolean delete(MediaId id) throws IOException {
        Objects.requireNonNull(id, "id");
        checkOpen();
        Entry entry = media.remove(id);
        if (entry == null) {
            return false;
        }
        Files.deleteIfExists(entry.file());
        return true;
    }

    @Override
    public void close() {
        closed.set(true);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("store " + directory + " is closed");
        }
    }

    private static boolean isVideo(String filename, String contentType) {
        String name = filename.toLowerCase(Locale.ROOT);
        return (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("video/"))
                || VIDEO_EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static final class FileContent implements MediaContent {
        private final StoredMedia media;
        private final Path file;
        private final FileChannel channel;
        private final AtomicBoolean closed = new AtomicBoolean();

        FileContent(StoredMedia media, Path file, FileChannel channel) {
            this.media = media;
            this.file = file;
            this.channel = channel;
        }

        @Override
        public StoredMedia media() {
            return media;
        }

        @Override
        public long size() {
            return media.size();
        }

        @Override
        public InputStream inputStream() {
            checkOpen();
            return new InputStream() {
                private long position;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    Objects.checkFromIndexSize(off, len, b.length);
                    if (len == 0) {
                        return 0;
                    }
                    int n = channel.read(ByteBuffer.wrap(b, off, len), position);
                    if (n > 0) {
                        position += n;
                    }
                    return n;
                }

                @Override
                public long skip(long n) {
                    long skipped = Math.max(0, Math.min(n, media.size() - position));
                    position += skipped;
                    return skipped;
                }
            };
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            checkOpen();
            try (InputStream in = inputStream()) {
                return in.transferTo(out);
            }
        }

        @Override
        public Optional<Path> localPath() {
            return Optional.of(file);
        }

        @Override
        public void close() throws IOException {
            if (!closed.getAndSet(true)) {
                channel.close();
            }
        }

        private void checkOpen() {
            if (closed.get()) {
                throw new IllegalStateException("content of media '" + media.id() + "' is closed");
            }
        }
    }
}
