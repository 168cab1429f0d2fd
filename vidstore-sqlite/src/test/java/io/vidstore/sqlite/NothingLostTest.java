package io.vidstore.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaStoreException;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import io.vidstore.sqlite.ConsistencyReport.Finding;
import io.vidstore.sqlite.ConsistencyReport.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repair never destroys content because the metadata is gone: a store whose database is missing,
 * empty or foreign does not open next to media files unless asked to, a repair moves orphans into
 * the quarantine with a manifest, and only an explicit purge deletes them.
 */
class NothingLostTest {

    @TempDir
    Path dir;

    private Path store;
    /** The content of each saved file, by its path relative to the store. */
    private final Map<String, byte[]> saved = new TreeMap<>();

    @BeforeEach
    void fill() throws Exception {
        store = dir.resolve("store");
        try (SqliteMediaStore s = SqliteMediaStore.open(store)) {
            for (int i = 0; i < 3; i++) {
                StoredMedia m = s.save(MediaUpload.of("p", "v" + i + ".mp4", "video/mp4"),
                        TestStreams.mp4(30_000 + i, i));
                String path = (String) Rows.row(s.databaseFile(), m.id().value()).get("storage_path");
                saved.put(path, Files.readAllBytes(store.resolve(path)));
            }
        }
        Files.deleteIfExists(store.resolve("vidstore.db-wal"));
        Files.deleteIfExists(store.resolve("vidstore.db-shm"));
    }

    @Test
    void anEmptyDatabaseIsNotOpenedNextToMediaFiles() throws Exception {
        Path db = store.resolve("vidstore.db");
        Files.write(db, new byte[0]);

        MediaStoreException e = assertThrows(MediaStoreException.class, () -> SqliteMediaStore.open(store));

        assertMentions(e, store.toString(), db.toString(), "is empty (0 bytes)", "3 media files",
                "recreateDatabase");
        assertEquals(0, Files.size(db), "the database is left as it was");
        assertFilesKept();
    }

    @Test
    void aMissingDatabaseIsNotCreatedNextToMediaFiles() throws Exception {
        Path db = store.resolve("vidstore.db");
        Files.delete(db);

        MediaStoreException e = assertThrows(MediaStoreException.class, () -> SqliteMediaStore.open(store));

        assertMentions(e, store.toString(), db.toString(), "does not exist", "3 media files");
        assertFalse(Files.exists(db), "no database was created");
        assertFilesKept();
    }

    @Test
    void aDatabaseWithoutTheFilesTableIsNotUpgradedNextToMediaFiles() throws Exception {
        Path other = dir.resolve("other.db");
        Rows.execute(other, "CREATE TABLE notes (id TEXT)");

        MediaStoreException e = assertThrows(MediaStoreException.class,
                () -> SqliteMediaStore.builder(store).database(other).build());

        assertMentions(e, other.toString(), "has no files table", "3 media files");
        assertFilesKept();
    }

    @Test
    void theOriginalApplicationsDatabaseStillOpensNextToMediaFiles() throws Exception {
        Path legacy = dir.resolve("app.db");
        Rows.execute(legacy, "CREATE TABLE files (id TEXT PRIMARY KEY, project_id TEXT,"
                + " filename TEXT NOT NULL, content_type TEXT, data BLOB, created_at TEXT NOT NULL)");
        try (SqliteMediaStore s = SqliteMediaStore.builder(store).database(legacy).build()) {
            assertEquals(List.of(), s.list("p"));
        }
        assertFilesKept();
    }

