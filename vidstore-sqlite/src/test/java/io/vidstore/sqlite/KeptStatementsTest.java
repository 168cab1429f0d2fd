package io.vidstore.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.ByteRange;
import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.NoSuchMediaException;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads run on statements prepared once per connection and kept between calls; between calls
 * they must hold nothing: no read transaction, no lock, no stale view of the table.
 */
class KeptStatementsTest {

    @TempDir
    Path dir;

    private SqliteMediaStore store;
    private StoredMedia video;
    private StoredMedia note;

    @BeforeEach
    void open() throws IOException {
        store = SqliteMediaStore.open(dir);
        video = store.save(MediaUpload.of("p", "clip.mp4", null), TestStreams.mp4(200_000, 3));
        note = store.save(MediaUpload.of("p", "note.txt", "text/plain"),
                new ByteArrayInputStream("hello".getBytes()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Finds and opens from several threads, so that every pooled connection keeps statements. */
    private void readALot() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        store.find(video.id()).orElseThrow();
                        try (MediaContent c = store.open(video.id(), ByteRange.ofLength(100, 1000))) {
                            assertEquals(1000, c.size());
                        }
                        try (MediaContent c = store.open(note.id())) {
                            assertEquals(5, c.size());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keptStatementsHoldNoReadTransactionBetweenCalls() throws Exception {
        readALot();
        // Another program's writes and a full checkpoint succeed only if no connection of the
        // store still reads: a statement left unreset would keep its snapshot and block both.
        try (Connection other = Rows.connect(store.databaseFile());
                Statement s = other.createStatement()) {
            s.execute("PRAGMA busy_timeout = 0");
            s.executeUpdate("UPDATE files SET filename = 'renamed.mp4' WHERE id = '" + video.id() + "'");
            try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getInt(1), "the checkpoint was blocked by a reader");
            }
        }
        Path wal = Path.of(store.databaseFile() + "-wal");
        assertEquals(0, Files.exists(wal) ? Files.size(wal) : 0, "the WAL was not truncated");
        assertEquals("renamed.mp4", store.find(video.id()).orElseThrow().filename());
    }

    @Test
    void rowsDeletedByAnotherProgramAreGoneAtOnce() throws Exception {
        readALot();
        Rows.execute(store.databaseFile(), "DELETE FROM files WHERE id = '" + note.id() + "'");
        assertTrue(store.find(note.id()).isEmpty());
        assertThrows(NoSuchMediaException.class, () -> store.open(note.id()));
        assertTrue(store.find(video.id()).isPresent());
    }

    @Test
    void keptStatementsSurviveASchemaChangeByAnotherProgram() throws Exception {
        readALot();
        Rows.execute(store.databaseFile(), "ALTER TABLE files ADD COLUMN added_later TEXT",
                "CREATE INDEX files_added_later ON files (added_later)");
        readALot();
        assertEquals(video.sha256(), store.find(video.id()).orElseThrow().sha256());
    }

    @Test
    void anUnknownIdLeavesTheKeptStatementUsable() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertTrue(store.find(MediaId.of("missing-" + i)).isEmpty());
            MediaId missing = MediaId.of("missing-" + i);
            assertThrows(NoSuchMediaException.class, () -> store.open(missing));
        }
        readALot();
    }
}
