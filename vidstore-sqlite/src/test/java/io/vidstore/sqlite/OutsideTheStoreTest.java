package io.vidstore.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaStoreException;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import io.vidstore.sqlite.ConsistencyReport.Finding;
import io.vidstore.sqlite.ConsistencyReport.Problem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths that lead out of the store: legacy {@code storage_path} values with {@code ../} or
 * absolute paths, and symbolic links planted in the store's directories.
 */
class OutsideTheStoreTest {

    @TempDir
    Path dir;

    private Path store;
    private Path outside;
    private final byte[] secret = TestStreams.generatedBytes(5_000, 42);

    @BeforeEach
    void setUp() throws Exception {
        store = dir.resolve("store");
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.write(outside.resolve("dotdot.mp4"), secret);
        Files.write(outside.resolve("absolute.mp4"), secret);
        Files.write(outside.resolve("linked.mp4"), secret);
        try (SqliteMediaStore s = SqliteMediaStore.open(store)) {
            s.list("p");
        }
        Path link = store.resolve("media/ab/ab-link.mp4");
        Files.createSymbolicLink(link, outside.resolve("linked.mp4"));
        try (Connection c = Rows.connect(store.resolve("vidstore.db"));
                PreparedStatement ps = c.prepareStatement("INSERT INTO files (id, project_id, filename,"
                        + " content_type, created_at, storage_path, file_size, is_video)"
                        + " VALUES (?, 'p', ?, 'video/mp4', '2024-01-01 00:00:00', ?, ?, 1)")) {
            insert(ps, "dotdot", "../outside/dotdot.mp4");
            insert(ps, "absolute", outside.resolve("absolute.mp4").toString());
            insert(ps, "linked", "media/ab/ab-link.mp4");
        }
    }

    private void insert(PreparedStatement ps, String id, String path) throws Exception {
        ps.setString(1, id);
        ps.setString(2, id + ".mp4");
        ps.setString(3, path);
        ps.setLong(4, secret.length);
        ps.executeUpdate();
    }

    @Test
    void pathsOutsideTheRootsAreNotRead() throws Exception {
        try (SqliteMediaStore s = SqliteMediaStore.open(store)) {
            for (String id : List.of("dotdot", "absolute", "linked")) {
                PathOutsideStoreException e = assertThrows(PathOutsideStoreException.class,
                        () -> s.open(MediaId.of(id)).close(), id);
                assertEquals(id, e.mediaId());
                assertTrue(e.getMessage().contains("'" + id + "'"), e.getMessage());
                assertTrue(e.getMessage().contains(id + ".mp4"), e.getMessage());
                assertTrue(e.getMessage().contains(store.toRealPath().toString()), "names the allowed roots: "
                        + e.getMessage());
                assertEquals(List.of(store.toRealPath().toString()), e.allowedRoots());
            }
        }
    }

    @Test
    void checkReportsEveryRowPointingOutside() throws Exception {
        try (SqliteMediaStore s = SqliteMediaStore.open(store)) {
            ConsistencyReport report = s.check(true);
            List<String> outsideIds = report.findings().stream()
                    .filter(f -> f.problem() == Problem.PATH_OUTSIDE_ROOTS).map(Finding::mediaId).sorted().toList();
            assertEquals(List.of("absolute", "dotdot", "linked"), outsideIds, report.toString());
            assertFalse(report.isConsistent());
            ConsistencyReport repaired = s.repair(false);
            assertTrue(Files.exists(store.resolve("media/ab/ab-link.mp4"), LinkOption.NOFOLLOW_LINKS),
                    "a referenced link is no orphan");
            assertEquals(3, repaired.findings().stream().filter(f -> f.problem() == Problem.PATH_OUTSIDE_ROOTS)
                    .filter(f -> !f.repaired()).count(), repaired.toString());
        }
    }

    @Test
    void deleteRemovesTheRowButNeverAFileOutsideTheRoots() throws Exception {
        try (SqliteMediaStore s = SqliteMediaStore.open(store)) {
            for (String id : List.of("dotdot", "absolute", "linked")) {
                assertTrue(s.delete(MediaId.of(id)), id);
                assertNull(Rows.row(store.resolve("vidstore.db"), id), id);
            }
        }
        for (String name : List.of("dotdot.mp4", "absolute.mp4", "linked.mp4")) {
            assertArrayEquals(secret, Files.readAllBytes(outside.resolve(name)), name);
        }
    }

