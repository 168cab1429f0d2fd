package io.vidstore.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.ByteRange;
import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaStoreException;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.MissingContentException;
import io.vidstore.api.NoSuchMediaException;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Databases written by the application vidstore replaces, built here with its DDL: the original
 * one (everything in BLOBs) and the streaming-era one (videos on disk).
 */
class LegacyDatabaseTest {

    private static final String ORIGINAL_DDL = "CREATE TABLE files (id TEXT PRIMARY KEY,"
            + " project_id TEXT, filename TEXT NOT NULL, content_type TEXT, data BLOB,"
            + " created_at TEXT NOT NULL)";

    private static final String STREAMING_DDL = "CREATE TABLE files (id TEXT PRIMARY KEY,"
            + " project_id TEXT, filename TEXT NOT NULL, content_type TEXT, data BLOB,"
            + " created_at TEXT NOT NULL, storage_path TEXT, file_size INTEGER, is_video INTEGER)";

    @TempDir
    Path dir;

    @Test
    void originalDatabaseIsReadUpgradedInPlaceAndWrittenTo() throws Exception {
        Path db = dir.resolve("app.db");
        byte[] video = TestStreams.generatedBytes(300_000, 1);
        byte[] audio = TestStreams.generatedBytes(2_000, 2);
        Rows.execute(db, ORIGINAL_DDL);
        insert(db, "0b9f6f0e-video", "p1", "Intro.MP4", null, video, "2023-05-01 10:00:00");
        insert(db, "c1d2-audio", "p1", "voice.mp3", "audio/mpeg", audio, "2023-05-02T09:30:00.123456");

        try (SqliteMediaStore store = SqliteMediaStore.builder(dir.resolve("store"))
                .database(db).chunkSize(64 << 10).build()) {
            List<StoredMedia> listed = store.list("p1");
            assertEquals(List.of("c1d2-audio", "0b9f6f0e-video"), ids(listed));
            StoredMedia legacyVideo = listed.get(1);
            assertTrue(legacyVideo.isVideo(), "classified by its extension on the fly");
            assertEquals(video.length, legacyVideo.size(), "sized from the BLOB on the fly");
            assertEquals(Instant.parse("2023-05-01T10:00:00Z"), legacyVideo.createdAt());
            assertTrue(legacyVideo.sha256().isEmpty());
            assertFalse(listed.get(0).isVideo());
            assertEquals(Instant.parse("2023-05-02T09:30:00.123456Z"), listed.get(0).createdAt());

            // Larger than a chunk: read through substr() chunks, never whole.
            assertArrayEquals(video, readAll(store, legacyVideo.id()));
            try (MediaContent middle = store.open(legacyVideo.id(), ByteRange.ofLength(100_000, 100_000))) {
                assertEquals(100_000, middle.offset());
                assertArrayEquals(Arrays.copyOfRange(video, 100_000, 200_000), middle.inputStream().readAllBytes());
            }
            assertArrayEquals(audio, readAll(store, MediaId.of("c1d2-audio")));

            assertEquals(Schema.LATEST, userVersion(db));
            Map<String, Object> row = Rows.row(db, "0b9f6f0e-video");
            assertEquals(video.length, ((Number) row.get("data_length")).intValue(), "data untouched");
            assertNull(row.get("is_video"), "rows are not rewritten by the upgrade");

            StoredMedia added = store.save(MediaUpload.of("p1", "new.mp4", "video/mp4"),
                    TestStreams.mp4(100_000, 3));
            assertEquals(added.id(), store.list("p1").get(0).id());
            assertTrue(Files.isRegularFile(dir.resolve("store").resolve(
                    (String) Rows.row(db, added.id().value()).get("storage_path"))));
        }
        try (SqliteMediaStore reopened = SqliteMediaStore.builder(dir.resolve("store")).database(db).build()) {
            assertEquals(3, reopened.list("p1").size());
        }
    }

    @Test
    void streamingEraDatabaseReadsFileFirstThenBlobThenFails() throws Exception {
        Path db = dir.resolve("app.db");
        Path oldFiles = Files.createDirectories(dir.resolve("old-app/videos"));
        byte[] onDisk = TestStreams.generatedBytes(50_000, 4);
        byte[] fallback = TestStreams.generatedBytes(40_000, 5);
        Path diskVideo = Files.write(oldFiles.resolve("a.mp4"), onDisk);
        Path missingWithBlob = oldFiles.resolve("gone-but-in-blob.mp4");
        Path missing = oldFiles.resolve("gone.mp4");
        Rows.execute(db, STREAMING_DDL);
        insertStreaming(db, "disk", "a.mp4", "video/mp4", null, diskVideo, onDisk.length, 1);
        insertStreaming(db, "fallback", "b.mp4", "video/mp4", fallback, missingWithBlob, fallback.length, 1);
        insertStreaming(db, "lost", "c.mp4", "video/mp4", null, missing, 1234, 1);
        insertStreaming(db, "nothing", "d.srt", null, null, null, null, null);

        // The old application's files lie outside the store: their directory is a legacy root.
        try (SqliteMediaStore store = SqliteMediaStore.builder(dir.resolve("store")).database(db)
                .legacyRoots(dir.resolve("old-app")).build()) {
            assertEquals(4, store.list("p").size());
            try (MediaContent content = store.open(MediaId.of("disk"))) {
                assertEquals(diskVideo, content.localPath().orElseThrow(), "absolute legacy paths are used as they are");
                assertArrayEquals(onDisk, content.inputStream().readAllBytes());
            }
            assertArrayEquals(fallback, readAll(store, MediaId.of("fallback")));

            MissingContentException lost = assertThrows(MissingContentException.class,
                    () -> store.open(MediaId.of("lost")));
            assertEquals(MediaId.of("lost"), lost.id());
            assertEquals(missing.toString(), lost.location());
            assertTrue(lost.getMessage().contains("'lost'") && lost.getMessage().contains(missing.toString()),
                    lost.getMessage());
            NoSuchMediaException nothing = assertThrows(NoSuchMediaException.class,
                    () -> store.open(MediaId.of("nothing")));
            assertTrue(nothing.getMessage().contains("neither a storage_path nor a BLOB"), nothing.getMessage());
        }
    }

