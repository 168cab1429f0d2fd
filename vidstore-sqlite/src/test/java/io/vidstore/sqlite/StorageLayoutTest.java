package io.vidstore.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaTooLargeException;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where content ends up: the row's columns and the files on disk. */
class StorageLayoutTest {

    private static final int INLINE_LIMIT = 16 << 10;

    @TempDir
    Path dir;

    private SqliteMediaStore store;

    @BeforeEach
    void open() throws IOException {
        store = SqliteMediaStore.builder(dir).chunkSize(64 << 10).inlineLimit(INLINE_LIMIT).build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void videoStreamsToAFileAndTheRowHasNoData() throws Exception {
        StoredMedia media = store.save(MediaUpload.of("p", "clip.MP4", null),
                TestStreams.mp4(300_000, 1));

        Map<String, Object> row = Rows.row(store.databaseFile(), media.id().value());
        assertEquals(1, row.get("data_null"));
        assertEquals(1, row.get("is_video"));
        assertEquals(300_000L, ((Number) row.get("file_size")).longValue());
        assertEquals(media.sha256().orElseThrow(), row.get("sha256"));
        String storagePath = (String) row.get("storage_path");
        assertTrue(storagePath.matches("media/[0-9a-f]{2}/[0-9a-f-]{36}\\.mp4"), storagePath);
        Path file = dir.resolve(storagePath);
        assertEquals(300_000L, Files.size(file));
        assertEquals(TestStreams.mp4Sha256(300_000, 1), TestStreams.sha256Hex(Files.newInputStream(file)));
        try (MediaContent content = store.open(media.id())) {
            assertEquals(file, content.localPath().orElseThrow());
        }
    }

    @Test
    void smallFileIsKeptInTheDatabaseOnly() throws Exception {
        byte[] subtitle = "1\n00:00:01,000 --> 00:00:02,000\nHello\n".getBytes();
        StoredMedia media = store.save(MediaUpload.of("p", "subs.srt", null),
                new ByteArrayInputStream(subtitle));

        Map<String, Object> row = Rows.row(store.databaseFile(), media.id().value());
        assertEquals(0, row.get("data_null"));
        assertEquals(subtitle.length, ((Number) row.get("data_length")).intValue());
        assertEquals(0, row.get("is_video"));
        assertNull(row.get("storage_path"));
        assertEquals("application/x-subrip", media.contentType().orElseThrow());
        assertEquals(List.of(), mediaFiles());
        try (MediaContent content = store.open(media.id())) {
            assertTrue(content.localPath().isEmpty());
            assertArrayEquals(subtitle, content.inputStream().readAllBytes());
        }
    }

    @Test
    void inlineLimitIsInclusive() throws Exception {
        StoredMedia atLimit = store.save(MediaUpload.of(null, "a.bin", null),
                TestStreams.generated(INLINE_LIMIT, 2));
        StoredMedia overLimit = store.save(MediaUpload.of(null, "b.bin", null),
                TestStreams.generated(INLINE_LIMIT + 1, 3));

        assertNull(Rows.row(store.databaseFile(), atLimit.id().value()).get("storage_path"));
        assertEquals(1, Rows.row(store.databaseFile(), overLimit.id().value()).get("data_null"));
        assertEquals(1, mediaFiles().size());
        assertFalse(overLimit.isVideo());
        assertContent(overLimit, TestStreams.sha256(INLINE_LIMIT + 1, 3));
    }

    @Test
    void unknownLengthSpillsToDiskOnceOverTheInlineLimit() throws Exception {
        long size = 5L * (64 << 10) + 123;
        StoredMedia media = store.save(MediaUpload.of(null, "audio.wav", "audio/wav"),
                TestStreams.oneByteAtATime(TestStreams.generated(size, 4)));

        assertEquals(size, media.size());
        assertFalse(media.isVideo());
        assertEquals(1, Rows.row(store.databaseFile(), media.id().value()).get("data_null"));
        assertContent(media, TestStreams.sha256(size, 4));
    }

    @Test
    void declaredSizeOverTheInlineLimitGoesStraightToDisk() throws Exception {
        long size = INLINE_LIMIT * 3L;
        StoredMedia media = store.save(MediaUpload.builder("track.mp3").expectedSize(size).build(),
                TestStreams.generated(size, 5));

        assertEquals(1, Rows.row(store.databaseFile(), media.id().value()).get("data_null"));
        assertContent(media, TestStreams.sha256(size, 5));
    }

    @Test
    void failedSaveLeavesNoTempFile() throws Exception {
        try (SqliteMediaStore limited = SqliteMediaStore.builder(dir.resolve("limited"))
                .chunkSize(4096).maxUploadSize(100_000).build()) {
            assertThrows(MediaTooLargeException.class, () -> limited.save(
                    MediaUpload.of(null, "big.mp4", "video/mp4"), TestStreams.generated(200_000, 6)));
            try (Stream<Path> temp = Files.list(dir.resolve("limited/tmp"))) {
                assertEquals(0, temp.count());
            }
            assertEquals(0, Rows.count(limited.databaseFile()));
        }
    }

    @Test
    void openingUndoesInterruptedWorkButNotWorkInFlight() throws Exception {
        StoredMedia kept = store.save(MediaUpload.of(null, "kept.mp4", null), TestStreams.mp4(10_000, 8));
        String keptPath = (String) Rows.row(store.databaseFile(), kept.id().value()).get("storage_path");
        store.close();

        // A save that crashed after moving its file into place, before committing its row.
        Path orphan = Files.createDirectories(dir.resolve("media/ab")).resolve("ab-orphan.mp4");
        Files.write(orphan, new byte[100]);
        Files.writeString(dir.resolve("tmp/ab-orphan.pending"), "media/ab/ab-orphan.mp4");
        // A save that crashed while writing its temp file.
        Files.writeString(dir.resolve("tmp/cd-writing.pending"), "media/cd/cd-writing.mp4");
        Files.write(dir.resolve("tmp/cd-writing.part"), new byte[100]);
        // A delete that crashed after committing... nothing: the marker names a file a row still has.
        Files.writeString(dir.resolve("tmp/ef-deleting.pending"), keptPath);
        // A temp file whose marker is gone.
        Files.write(dir.resolve("tmp/gh-stray.part"), new byte[10]);
        // Work in flight in another process: its marker is locked.
        Path inFlightPart = Files.write(dir.resolve("tmp/ij-busy.part"), new byte[10]);
        Path inFlight = dir.resolve("tmp/ij-busy.pending");
        try (FileChannel channel = FileChannel.open(inFlight, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            store = SqliteMediaStore.builder(dir).chunkSize(64 << 10).inlineLimit(INLINE_LIMIT).build();

            assertFalse(Files.exists(orphan), "a file without a row is removed");
            assertFalse(Files.exists(dir.resolve("tmp/cd-writing.part")));
            assertFalse(Files.exists(dir.resolve("tmp/gh-stray.part")));
            assertTrue(Files.exists(dir.resolve(keptPath)), "a file that a row references is kept");
            assertTrue(Files.exists(inFlight) && Files.exists(inFlightPart), "work in flight is left alone");
            try (Stream<Path> temp = Files.list(dir.resolve("tmp"))) {
                assertEquals(List.of(inFlight, inFlightPart).stream().sorted().toList(),
                        temp.sorted().toList());
            }
            assertContent(kept, TestStreams.mp4Sha256(10_000, 8));
            assertTrue(lock.isValid());
        }
    }

    @Test
    void aMarkerLeftWhileBeingMadeIsRemovedUnlessSomeoneHoldsIt() throws Exception {
        store.close();
        // A crash between creating a marker under its temporary name and publishing it.
        Path left = Files.writeString(dir.resolve("tmp/kl.0a.pending.new"), "media/kl/kl.mp4");
        // Another process making one right now: it holds the lock.
        Path held = dir.resolve("tmp/mn.0b.pending.new");
        try (FileChannel channel = FileChannel.open(held, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            store = SqliteMediaStore.builder(dir).chunkSize(64 << 10).inlineLimit(INLINE_LIMIT).build();

            assertFalse(Files.exists(left), "a marker left while being made is removed");
            assertTrue(Files.exists(held), "one being made is left alone");
            ConsistencyReport report = store.check(false);
            assertTrue(report.isConsistent(), report.toString());
            assertTrue(lock.isValid());
        }
        Files.delete(held);

        // The store's own markers leave nothing behind.
        StoredMedia saved = store.save(MediaUpload.of(null, "clip.mp4", null), TestStreams.mp4(300_000, 3));
        assertContent(saved, TestStreams.mp4Sha256(300_000, 3));
        try (Stream<Path> temp = Files.list(dir.resolve("tmp"))) {
            assertEquals(List.of(), temp.toList());
        }
    }

    @Test
    void adoptingAFileFromTheStagingDirectoryMovesItWithoutACopy() throws Exception {
        Path staged = store.stagingDirectory().orElseThrow().resolve("render.mp4");
        try (InputStream in = TestStreams.mp4(500_000, 9)) {
            Files.copy(in, staged);
        }
        Object inode = Files.getAttribute(staged, "unix:ino");

        StoredMedia media = store.adopt(MediaUpload.of("p", "render.mp4", null), staged);

        Path stored = dir.resolve((String) Rows.row(store.databaseFile(), media.id().value()).get("storage_path"));
        assertEquals(inode, Files.getAttribute(stored, "unix:ino"), "the same file, moved");
        assertFalse(Files.exists(staged));
        assertTrue(media.isVideo());
        assertContent(media, TestStreams.mp4Sha256(500_000, 9));
    }

    @Test
    void typeDeclaredByContentWhenNothingIsDeclared() throws Exception {
        StoredMedia media = store.save(MediaUpload.of(null, "upload", null), TestStreams.mp4(70_000, 7));

        assertTrue(media.isVideo());
        assertEquals("video/mp4", media.contentType().orElseThrow());
        String storagePath = (String) Rows.row(store.databaseFile(), media.id().value()).get("storage_path");
        assertTrue(storagePath.endsWith(".mp4"), storagePath);
    }

    private void assertContent(StoredMedia media, String sha256) throws IOException {
        assertEquals(sha256, media.sha256().orElseThrow());
        try (MediaContent content = store.open(media.id()); InputStream in = content.inputStream()) {
            assertEquals(sha256, TestStreams.sha256Hex(in));
        }
    }

    private List<Path> mediaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("media"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