    /** The headline case: an empty database, then a repair, keeps every file. */
    @Test
    void repairAfterRecreatingTheDatabaseQuarantinesEveryFileWithAManifestAndPurgeDeletesThem()
            throws Exception {
        Files.write(store.resolve("vidstore.db"), new byte[0]);
        try (SqliteMediaStore s = SqliteMediaStore.builder(store).recreateDatabase(true).build()) {
            assertEquals(store.resolve("lost+found"), s.quarantineDirectory());
            ConsistencyReport check = s.check(false);
            assertEquals(3, check.findings().size(), check.toString());

            ConsistencyReport repair = s.repair(false);

            assertEquals(3, repair.findings().size(), repair.toString());
            assertTrue(repair.isConsistent());
            for (Finding f : repair.findings()) {
                assertEquals(Problem.ORPHAN_FILE, f.problem());
                assertTrue(f.repaired());
                assertTrue(f.detail().contains("moved to quarantine " + s.quarantineDirectory()), f.detail());
                assertFalse(Files.exists(Path.of(f.location())), "moved away from media/");
            }
            List<Path> sessions;
            try (Stream<Path> list = Files.list(s.quarantineDirectory())) {
                sessions = list.toList();
            }
            assertEquals(1, sessions.size(), sessions.toString());
            Path session = sessions.get(0);
            assertTrue(session.getFileName().toString().matches("\\d{8}T\\d{6}\\.\\d{3}Z"), session.toString());
            for (Map.Entry<String, byte[]> e : saved.entrySet()) {
                assertArrayEquals(e.getValue(), Files.readAllBytes(session.resolve(e.getKey())),
                        "kept at its relative path under the repair's directory: " + e.getKey());
            }
            List<String> manifest = Files.readAllLines(session.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8);
            assertTrue(manifest.get(0).startsWith("#"), manifest.toString());
            List<String> listed = new ArrayList<>();
            for (String line : manifest.subList(1, manifest.size())) {
                String[] fields = line.split("\t");
                assertEquals(4, fields.length, line);
                listed.add(fields[0]);
                assertEquals(saved.get(fields[0]).length, Long.parseLong(fields[1]), line);
                assertTrue(fields[2].startsWith("ORPHAN_FILE"), line);
                java.time.Instant.parse(fields[3]);
            }
            assertEquals(new ArrayList<>(saved.keySet()), listed.stream().sorted().toList());

            List<QuarantinedFile> quarantined = s.quarantined();
            assertEquals(3, quarantined.size());
            for (QuarantinedFile q : quarantined) {
                assertEquals(store.resolve(store.relativize(q.originalPath())), q.originalPath());
                assertEquals(saved.get(store.relativize(q.originalPath()).toString()).length, q.size());
                assertTrue(Files.isRegularFile(q.path()));
            }

            ConsistencyReport after = s.check(true);
            assertEquals(List.of(), after.findings(), "the quarantine is not taken for orphans");

            assertEquals(3, s.purgeQuarantine());
            assertEquals(List.of(), s.quarantined());
            for (QuarantinedFile q : quarantined) {
                assertFalse(Files.exists(q.path()));
            }
            assertFalse(Files.exists(session), "the emptied directory is removed");
            assertEquals(0, s.purgeQuarantine());
        }
    }

    @Test
    void withoutCreateIfMissingANonexistentDirectoryFailsAndNothingIsCreated() throws Exception {
        Path nowhere = dir.resolve("nowhere");

        NoSuchStoreException e = assertThrows(NoSuchStoreException.class,
                () -> SqliteMediaStore.builder(nowhere).createIfMissing(false).build());

        assertEquals(nowhere.toString(), e.path());
        assertMentions(e, nowhere.toString());
        assertFalse(Files.exists(nowhere));
    }

    @Test
    void withoutCreateIfMissingADirectoryWithoutDatabaseFailsAndNothingIsCreated() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));

        NoSuchStoreException e = assertThrows(NoSuchStoreException.class,
                () -> SqliteMediaStore.builder(empty).createIfMissing(false).build());

        assertEquals(empty.resolve("vidstore.db").toString(), e.path());
        try (Stream<Path> list = Files.list(empty)) {
            assertEquals(List.of(), list.toList());
        }
        try (SqliteMediaStore s = SqliteMediaStore.builder(store).createIfMissing(false).build()) {
            assertEquals(3, s.list("p").size(), "an existing store opens");
        }
    }

    @Test
    void recreatingTheDatabaseIsAllowedWithoutCreateIfMissingAndKeepsTheFiles() throws Exception {
        Files.write(store.resolve("vidstore.db"), new byte[0]);

        try (SqliteMediaStore s = SqliteMediaStore.builder(store).createIfMissing(false)
                .recreateDatabase(true).build()) {
            assertEquals(3, s.check(false).findings().size(), "the files show as orphans");
        }
        assertFilesKept();
    }

    private void assertFilesKept() throws IOException {
        for (Map.Entry<String, byte[]> e : saved.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(store.resolve(e.getKey())), e.getKey());
        }
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }
}