    @Test
    void migrationMovesVideoBlobsToFilesAndCanRunAgain() throws Exception {
        Path db = dir.resolve("app.db");
        byte[] video = TestStreams.generatedBytes(200_000, 6);
        byte[] small = TestStreams.generatedBytes(1_000, 7);
        byte[] copied = TestStreams.generatedBytes(30_000, 8);
        byte[] conflicting = TestStreams.generatedBytes(30_000, 9);
        Path copy = Files.write(Files.createDirectories(dir.resolve("old")).resolve("copy.mov"), copied);
        Path other = Files.write(dir.resolve("old/other.mov"), TestStreams.generatedBytes(30_000, 10));
        Rows.execute(db, STREAMING_DDL);
        insert(db, "video", "p", "v.webm", "video/webm", video, "2023-01-01 00:00:00");
        insert(db, "small", "p", "s.mp3", "audio/mpeg", small, "2023-01-01 00:00:01");
        insertStreaming(db, "copied", "copy.mov", null, copied, copy, null, null);
        insertStreaming(db, "conflict", "other.mov", null, conflicting, other, null, null);

        try (SqliteMediaStore store = SqliteMediaStore.builder(dir.resolve("store")).database(db)
                .legacyRoots(dir.resolve("old")).chunkSize(16 << 10).build()) {
            long sizeBefore = Files.size(db);
            LegacyMigrationResult result = store.migrateLegacyBlobs(true);

            assertEquals(2, result.migrated());
            assertEquals(video.length + copied.length, result.bytesMoved());
            assertEquals(1, result.skipped().size());
            assertTrue(result.skipped().get(0).startsWith("conflict: ") && result.skipped().get(0).contains("differs"),
                    result.skipped().toString());
            assertTrue(result.vacuumed());
            assertTrue(Files.size(db) < sizeBefore, "VACUUM gave the space back");

            Map<String, Object> row = Rows.row(db, "video");
            assertEquals(1, row.get("data_null"));
            assertEquals(1, row.get("is_video"));
            assertEquals(TestStreams.sha256Hex(video), row.get("sha256"));
            assertTrue(((String) row.get("storage_path")).endsWith(".webm"));
            try (MediaContent content = store.open(MediaId.of("video"))) {
                assertTrue(content.localPath().isPresent());
                assertArrayEquals(video, content.inputStream().readAllBytes());
            }
            assertEquals(TestStreams.sha256Hex(video), store.find(MediaId.of("video")).orElseThrow().sha256().orElseThrow());

            assertEquals(copy.toString(), Rows.row(db, "copied").get("storage_path"), "the existing copy is kept");
            assertEquals(1, Rows.row(db, "copied").get("data_null"));
            assertEquals(0, Rows.row(db, "small").get("data_null"), "small audio stays inline");
            assertEquals(0, Rows.row(db, "conflict").get("data_null"), "a conflicting row is left alone");

            LegacyMigrationResult again = store.migrateLegacyBlobs(false);
            assertEquals(0, again.migrated());
            assertEquals(1, again.skipped().size());
        }
    }

    @Test
    void newerSchemaIsRefusedWithItsVersion() throws Exception {
        Path db = dir.resolve("app.db");
        Rows.execute(db, STREAMING_DDL, "PRAGMA user_version = 99",
                "PRAGMA application_id = " + Schema.APPLICATION_ID);

        MediaStoreException e = assertThrows(MediaStoreException.class,
                () -> SqliteMediaStore.builder(dir).database(db).build());
        assertTrue(e.getMessage().contains("schema version 99") && e.getMessage().contains(db.toString()),
                e.getMessage());
    }

    @Test
    void aUserVersionSetByTheOldApplicationIsNotTakenForOurs() throws Exception {
        Path db = dir.resolve("app.db");
        Rows.execute(db, ORIGINAL_DDL, "PRAGMA user_version = 2");

        try (SqliteMediaStore store = SqliteMediaStore.builder(dir.resolve("store")).database(db).build()) {
            StoredMedia saved = store.save(MediaUpload.of("p", "a.mp4", null), TestStreams.mp4(10_000, 1));
            assertEquals(saved, store.find(saved.id()).orElseThrow());
        }
        assertEquals(Schema.LATEST, userVersion(db));
    }