    @Test
    void aConfiguredLegacyRootIsFollowed() throws Exception {
        try (SqliteMediaStore s = SqliteMediaStore.builder(store).legacyRoots(outside).build()) {
            for (String id : List.of("dotdot", "absolute", "linked")) {
                try (MediaContent c = s.open(MediaId.of(id))) {
                    assertArrayEquals(secret, c.inputStream().readAllBytes(), id);
                }
            }
            assertEquals(List.of(), s.check(true).findings());
            assertTrue(s.delete(MediaId.of("absolute")));
            assertTrue(s.delete(MediaId.of("dotdot")));
        }
        assertFalse(Files.exists(outside.resolve("absolute.mp4")), "under a legacy root, delete removes the file");
        assertFalse(Files.exists(outside.resolve("dotdot.mp4")));
    }

    @Test
    void aSaveThroughALinkedShardDirectoryFailsAndWritesNothingOutside() throws Exception {
        Path target = Files.createDirectories(dir.resolve("elsewhere"));
        // The id is random, so every shard directory becomes a link out of the store.
        for (int i = 0; i < 256; i++) {
            Path shard = store.resolve("media").resolve(String.format("%02x", i));
            try (Stream<Path> files = Files.list(shard)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(shard);
            Files.createSymbolicLink(shard, target);
        }
        try (SqliteMediaStore s = SqliteMediaStore.open(store)) {
            MediaStoreException e = assertThrows(MediaStoreException.class,
                    () -> s.save(MediaUpload.of("p", "v.mp4", "video/mp4"), TestStreams.mp4(40_000, 1)));
            assertTrue(e.getMessage().contains("symbolic link") && e.getMessage().contains(store.toString()),
                    e.getMessage());
            assertEquals(3, Rows.count(store.resolve("vidstore.db")), "no row");
        }
        try (Stream<Path> written = Files.list(target)) {
            assertEquals(List.of(), written.toList(), "nothing written outside");
        }
        try (Stream<Path> tmp = Files.list(store.resolve("tmp"))) {
            assertEquals(List.of(), tmp.toList(), "nothing left behind");
        }
    }

    @Test
    void aLinkedTempDirectoryIsRefused() throws Exception {
        Path target = Files.createDirectories(dir.resolve("elsewhere"));
        Files.delete(store.resolve("tmp"));
        Files.createSymbolicLink(store.resolve("tmp"), target);

        MediaStoreException e = assertThrows(MediaStoreException.class, () -> SqliteMediaStore.open(store));

        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        try (Stream<Path> written = Files.list(target)) {
            assertEquals(List.of(), written.toList(), "nothing written outside");
        }
    }

    @Test
    void aDeleteThroughALinkedShardDirectoryLeavesTheOutsideFile() throws Exception {
        StoredMedia media;
        String storagePath;
        try (SqliteMediaStore s = SqliteMediaStore.open(store)) {
            media = s.save(MediaUpload.of("p", "v.mp4", "video/mp4"), TestStreams.mp4(40_000, 2));
            storagePath = (String) Rows.row(s.databaseFile(), media.id().value()).get("storage_path");
        }
        Path file = store.resolve(storagePath);
        Path shard = file.getParent();
        Path target = Files.createDirectories(dir.resolve("elsewhere"));
        Path victim = Files.write(target.resolve(file.getFileName()), secret);
        Files.delete(file);
        Files.delete(shard);
        Files.createSymbolicLink(shard, target);

        try (SqliteMediaStore s = SqliteMediaStore.open(store)) {
            assertThrows(PathOutsideStoreException.class, () -> s.open(media.id()).close());
            assertTrue(s.delete(media.id()));
            assertNull(Rows.row(s.databaseFile(), media.id().value()));
        }
        assertArrayEquals(secret, Files.readAllBytes(victim), "the file outside the store is untouched");
    }

    @Test
    void theDataDirectoryItselfMayBeALink() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link-to-store"), store);
        try (SqliteMediaStore s = SqliteMediaStore.open(link)) {
            StoredMedia m = s.save(MediaUpload.of("p", "v.mp4", "video/mp4"), TestStreams.mp4(40_000, 3));
            try (MediaContent c = s.open(m.id())) {
                assertEquals(m.size(), c.inputStream().readAllBytes().length);
            }
            assertTrue(s.delete(m.id()));
        }
    }
}
