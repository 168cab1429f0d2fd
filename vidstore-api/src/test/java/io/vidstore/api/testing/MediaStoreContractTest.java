package io.vidstore.api.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vidstore.api.ByteRange;
import io.vidstore.api.ChecksumMismatchException;
import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaStore;
import io.vidstore.api.MediaTooLargeException;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.MissingContentException;
import io.vidstore.api.NoSuchMediaException;
import io.vidstore.api.ProgressListener;
import io.vidstore.api.RangeNotSatisfiableException;
import io.vidstore.api.SizeMismatchException;
import io.vidstore.api.StoredMedia;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every {@link MediaStore} promises, as tests that each implementation runs by
 * extending this class and implementing {@link #createStore(Path, long)}:
 *
 * <pre>{@code
 * class SqliteMediaStoreContractTest extends MediaStoreContractTest {
 *     @Override
 *     protected MediaStore createStore(Path directory, long maxUploadSize) throws IOException {
 *         return SqliteMediaStore.builder(directory)
 *                 .chunkSize(64 * 1024)
 *                 .maxUploadSize(maxUploadSize)
 *                 .build();
 *     }
 *
 *     @Override
 *     protected boolean isBookkeepingFile(Path file) {
 *         return file.getFileName().toString().startsWith("vidstore.db");
 *     }
 * }
 * }</pre>
 *
 * <p>Content in these tests ranges from empty to a few MiB; configure a small chunk size (such
 * as 64 KiB) in the subclass so that most uploads span several chunks. Each test gets its own
 * temporary directory and keeps the store in its subdirectory {@code store}, so that it can check
 * that nothing is written next to the store. The store a test creates is closed after it.
 *
 * <p>Besides what the interface's javadoc promises, the suite expects (and these are the
 * decisions it encodes): a media saved after another is listed before it; {@link
 * StoredMedia#createdAt()} has at least millisecond precision; a declared content type that fits
 * the content is reported unchanged; the ids of two saves of the same content differ.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
public abstract class MediaStoreContractTest {

    /** The upload limit of the store that most tests create: larger than any of their uploads. */
    protected static final long DEFAULT_MAX_UPLOAD_SIZE = 4L * 1024 * 1024;

    private static final String PROJECT = "project-1";
    private static final String EMPTY_SHA256 =
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String SUBTITLE_TEXT = "1\n00:00:01,000 --> 00:00:02,000\nHello\n";

    private Path tempDir;
    private Path storeDir;
    private MediaStore currentStore;

    /** For subclasses. */
    protected MediaStoreContractTest() {}

    /**
     * Creates a new, empty store keeping everything under {@code directory} (which exists and is
     * empty), accepting uploads up to {@code maxUploadSize} bytes.
     *
     * @param directory where the store keeps its database and content; an existing, empty
     *     directory
     * @param maxUploadSize the largest upload, in bytes, that the store must accept; larger ones
     *     must fail with a {@link MediaTooLargeException}
     * @return a new store, which the suite closes
     * @throws IOException if the store cannot be created
     */
    protected abstract MediaStore createStore(Path directory, long maxUploadSize) throws IOException;

    /**
     * Tells whether a file under the store's directory is the store's own bookkeeping (database,
     * journal) rather than media content; such files are ignored when checking that a failed save
     * left nothing behind. Default: false.
     *
     * @param file an absolute path of a regular file under the store's directory
     * @return true if the file is bookkeeping that may change on any operation
     */
    protected boolean isBookkeepingFile(Path file) {
        return false;
    }

    @BeforeEach
    final void createStoreDirectory(@TempDir Path dir) throws IOException {
        tempDir = dir.toRealPath();
        storeDir = Files.createDirectory(tempDir.resolve("store"));
    }

    @AfterEach
    final void closeStore() throws IOException {
        if (currentStore != null) {
            currentStore.close();
        }
    }

    // ---------------------------------------------------------------- saving and reading back

    @ParameterizedTest(name = "{0} of {1} bytes")
    @CsvSource({
        "video, 1000", "video, 65536", "video, 3145745",
        "subtitle, 1", "subtitle, 4000",
        "binary, 65537", "binary, 1000000",
    })
    @DisplayName("save then open returns the same bytes, size, SHA-256 and description")
    void saveThenOpenRoundTrip(String kind, int size) throws IOException {
        Content content = switch (kind) {
            case "video" -> video(size, 1);
            case "subtitle" -> subtitle(size);
            default -> binary(size, 2);
        };
        MediaUpload upload = content.upload(PROJECT);

        Instant before = Instant.now();
        StoredMedia saved = store().save(upload, content.stream());
        Instant after = Instant.now();

        assertNotNull(saved.id());
        assertEquals(size, saved.size());
        assertEquals(Optional.of(content.sha256()), saved.sha256());
        assertEquals(content.filename(), saved.filename());
        assertEquals(Optional.of(PROJECT), saved.projectId());
        assertEquals(Optional.of(content.contentType()), saved.contentType());
        assertCreatedBetween(before, after, saved);
        assertEquals(Optional.of(saved), store().find(MediaId.of(saved.id().value())));
        assertReadsBack(saved, content);
    }

    @Test
    @DisplayName("a media is read back byte by byte, with reads of odd sizes, skips and two streams at once")
    void readsBackWithAnyReadPattern() throws IOException {
        Content content = video(200 * 1024 + 3, 3);
        byte[] expected = content.bytes();
        StoredMedia saved = store().save(content.upload(PROJECT), content.stream());

        try (MediaContent opened = store().open(saved.id())) {
            ByteArrayOutputStream single = new ByteArrayOutputStream();
            try (InputStream in = opened.inputStream()) {
                for (int b; (b = in.read()) >= 0; ) {
                    single.write(b);
                }
                assertEquals(-1, in.read(), "read() after the end");
                assertEquals(-1, in.read(new byte[10], 0, 10), "read(byte[]) after the end");
            }
            assertArrayEquals(expected, single.toByteArray(), "content read one byte at a time");

            ByteArrayOutputStream mixed = new ByteArrayOutputStream();
            try (InputStream in = opened.inputStream()) {
                byte[] buffer = new byte[70_000];
                int[] lengths = {1, 7, 0, 4096, 65_536 + 5, 3, 70_000};
                for (int i = 0; ; i++) {
                    int len = lengths[i % lengths.length];
                    int off = len <= buffer.length - 11 ? 11 : 0;
                    int n = in.read(buffer, off, len);
                    if (n < 0) {
                        break;
                    }
                    assertTrue(len == 0 ? n == 0 : n > 0 && n <= len,
                            "read(buffer, " + off + ", " + len + ") returned " + n);
                    mixed.write(buffer, off, n);
                    if (i % 5 == 4) {
                        int b = in.read();
                        if (b < 0) {
                            break;
                        }
                        mixed.write(b);
                    }
                }
            }
            assertArrayEquals(expected, mixed.toByteArray(), "content read with mixed read sizes");

            try (InputStream in = opened.inputStream()) {
                long toSkip = 100_000;
                while (toSkip > 0) {
                    long skipped = in.skip(toSkip);
                    if (skipped <= 0) {
                        assertTrue(in.read() >= 0, "stream ended while skipping");
                        skipped = 1;
                    }
                    toSkip -= skipped;
                }
                byte[] rest = in.readAllBytes();
                assertArrayEquals(Arrays.copyOfRange(expected, 100_000, expected.length), rest,
                        "content after skipping 100000 bytes");
            }

            // Streams of one content are independent: each has its own position.
            try (InputStream first = opened.inputStream(); InputStream second = opened.inputStream()) {
                byte[] a = first.readNBytes(50_000);
                byte[] b = second.readNBytes(80_000);
                byte[] aRest = first.readAllBytes();
                byte[] bRest = second.readAllBytes();
                assertArrayEquals(expected, concat(a, aRest), "first of two interleaved streams");
                assertArrayEquals(expected, concat(b, bRest), "second of two interleaved streams");
            }
        }
    }

    @Test
    @DisplayName("a video (video/mp4, x.mp4) is classified as a video")
    void videoIsClassifiedAsVideo() throws IOException {
        Content content = video(300_000, 4).named("x.mp4");
        StoredMedia saved = store().save(MediaUpload.of(PROJECT, "x.mp4", "video/mp4"), content.stream());

        assertTrue(saved.isVideo(), "isVideo() of " + saved);
        assertEquals("x.mp4", saved.filename());
        assertEquals(Optional.of(PROJECT), saved.projectId());
        assertEquals(Optional.of("video/mp4"), saved.contentType());
        assertReadsBack(saved, content);
    }

    @Test
    @DisplayName("a small text/plain subtitle is not a video")
    void subtitleIsNotAVideo() throws IOException {
        Content content = new Content("subs.srt", "text/plain",
                SUBTITLE_TEXT.getBytes(StandardCharsets.UTF_8));
        StoredMedia saved = store().save(MediaUpload.of(null, "subs.srt", "text/plain"), content.stream());

        assertFalse(saved.isVideo(), "isVideo() of " + saved);
        assertEquals("subs.srt", saved.filename());
        assertEquals(Optional.empty(), saved.projectId());
        assertEquals(Optional.of("text/plain"), saved.contentType());
        assertReadsBack(saved, content);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"empty.mp4, video/mp4", "empty.txt, text/plain"})
    @DisplayName("empty content saves and reads back")
    void emptyContent(String filename, String contentType) throws IOException {
        Content content = new Content(filename, contentType, new byte[0]);
        StoredMedia saved = store().save(content.upload(PROJECT), content.stream());

        assertEquals(0, saved.size());
        assertEquals(Optional.of(EMPTY_SHA256), saved.sha256());
        assertReadsBack(saved, content);
        try (MediaContent opened = store().open(saved.id()); InputStream in = opened.inputStream()) {
            assertEquals(-1, in.read());
        }
    }

    @Test
    @DisplayName("content of unknown length, several chunks long, that is not a video saves and reads back")
    void unknownLengthNonVideo() throws IOException {
        Content content = binary(3 * 1024 * 1024 + 5, 5);
        StoredMedia saved = store().save(content.upload(null), content.stream());

        assertFalse(saved.isVideo(), "isVideo() of " + saved);
        assertEquals(content.size(), saved.size());
        assertReadsBack(saved, content);
    }

    @Test
    @DisplayName("when localPath() is present, the file holds the content and lies in the store's directory")
    void localPathHoldsTheContent() throws IOException {
        for (Content content : List.of(video(700_001, 6), subtitle(1_500), binary(300_000, 7))) {
            StoredMedia saved = store().save(content.upload(PROJECT), content.stream());
            try (MediaContent opened = store().open(saved.id())) {
                Optional<Path> path = opened.localPath();
                if (path.isPresent()) {
                    Path file = path.get();
                    assertTrue(Files.isRegularFile(file), file + " is not a regular file");
                    assertTrue(file.toRealPath().startsWith(storeDir), file + " is outside " + storeDir);
                    assertEquals(content.size(), Files.size(file), "size of " + file);
                    try (InputStream in = Files.newInputStream(file)) {
                        assertEquals(content.sha256(), TestStreams.sha256Hex(in), "SHA-256 of " + file);
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("the filename is reduced to its base name")
    void filenameIsTheBaseName() throws IOException {
        Content content = video(1000, 8);
        StoredMedia fromWindows = store().save(
                MediaUpload.of(PROJECT, "C:\\videos\\holiday.mp4", "video/mp4"), content.stream());
        StoredMedia fromUnix = store().save(
                MediaUpload.of(PROJECT, "/home/a/videos/holiday.mp4", "video/mp4"), content.stream());

        assertEquals("holiday.mp4", fromWindows.filename());
        assertEquals("holiday.mp4", fromUnix.filename());
    }

    @Test
    @DisplayName("two saves of the same content are two media; deleting one keeps the other")
    void sameContentTwice() throws IOException {
        Content content = video(300_000, 9);
        StoredMedia first = store().save(content.upload(PROJECT), content.stream());
        StoredMedia second = store().save(content.upload(PROJECT), content.stream());

        assertNotEquals(first.id(), second.id());
        assertEquals(List.of(second, first), store().list(PROJECT));
        assertTrue(store().delete(first.id()));
        assertReadsBack(second, content);
    }

    // ---------------------------------------------------------------- the caller's stream

    @ParameterizedTest
    @EnumSource(Kind.class)
    @DisplayName("save does not close the caller's stream")
    void saveDoesNotCloseTheStream(Kind kind) throws IOException {
        Content content = normal(kind);
        TestStreams.CloseTrackingInputStream in = TestStreams.closeTracking(content.stream());

        StoredMedia saved = store().save(content.upload(PROJECT), in);

        assertFalse(in.isClosed(), "save closed the caller's stream");
        assertEquals(-1, in.read(), "save did not read the stream to its end");
        assertReadsBack(saved, content);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    @DisplayName("a stream that returns one byte per read is stored exactly")
    void oneByteAtATime(Kind kind) throws IOException {
        Content content = kind == Kind.VIDEO ? video(200_000, 10) : normal(kind);
        StoredMedia saved = store().save(content.upload(PROJECT),
                TestStreams.oneByteAtATime(content.stream()));

        assertEquals(content.size(), saved.size());
        assertEquals(Optional.of(content.sha256()), saved.sha256());
        assertReadsBack(saved, content);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    @DisplayName("a stream whose reads sometimes return 0 bytes is stored exactly")
    void zeroByteReads(Kind kind) throws IOException {
        Content content = normal(kind);
        StoredMedia saved = store().save(content.upload(PROJECT),
                TestStreams.zeroReadsSometimes(content.stream()));

        assertEquals(content.size(), saved.size());
        assertEquals(Optional.of(content.sha256()), saved.sha256());
        assertReadsBack(saved, content);
    }

    // ---------------------------------------------------------------- listing

    @Test
    @DisplayName("list(projectId) returns only that project's media, newest first")
    void listByProjectNewestFirst() throws IOException {
        StoredMedia a1 = save(video(1000, 11), PROJECT);
        StoredMedia other = save(subtitle(100), "project-2");
        StoredMedia a2 = save(subtitle(200), PROJECT);
        StoredMedia none = save(binary(300, 12), null);
        StoredMedia a3 = save(video(70_000, 13), PROJECT);

        List<StoredMedia> listed = store().list(PROJECT);
        assertEquals(List.of(a3, a2, a1), listed);
        for (int i = 1; i < listed.size(); i++) {
            assertFalse(listed.get(i).createdAt().isAfter(listed.get(i - 1).createdAt()),
                    "createdAt increases along the list: " + listed);
        }
        assertEquals(List.of(other), store().list("project-2"));
        assertEquals(List.of(none), store().list(null));
        assertEquals(List.of(), store().list("no-such-project"));
    }

    @Test
    @DisplayName("list(null) returns only the media without a project")
    void listWithoutProject() throws IOException {
        assertEquals(List.of(), store().list(null));
        save(video(1000, 14), PROJECT);
        assertEquals(List.of(), store().list(null));
        StoredMedia first = save(subtitle(10), null);
        StoredMedia second = save(subtitle(20), null);
        assertEquals(List.of(second, first), store().list(null));
    }

    // ---------------------------------------------------------------- deleting

    @Test
    @DisplayName("delete removes the media and its content: true then false, not found, not listed, not openable")
    void deleteRemovesTheMedia() throws IOException {
        Content kept = video(300_000, 15);
        StoredMedia keep = save(kept, PROJECT);
        Set<String> filesBefore = contentFiles();
        StoredMedia video = save(video(300_000, 16), PROJECT);
        StoredMedia small = save(subtitle(1_000), PROJECT);

        for (StoredMedia deleted : List.of(video, small)) {
            MediaId id = MediaId.of(deleted.id().value());
            assertTrue(store().delete(id), "first delete of " + id);
            assertFalse(store().delete(id), "second delete of " + id);
            assertEquals(Optional.empty(), store().find(id));
            NoSuchMediaException e = assertThrows(NoSuchMediaException.class, () -> store().open(id));
            assertEquals(id, e.id());
            assertFalse(store().list(PROJECT).contains(deleted), "list still contains " + deleted);
        }
        assertEquals(List.of(keep), store().list(PROJECT));
        assertEquals(filesBefore, contentFiles(), "files under " + storeDir
                + " (without bookkeeping files) after deleting what was saved since");
        assertReadsBack(keep, kept);
    }

    @Test
    @DisplayName("open, find and delete of an unknown id: NoSuchMediaException, empty, false")
    void unknownId() throws IOException {
        save(video(1000, 17), PROJECT);
        MediaId unknown = MediaId.of("no-such-media-0f8fad5b-d9cb-469f-a165-70867728950e");

        NoSuchMediaException e = assertThrows(NoSuchMediaException.class, () -> store().open(unknown));
        assertEquals(unknown, e.id());
        assertFalse(e instanceof MissingContentException, "an unknown id is not missing content: " + e);
        assertTrue(e.getMessage().contains(unknown.value()), "message does not name the id: " + e.getMessage());
        assertEquals(Optional.empty(), store().find(unknown));
        assertFalse(store().delete(unknown));
    }

    // ---------------------------------------------------------------- failed saves

    @ParameterizedTest
    @EnumSource(Kind.class)
    @DisplayName("a stream that throws half way: the same exception reaches the caller, nothing is stored")
    void streamFailingHalfWay(Kind kind) throws IOException {
        StoredMedia existing = save(normal(kind), PROJECT);
        Snapshot before = snapshot();
        Content content = normal(kind);
        IOException failure = new IOException("disk of the client caught fire");
        TestStreams.CloseTrackingInputStream in = TestStreams.closeTracking(
                TestStreams.failingAfter(content.stream(), content.size() / 2, failure));

        IOException thrown = assertThrows(IOException.class, () -> store().save(content.upload(PROJECT), in));

        assertSame(failure, thrown, "save must rethrow the stream's exception unchanged");
        assertFalse(in.isClosed(), "save closed the caller's stream");
        assertNothingStored(before);
        assertStillWorks(kind, existing);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    @DisplayName("content longer than the upload limit: MediaTooLargeException, nothing is stored")
    void contentLongerThanTheLimit(Kind kind) throws IOException {
        long limit = kind.limit;
        MediaStore store = store(limit);
        StoredMedia existing = save(normal(kind), PROJECT);
        Snapshot before = snapshot();
        Content content = sized(kind, limit + kind.limit / 4 + 1, 20);

        MediaTooLargeException e = assertThrows(MediaTooLargeException.class,
                () -> store.save(content.upload(PROJECT), content.stream()));

        assertEquals(limit, e.limit());
        assertTrue(e.size() > limit, "size() " + e.size() + " should be over the limit " + limit);
        assertTrue(e.getMessage().contains(Long.toString(limit)), "message does not name the limit: "
                + e.getMessage());
        assertNothingStored(before);
        assertStillWorks(kind, existing);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    @DisplayName("an expected size over the limit: MediaTooLargeException, maybe before reading; nothing stored")
    void expectedSizeOverTheLimit(Kind kind) throws IOException {
        long limit = kind.limit;
        MediaStore store = store(limit);
        StoredMedia existing = save(normal(kind), PROJECT);
        Snapshot before = snapshot();
        Content content = sized(kind, limit + 1, 21);
        MediaUpload upload = content.upload(PROJECT).toBuilder().expectedSize(limit + 1).build();

        MediaTooLargeException e = assertThrows(MediaTooLargeException.class,
                () -> store.save(upload, content.stream()));

        assertEquals(limit, e.limit());
        assertEquals(limit + 1, e.size());
        assertNothingStored(before);
        assertStillWorks(kind, existing);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    @DisplayName("content of exactly the upload limit is accepted, with and without an expected size")
    void contentOfExactlyTheLimit(Kind kind) throws IOException {
        long limit = kind.limit;
        store(limit);
        Content content = sized(kind, limit, 22);

        StoredMedia unknownSize = save(content, PROJECT);
        StoredMedia knownSize = store().save(
                content.upload(PROJECT).toBuilder().expectedSize(limit).build(), content.stream());

        assertEquals(limit, unknownSize.size());
        assertEquals(limit, knownSize.size());
        assertReadsBack(unknownSize, content);
        assertReadsBack(knownSize, content);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    @DisplayName("content shorter than the expected size: SizeMismatchException, nothing is stored")
    void contentShorterThanExpected(Kind kind) throws IOException {
        StoredMedia existing = save(normal(kind), PROJECT);
        Snapshot before = snapshot();
        Content content = normal(kind);
        MediaUpload upload = content.upload(PROJECT).toBuilder().expectedSize(content.size() + 1).build();

        SizeMismatchException e = assertThrows(SizeMismatchException.class,
                () -> store().save(upload, content.stream()));

        assertEquals(content.size() + 1, e.expected());
        assertEquals(content.size(), e.actual());
        assertNothingStored(before);
        assertStillWorks(kind, existing);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    @DisplayName("content longer than the expected size: SizeMismatchException, nothing is stored")
    void contentLongerThanExpected(Kind kind) throws IOException {
        StoredMedia existing = save(normal(kind), PROJECT);
        Snapshot before = snapshot();
        Content content = normal(kind);
        long expected = content.size() - 1;
        MediaUpload upload = content.upload(PROJECT).toBuilder().expectedSize(expected).build();

        SizeMismatchException e = assertThrows(SizeMismatchException.class,
                () -> store().save(upload, content.stream()));

        assertEquals(expected, e.expected());
        assertTrue(e.actual() > expected && e.actual() <= content.size(),
                "actual() " + e.actual() + " should be over " + expected + " and at most " + content.size());
        assertNothingStored(before);
        assertStillWorks(kind, existing);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    @DisplayName("a wrong expected SHA-256: ChecksumMismatchException with both digests, nothing is stored")
    void wrongExpectedSha256(Kind kind) throws IOException {
        StoredMedia existing = save(normal(kind), PROJECT);
        Snapshot before = snapshot();
        Content content = normal(kind);
        String wrong = TestStreams.sha256Hex("other content".getBytes(StandardCharsets.UTF_8));
        MediaUpload upload = content.upload(PROJECT).toBuilder()
                .expectedSha256(wrong.toUpperCase(Locale.ROOT)).build();

        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                () -> store().save(upload, content.stream()));

        assertEquals(wrong, e.expected());
        assertEquals(content.sha256(), e.actual());
        assertNothingStored(before);
        assertStillWorks(kind, existing);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    @DisplayName("a progress listener that throws: its exception reaches the caller, nothing is stored")
    void progressListenerThrows(Kind kind) throws IOException {
        StoredMedia existing = save(normal(kind), PROJECT);
        Snapshot before = snapshot();
        Content content = normal(kind);
        RuntimeException cancel = new IllegalStateException("cancelled by the user");
        MediaUpload upload = content.upload(PROJECT).toBuilder()
                .progressListener((read, total) -> {
                    if (read >= content.size() / 2) {
                        throw cancel;
                    }
                })
                .build();

        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> store().save(upload, content.stream()));

        assertSame(cancel, thrown, "save must rethrow the listener's exception unchanged");
        assertNothingStored(before);
        assertStillWorks(kind, existing);
    }

    // ---------------------------------------------------------------- what the caller declares

    @ParameterizedTest
    @EnumSource(Kind.class)
    @DisplayName("the right expected size and SHA-256 are accepted; progress is reported in order up to the size")
    void expectedSizeAndSha256AndProgress(Kind kind) throws IOException {
        Content content = normal(kind);
        List<Long> reads = new CopyOnWriteArrayList<>();
        List<OptionalLong> totals = new CopyOnWriteArrayList<>();
        Thread caller = Thread.currentThread();
        Set<String> outside = filesOutsideStore();
        // The listener sees the save half done: a store must not even briefly write next to its directory.
        ProgressListener listener = (read, total) -> {
            assertSame(caller, Thread.currentThread(), "listener called on another thread");
            try {
                assertEquals(outside, filesOutsideStore(), "entries next to " + storeDir + " during a save");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            reads.add(read);
            totals.add(total);
        };
        MediaUpload upload = content.upload(PROJECT).toBuilder()
                .expectedSize(content.size())
                .expectedSha256(content.sha256().toUpperCase(Locale.ROOT))
                .progressListener(listener)
                .build();

        StoredMedia saved = store().save(upload, content.stream());

        assertEquals(content.size(), saved.size());
        assertEquals(Optional.of(content.sha256()), saved.sha256());
        assertProgress(reads, content.size());
        assertTrue(totals.stream().allMatch(OptionalLong.of(content.size())::equals),
                "expectedSize passed to the listener: " + totals);
        assertReadsBack(saved, content);

        reads.clear();
        totals.clear();
        StoredMedia withoutSize = store().save(
                content.upload(PROJECT).toBuilder().progressListener(listener).build(), content.stream());
        assertProgress(reads, content.size());
        assertTrue(totals.stream().allMatch(OptionalLong.empty()::equals),
                "expectedSize passed to the listener when none was declared: " + totals);
        assertReadsBack(withoutSize, content);
    }

    // ---------------------------------------------------------------- hostile input

    static Stream<Arguments> hostileFilenames() {
        return Stream.of("../../etc/passwd", "/etc/passwd", "..\\..\\windows\\win.ini",
                        "C:\\Users\\a\\video.mp4", "-rf.mp4", "name\u0000.mp4", "line\nbreak.mp4",
                        "evil\u202Egnp.exe", "a".repeat(300) + ".mp4", ".", "..", "", "   ", "a/",
                        "ünïcödé 视频.mp4", "$(rm -rf).mp4", "a;b|c&d.mp4", "COM1")
                .map(name -> Arguments.of(Named.of("\"" + printable(name) + "\"", name)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFilenames")
    @DisplayName("a hostile filename is refused or stored safely, never written outside the store")
    void hostileFilename(String filename) throws IOException {
        MediaStore store = store();
        Set<String> outside = filesOutsideStore();
        MediaUpload upload;
        try {
            upload = MediaUpload.of(PROJECT, filename, null);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("filename"), "unclear message: " + e.getMessage());
            return;
        }
        Content content = video(5_000, 23);
        StoredMedia saved;
        try {
            saved = store.save(upload, content.stream());
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("filename"), "unclear message: " + e.getMessage());
            assertEquals(List.of(), store.list(PROJECT));
            assertEquals(outside, filesOutsideStore(), "entries next to " + storeDir);
            return;
        }

        String stored = saved.filename();
        assertFalse(stored.isBlank(), "stored filename is blank");
        assertFalse(stored.contains("/") || stored.contains("\\"), "stored filename has a separator: " + stored);
        assertFalse(stored.equals(".") || stored.equals(".."), "stored filename is " + stored);
        assertTrue(stored.chars().noneMatch(Character::isISOControl),
                "stored filename has a control character: " + printable(stored));
        assertEquals(List.of(saved), store.list(PROJECT));
        assertReadsBack(saved, content);
        assertEquals(outside, filesOutsideStore(), "entries next to " + storeDir);
    }

    @Test
    @DisplayName("null arguments throw NullPointerException")
    void nullArguments() throws IOException {
        MediaStore store = store();
        MediaUpload upload = MediaUpload.of(PROJECT, "x.mp4", "video/mp4");
        assertThrows(NullPointerException.class, () -> store.save(null, new ByteArrayInputStream(new byte[1])));
        assertThrows(NullPointerException.class, () -> store.save(upload, null));
        assertThrows(NullPointerException.class, () -> store.open(null));
        assertThrows(NullPointerException.class, () -> store.find(null));
        assertThrows(NullPointerException.class, () -> store.delete(null));
        assertEquals(List.of(), store.list(PROJECT));
    }

    // ---------------------------------------------------------------- closing

    @Test
    @DisplayName("close() twice is fine; afterwards every operation throws IllegalStateException")
    void closedStore() throws IOException {
        MediaStore store = store();
        StoredMedia saved = save(video(1000, 24), PROJECT);
        store.close();
        store.close();

        Content content = subtitle(10);
        assertThrows(IllegalStateException.class, () -> store.save(content.upload(PROJECT), content.stream()));
        assertThrows(IllegalStateException.class, () -> store.open(saved.id()));
        assertThrows(IllegalStateException.class, () -> store.find(saved.id()));
        assertThrows(IllegalStateException.class, () -> store.list(PROJECT));
        assertThrows(IllegalStateException.class, () -> store.delete(saved.id()));
    }

    @Test
    @DisplayName("a closed MediaContent refuses new reads, fails its open streams and can be closed again")
    void closedContent() throws IOException {
        StoredMedia saved = save(video(300_000, 25), PROJECT);
        MediaContent content = store().open(saved.id());
        InputStream open = content.inputStream();
        assertTrue(open.read() >= 0);
        content.close();
        content.close();

        assertThrows(IllegalStateException.class, content::inputStream);
        assertThrows(IllegalStateException.class, () -> content.transferTo(TestStreams.sha256Sink()));
        Throwable e = assertThrows(Throwable.class, () -> open.read(new byte[1000]));
        assertTrue(e instanceof IOException || e instanceof IllegalStateException,
                "a stream of a closed content should fail with an IOException or IllegalStateException: " + e);
        open.close();
    }

    // ---------------------------------------------------------------- threads

    @Test
    @DisplayName("8 threads save and read back each other's media at once")
    void concurrentSavesAndReads() throws Exception {
        int threads = 8;
        int perThread = 4;
        MediaStore store = store();
        Map<MediaId, String> saved = new ConcurrentHashMap<>();
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    Random random = new Random(thread);
                    start.await(30, TimeUnit.SECONDS);
                    int verified = 0;
                    for (int i = 0; i < perThread; i++) {
                        long seed = 1000L * thread + i;
                        Content content = (thread + i) % 2 == 0
                                ? video(24 + random.nextInt(2 * 1024 * 1024 - 24), seed)
                                : i % 3 == 0 ? binary(random.nextInt(1024 * 1024), seed)
                                : subtitle(1 + random.nextInt(3000));
                        StoredMedia media = store.save(content.upload("concurrent"), content.stream());
                        assertEquals(Optional.of(content.sha256()), media.sha256());
                        saved.put(media.id(), content.sha256());
                        for (Map.Entry<MediaId, String> other : List.copyOf(saved.entrySet())) {
                            if (random.nextInt(4) == 0) {
                                try (MediaContent opened = store.open(other.getKey());
                                        InputStream in = opened.inputStream()) {
                                    assertEquals(other.getValue(), TestStreams.sha256Hex(in),
                                            "content of " + other.getKey() + " read by thread " + thread);
                                    verified++;
                                }
                            }
                        }
                    }
                    return verified;
                }));
            }
            for (Future<Integer> result : results) {
                try {
                    result.get(90, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new AssertionError("a thread failed: " + e.getCause(), e.getCause());
                } catch (TimeoutException e) {
                    fail("a thread did not finish within 90 seconds");
                }
            }
        } finally {
            pool.shutdownNow();
        }

        List<StoredMedia> listed = store.list("concurrent");
        assertEquals(threads * perThread, listed.size(), "number of media listed");
        assertEquals(saved.keySet(), listed.stream().map(StoredMedia::id).collect(Collectors.toSet()));
        for (StoredMedia media : listed) {
            try (MediaContent opened = store.open(media.id()); InputStream in = opened.inputStream()) {
                assertEquals(saved.get(media.id()), TestStreams.sha256Hex(in), "content of " + media.id());
            }
        }
    }

    // ---------------------------------------------------------------- adopting files

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    @DisplayName("adopt stores a file, takes it away from where it was, and reads it back")
    void adoptTakesTheFileOver(Kind kind) throws IOException {
        Content content = normal(kind);
        Path dirForFile = store().stagingDirectory().orElse(tempDir);
        Path file = dirForFile.resolve("to-adopt-" + kind);
        try (InputStream in = content.stream()) {
            Files.copy(in, file);
        }

        StoredMedia adopted = store().adopt(content.upload(PROJECT), file);

        assertFalse(Files.exists(file), "the adopted file is gone from where it was");
        assertEquals(content.size(), adopted.size());
        assertEquals(Optional.of(content.sha256()), adopted.sha256());
        assertEquals(Optional.of(adopted), store().find(adopted.id()));
        assertReadsBack(adopted, content);
    }

    @Test
    @DisplayName("adopt that fails leaves the file as it was and stores nothing")
    void adoptFailureLeavesTheFile() throws IOException {
        Content content = video(300_000, 50);
        Snapshot before = snapshot();
        Path file = store().stagingDirectory().orElse(tempDir).resolve("kept.mp4");
        try (InputStream in = content.stream()) {
            Files.copy(in, file);
        }

        assertThrows(ChecksumMismatchException.class, () -> store().adopt(MediaUpload.builder("kept.mp4")
                .expectedSha256(EMPTY_SHA256).build(), file));
        assertThrows(SizeMismatchException.class, () -> store().adopt(MediaUpload.builder("kept.mp4")
                .expectedSize(5).build(), file));

        assertTrue(Files.exists(file));
        assertEquals(content.sha256(), TestStreams.sha256Hex(Files.readAllBytes(file)));
        Files.delete(file);
        assertNothingStored(before);
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> store().adopt(MediaUpload.of(PROJECT, "gone.mp4", null), file));
    }

    // ---------------------------------------------------------------- ranges and channels

    /** Ranges against a content of {@code size} bytes: the range and the bytes it selects. */
    static Stream<Arguments> ranges() {
        long size = RANGE_CONTENT_SIZE;
        return Stream.of(
                Arguments.of(ByteRange.closed(0, 99), 0L, 100L),
                Arguments.of(ByteRange.closed(0, 0), 0L, 1L),
                Arguments.of(ByteRange.ofLength(70_000, 65_536), 70_000L, 65_536L),
                Arguments.of(ByteRange.closed(size / 2, size / 2), size / 2, 1L),
                Arguments.of(ByteRange.closed(size - 1, size - 1), size - 1, 1L),
                Arguments.of(ByteRange.from(size - 1000), size - 1000, 1000L),
                Arguments.of(ByteRange.closed(size - 10, size + 1000), size - 10, 10L),
                Arguments.of(ByteRange.suffix(500), size - 500, 500L),
                Arguments.of(ByteRange.suffix(size + 7), 0L, size),
                Arguments.of(ByteRange.from(0), 0L, size),
                Arguments.of(ByteRange.closed(0, Long.MAX_VALUE), 0L, size));
    }

    private static final long RANGE_CONTENT_SIZE = 300_007;

    @ParameterizedTest(name = "{0} of a {3}")
    @MethodSource("rangesOfBothKinds")
    @DisplayName("a range reads exactly the bytes it selects, through every view")
    void rangeReadsTheSelectedBytes(ByteRange range, long offset, long length, Kind kind) throws IOException {
        Content content = kind == Kind.VIDEO ? video(RANGE_CONTENT_SIZE, 40) : binary(RANGE_CONTENT_SIZE, 41);
        byte[] all = content.bytes();
        byte[] expected = Arrays.copyOfRange(all, (int) offset, (int) (offset + length));
        StoredMedia saved = store().save(content.upload(PROJECT), content.stream());

        try (MediaContent part = store().open(saved.id(), range)) {
            assertEquals(length, part.size(), "size of " + range);
            assertEquals(offset, part.offset(), "offset of " + range);
            assertEquals(saved, part.media());
            if (length < all.length) {
                assertEquals(Optional.empty(), part.localPath(), "a range is not a whole local file");
            }
            try (InputStream in = part.inputStream()) {
                assertArrayEquals(expected, in.readAllBytes(), "inputStream() of " + range);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(length, part.transferTo(out));
            assertArrayEquals(expected, out.toByteArray(), "transferTo(OutputStream) of " + range);
            ByteArrayOutputStream viaChannel = new ByteArrayOutputStream();
            assertEquals(length, part.transferTo(Channels.newChannel(viaChannel)));
            assertArrayEquals(expected, viaChannel.toByteArray(), "transferTo(WritableByteChannel) of " + range);
            try (SeekableByteChannel channel = part.newChannel()) {
                assertEquals(length, channel.size());
                ByteBuffer buffer = ByteBuffer.allocate((int) length + 10);
                while (channel.read(buffer) >= 0) {
                    assertTrue(buffer.hasRemaining() || channel.position() == length);
                }
                assertArrayEquals(expected, Arrays.copyOf(buffer.array(), buffer.position()),
                        "newChannel() of " + range);
            }
        }
    }

    static Stream<Arguments> rangesOfBothKinds() {
        return ranges().flatMap(a -> Stream.of(Kind.values()).map(kind -> {
            Object[] args = Arrays.copyOf(a.get(), 4);
            args[3] = kind;
            return Arguments.of(args);
        }));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    @DisplayName("a range that selects no byte fails with RangeNotSatisfiableException giving the size")
    void rangeOutOfBounds(Kind kind) throws IOException {
        Content content = normal(kind);
        StoredMedia saved = store().save(content.upload(PROJECT), content.stream());
        long size = content.size();
        for (ByteRange range : List.of(ByteRange.from(size), ByteRange.closed(size + 5, size + 10),
                ByteRange.suffix(0), ByteRange.from(Long.MAX_VALUE))) {
            RangeNotSatisfiableException e = assertThrows(RangeNotSatisfiableException.class,
                    () -> store().open(saved.id(), range), range.toString());
            assertEquals(size, e.size());
            assertEquals(range.toString(), e.range());
        }
        StoredMedia empty = store().save(MediaUpload.of(PROJECT, "empty.bin", null), new ByteArrayInputStream(new byte[0]));
        assertThrows(RangeNotSatisfiableException.class, () -> store().open(empty.id(), ByteRange.from(0)));
        assertThrows(NoSuchMediaException.class,
                () -> store().open(MediaId.of("no-such-media"), ByteRange.from(0)));
        assertThrows(NullPointerException.class, () -> store().open(saved.id(), null));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    @DisplayName("a saved media is verifiable whole and reads back through the verifying read; a range is not")
    void verifiedReadOfIntactContent(Kind kind) throws IOException {
        Content content = normal(kind);
        StoredMedia saved = save(content, PROJECT);
        try (MediaContent opened = store().open(saved.id())) {
            assertTrue(opened.verifiable(), "whole content with a recorded SHA-256");
            try (InputStream in = opened.verifiedInputStream()) {
                assertEquals(content.sha256(), TestStreams.sha256Hex(in));
            }
            TestStreams.Sha256OutputStream out = TestStreams.sha256Sink();
            assertEquals(content.size(), opened.transferVerifiedTo(out));
            assertEquals(content.sha256(), out.hex());
        }
        try (MediaContent range = store().open(saved.id(), ByteRange.closed(1, 10))) {
            assertFalse(range.verifiable());
            assertThrows(IllegalStateException.class, range::verifiedInputStream);
        }
    }

    @Test
    @DisplayName("a channel seeks anywhere, several channels keep their own positions, and it is read-only")
    void channelSeeks() throws IOException {
        Content content = video(RANGE_CONTENT_SIZE, 42);
        byte[] all = content.bytes();
        StoredMedia saved = store().save(content.upload(PROJECT), content.stream());

        SeekableByteChannel b;
        try (MediaContent opened = store().open(saved.id());
                SeekableByteChannel a = opened.newChannel()) {
            b = opened.newChannel();
            assertEquals(0, opened.offset());
            ByteBuffer buffer = ByteBuffer.allocate(1000);
            a.position(200_000);
            b.position(5);
            assertEquals(1000, readFully(a, buffer));
            assertArrayEquals(Arrays.copyOfRange(all, 200_000, 201_000), buffer.array());
            assertEquals(201_000, a.position());
            assertEquals(1000, readFully(b, buffer.clear()));
            assertArrayEquals(Arrays.copyOfRange(all, 5, 1005), buffer.array());

            a.position(all.length + 100);
            assertEquals(-1, a.read(buffer.clear()), "read past the end");
            a.position(all.length - 3);
            assertEquals(3, readFully(a, buffer.clear()));
            assertThrows(NonWritableChannelException.class, () -> a.write(ByteBuffer.allocate(1)));
            assertThrows(NonWritableChannelException.class, () -> a.truncate(0));
            assertThrows(IllegalArgumentException.class, () -> a.position(-1));
            closeChannel(b);
            assertFalse(b.isOpen());
            assertThrows(ClosedChannelException.class, () -> b.read(ByteBuffer.allocate(1)));
            assertTrue(a.isOpen(), "closing one channel leaves the others open");
        }
    }

    private static void closeChannel(SeekableByteChannel channel) throws IOException {
        try (channel) {
            assertTrue(channel.isOpen());
        }
    }

    private static int readFully(SeekableByteChannel channel, ByteBuffer buffer) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The two ways stores tend to keep content, which the failure tests cover each: a video
     * (streamed to disk) and a small file (possibly kept in a database).
     */
    protected enum Kind {
        /** A video spanning several chunks. */
        VIDEO(1024 * 1024),
        /** A small subtitle file. */
        SMALL(2048);

        /** The upload limit of the store in tests about the limit. */
        final long limit;

        Kind(long limit) {
            this.limit = limit;
        }
    }

    private static Content normal(Kind kind) {
        return kind == Kind.VIDEO ? video(700_001, 30) : subtitle(1_500);
    }

    private static Content sized(Kind kind, long size, long seed) {
        return kind == Kind.VIDEO ? video(size, seed) : subtitle(Math.toIntExact(size));
    }

    private static Content video(long size, long seed) {
        return new Content("clip.mp4", "video/mp4", size, TestStreams.mp4Sha256(size, seed),
                () -> TestStreams.mp4(size, seed));
    }

    private static Content binary(long size, long seed) {
        return new Content("data.bin", "application/octet-stream", size, TestStreams.sha256(size, seed),
                () -> TestStreams.generated(size, seed));
    }

    private static Content subtitle(int size) {
        StringBuilder text = new StringBuilder(size + 64);
        for (int i = 1; text.length() < size; i++) {
            text.append(i).append('\n')
                    .append(String.format(Locale.ROOT, "00:%02d:%02d,000 --> 00:%02d:%02d,500\n",
                            i / 60 % 60, i % 60, i / 60 % 60, i % 60))
                    .append("Line number ").append(i).append("\n\n");
        }
        byte[] bytes = text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
        return new Content("subs.srt", "text/plain", bytes);
    }

    /** Content to upload: what to declare, how to stream it, what to expect back. */
    private record Content(String filename, String contentType, long size, String sha256,
            Supplier<InputStream> streams) {

        Content(String filename, String contentType, byte[] bytes) {
            this(filename, contentType, bytes.length, TestStreams.sha256Hex(bytes),
                    () -> new ByteArrayInputStream(bytes));
        }

        InputStream stream() {
            return streams.get();
        }

        byte[] bytes() throws IOException {
            try (InputStream in = stream()) {
                return in.readAllBytes();
            }
        }

        Content named(String name) {
            return new Content(name, contentType, size, sha256, streams);
        }

        MediaUpload upload(String projectId) {
            return MediaUpload.of(projectId, filename, contentType);
        }
    }

    /** What a failed save must leave unchanged. */
    private record Snapshot(Set<String> contentFiles, Set<String> outside, List<StoredMedia> inProject,
            List<StoredMedia> withoutProject) {}

    /**
     * Returns the store of this test, creating it with {@link #DEFAULT_MAX_UPLOAD_SIZE} on first
     * use.
     */
    private MediaStore store() throws IOException {
        if (currentStore == null) {
            currentStore = createStore(storeDir, DEFAULT_MAX_UPLOAD_SIZE);
        }
        return currentStore;
    }

    /** Creates the store of this test with another upload limit. */
    private MediaStore store(long maxUploadSize) throws IOException {
        assertNull(currentStore, "the test's store exists already");
        currentStore = createStore(storeDir, maxUploadSize);
        return currentStore;
    }

    private StoredMedia save(Content content, String projectId) throws IOException {
        StoredMedia saved = store().save(content.upload(projectId), content.stream());
        assertEquals(Optional.of(content.sha256()), saved.sha256(), "SHA-256 of " + saved);
        return saved;
    }

    private void assertReadsBack(StoredMedia media, Content expected) throws IOException {
        try (MediaContent content = store().open(MediaId.of(media.id().value()))) {
            assertEquals(media, content.media(), "media() of the opened content");
            assertEquals(expected.size(), content.size(), "size() of the opened content");
            try (InputStream in = content.inputStream()) {
                assertEquals(expected.sha256(), TestStreams.sha256Hex(in), "SHA-256 read through inputStream()");
            }
            TestStreams.Sha256OutputStream out = TestStreams.sha256Sink();
            assertEquals(expected.size(), content.transferTo(out), "value returned by transferTo");
            assertEquals(expected.size(), out.count(), "bytes written by transferTo");
            assertEquals(expected.sha256(), out.hex(), "SHA-256 written by transferTo");
            assertFalse(out.isClosed(), "transferTo closed the caller's stream");
        }
    }

    private static void assertCreatedBetween(Instant before, Instant after, StoredMedia media) {
        // Stores may keep time to the millisecond (as SQLite text); a coarser clock breaks ordering.
        Instant createdAt = media.createdAt();
        assertFalse(createdAt.isBefore(before.truncatedTo(ChronoUnit.MILLIS)),
                "createdAt " + createdAt + " is before the save started at " + before);
        assertFalse(createdAt.isAfter(after), "createdAt " + createdAt + " is after the save ended at " + after);
    }

    private static void assertProgress(List<Long> reads, long size) {
        assertFalse(reads.isEmpty(), "the progress listener was never called");
        for (int i = 0; i < reads.size(); i++) {
            long read = reads.get(i);
            assertTrue(read >= 0 && read <= size, "progress " + read + " outside 0.." + size + ": " + reads);
            assertTrue(i == 0 || read >= reads.get(i - 1), "progress went backwards: " + reads);
        }
        assertEquals(size, reads.get(reads.size() - 1), "last progress reported: " + reads);
    }

    private Snapshot snapshot() throws IOException {
        return new Snapshot(contentFiles(), filesOutsideStore(), store().list(PROJECT), store().list(null));
    }

    private void assertNothingStored(Snapshot before) throws IOException {
        assertEquals(before.inProject(), store().list(PROJECT), "list(\"" + PROJECT + "\") after a failed save");
        assertEquals(before.withoutProject(), store().list(null), "list(null) after a failed save");
        assertEquals(before.contentFiles(), contentFiles(),
                "files under " + storeDir + " (without bookkeeping files) after a failed save");
        assertEquals(before.outside(), filesOutsideStore(),
                "entries next to " + storeDir + " after a failed save");
    }

    private void assertStillWorks(Kind kind, StoredMedia existing) throws IOException {
        assertReadsBack(existing, normal(kind));
        Content content = normal(kind);
        StoredMedia saved = save(content, PROJECT);
        assertReadsBack(saved, content);
        assertEquals(List.of(saved, existing), store().list(PROJECT));
    }

    private Set<String> contentFiles() throws IOException {
        try (Stream<Path> files = Files.walk(storeDir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !isBookkeepingFile(file))
                    .map(file -> storeDir.relativize(file).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private Set<String> filesOutsideStore() throws IOException {
        try (Stream<Path> files = Files.walk(tempDir)) {
            return files.filter(file -> !file.equals(tempDir) && !file.startsWith(storeDir))
                    .map(file -> tempDir.relativize(file).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(60).forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                out.append(String.format(Locale.ROOT, "\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return s.length() > 60 ? out + "... (" + s.length() + " chars)" : out.toString();
    }
}