    @Test
    void oddRowsOfOlderApplicationsDoNotBreakListingOrMigration() throws Exception {
        Path db = dir.resolve("app.db");
        Rows.execute(db, STREAMING_DDL,
                "INSERT INTO files (id, project_id, filename, data, created_at) VALUES"
                        + " ('line\nbreak', 'p', 'a.mp4', zeroblob(10), '2024-01-01'),"
                        + " (NULL, 'p', 'b.mp4', zeroblob(10), '2024-01-02'),"
                        + " ('text', 'p', 's.srt', 'héllo wörld', '2024-01-03'),"
                        + " ('negative', 'p', 'n.bin', zeroblob(4), '2024-01-04')",
                "UPDATE files SET file_size = -1 WHERE id = 'negative'");

        try (SqliteMediaStore store = SqliteMediaStore.builder(dir.resolve("store")).database(db).build()) {
            List<StoredMedia> listed = store.list("p");
            assertEquals(List.of("negative", "text"), ids(listed));
            assertEquals(4, listed.get(0).size(), "a negative file_size is taken as unknown");
            byte[] text = "héllo wörld".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(text.length, listed.get(1).size(), "text is sized in bytes");
            assertArrayEquals(text, readAll(store, MediaId.of("text")));
            LegacyMigrationResult result = store.migrateLegacyBlobs(false);
            assertEquals(2, result.skipped().size() + result.migrated(), result.toString());
        }
    }

    @Test
    void fileThatIsNotADatabaseIsRefusedClearly() throws Exception {
        Path db = Files.writeString(dir.resolve("notes.db"), "this is not a database, just text ".repeat(200));

        MediaStoreException e = assertThrows(MediaStoreException.class,
                () -> SqliteMediaStore.builder(dir).database(db).build());
        assertTrue(e.getMessage().contains("not an SQLite database") && e.getMessage().contains(db.toString()),
                e.getMessage());
    }

    @Test
    void foreignFilesTableIsRefusedNamingTheMissingColumn() throws Exception {
        Path db = dir.resolve("app.db");
        Rows.execute(db, "CREATE TABLE files (id TEXT PRIMARY KEY, path TEXT)");

        MediaStoreException e = assertThrows(MediaStoreException.class,
                () -> SqliteMediaStore.builder(dir).database(db).build());
        assertTrue(e.getMessage().contains("'project_id'"), e.getMessage());
    }

    @Test
    void upgradeAddsChecksumColumnAndIndexes() throws Exception {
        Path db = dir.resolve("app.db");
        Rows.execute(db, ORIGINAL_DDL);

        SqliteMediaStore.builder(dir).database(db).build().close();

        try (Connection c = Rows.connect(db); Statement s = c.createStatement()) {
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("PRAGMA table_info(files)")) {
                while (rs.next()) {
                    columns.add(rs.getString("name"));
                }
            }
            assertEquals(List.of("id", "project_id", "filename", "content_type", "data", "created_at",
                    "storage_path", "file_size", "is_video", "sha256"), columns);
            try (ResultSet rs = s.executeQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'files_project_created'")) {
                assertTrue(rs.next());
            }
        }
    }

    private static byte[] readAll(SqliteMediaStore store, MediaId id) throws IOException {
        try (MediaContent content = store.open(id)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(content.size(), content.transferTo(out));
            byte[] viaTransfer = out.toByteArray();
            assertArrayEquals(viaTransfer, content.inputStream().readAllBytes());
            return viaTransfer;
        }
    }

    private static List<String> ids(List<StoredMedia> media) {
        return media.stream().map(m -> m.id().value()).toList();
    }

    private static int userVersion(Path db) throws Exception {
        try (Connection c = Rows.connect(db)) {
            return Schema.userVersion(c);
        }
    }

    private static void insert(Path db, String id, String project, String filename, String type,
            byte[] data, String createdAt) throws Exception {
        try (Connection c = Rows.connect(db); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO files (id, project_id, filename, content_type, data, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, project);
            ps.setString(3, filename);
            ps.setString(4, type);
            ps.setBytes(5, data);
            ps.setString(6, createdAt);
            ps.executeUpdate();
        }
    }

    private static void insertStreaming(Path db, String id, String filename, String type, byte[] data,
            Path storagePath, Integer fileSize, Integer isVideo) throws Exception {
        try (Connection c = Rows.connect(db); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO files (id, project_id, filename, content_type, data, created_at,"
                        + " storage_path, file_size, is_video) VALUES (?, 'p', ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, filename);
            ps.setString(3, type);
            ps.setBytes(4, data);
            ps.setString(5, "2024-02-03T04:05:06");
            ps.setString(6, storagePath == null ? null : storagePath.toString());
            ps.setObject(7, fileSize);
            ps.setObject(8, isVideo);
            assertEquals(1, ps.executeUpdate());
        }
    }
}
