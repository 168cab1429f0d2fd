package io.vidstore.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaStoreException;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real faults: a full disk, a read-only file system, a database locked by another process. */
class FaultTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskFailsTheSaveCleanlyAndTheStoreRecovers() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(Files.createDirectory(dir.resolve("small")), "24m")) {
            Path mount = disk.path();
            Path data = mount.resolve("store");
            try (SqliteMediaStore store = SqliteMediaStore.builder(data).chunkSize(1 << 20).build()) {
                StoredMedia before = store.save(MediaUpload.of("p", "before.mp4", null), TestStreams.mp4(4 << 20, 1));
                StoredMedia small = store.save(MediaUpload.of("p", "before.srt", null), TestStreams.generated(500, 2));
                Path filler = Files.write(mount.resolve("filler"), new byte[12 << 20]);

                MediaStoreException e = assertThrows(MediaStoreException.class, () -> store.save(
                        MediaUpload.of("p", "too-big.mp4", null), TestStreams.mp4(16 << 20, 3)));
                assertTrue(e.getMessage().contains(data.toString()) && e.getMessage().contains("No space left"),
                        e.getMessage());

                assertEquals(List.of(small.id(), before.id()), store.list("p").stream().map(StoredMedia::id).toList());
                assertReadsBack(store, before);
                assertReadsBack(store, small);
                try (Stream<Path> temp = Files.list(data.resolve("tmp"))) {
                    assertEquals(List.of(), temp.toList(), "the partial file is gone");
                }
                assertEquals(List.of(), store.check(false).findings());

                Files.delete(filler);
                StoredMedia after = store.save(MediaUpload.of("p", "after.mp4", null), TestStreams.mp4(8 << 20, 4));
                assertReadsBack(store, after);
            }
        }
    }

    @Test
    void aReadOnlyFileSystemIsAClearErrorAtOpen() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(Files.createDirectory(dir.resolve("ro")), "8m")) {
            Path data = disk.path().resolve("store");
            SqliteMediaStore.open(data).close();
            disk.remountReadOnly();

            MediaStoreException e = assertThrows(MediaStoreException.class, () -> SqliteMediaStore.open(data));
            assertTrue(e.getMessage().contains(data.toString()), e.getMessage());
        }
    }

    @Test
    void aDatabaseLockedByAnotherProcessFailsAfterTheBusyTimeoutLeavingNothing() throws Exception {
        try (SqliteMediaStore store = SqliteMediaStore.builder(dir).busyTimeout(Duration.ofMillis(300)).build()) {
            StoredMedia before = store.save(MediaUpload.of("p", "before.mp4", null), TestStreams.mp4(100_000, 5));
            try (Connection other = Rows.connect(store.databaseFile()); Statement s = other.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");

                MediaStoreException e = assertThrows(MediaStoreException.class, () -> store.save(
                        MediaUpload.of("p", "blocked.mp4", null), TestStreams.mp4(300_000, 6)));
                assertTrue(e.getMessage().contains("locked") && e.getMessage().contains("300 ms")
                        && e.getMessage().contains(store.databaseFile().toString()), e.getMessage());
                s.execute("ROLLBACK");
            }
            assertEquals(List.of(before.id()), store.list("p").stream().map(StoredMedia::id).toList());
            assertEquals(List.of(), store.check(false).findings(), "the blocked save left no file");
            StoredMedia after = store.save(MediaUpload.of("p", "after.mp4", null), TestStreams.mp4(100_000, 7));
            assertReadsBack(store, after);
        }
    }

    private static void assertReadsBack(SqliteMediaStore store, StoredMedia media) throws Exception {
        try (MediaContent content = store.open(media.id()); InputStream in = content.inputStream()) {
            assertEquals(media.sha256().orElseThrow(), TestStreams.sha256Hex(in));
        }
    }
}
