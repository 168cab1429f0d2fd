package io.vidstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI never creates a store it only reads, and never loses content because the database is
 * gone: a repair moves orphans into the quarantine, and only {@code quarantine --purge} deletes.
 */
class StoreSafetyIT {

    @TempDir
    Path dir;

    @Test
    void readOnlyCommandsOnANonexistentStoreFailWithOneLineAndCreateNothing() {
        Path nowhere = dir.resolve("nowhere");
        for (String[] args : List.of(
                new String[] {"ls", "--store", nowhere.toString()},
                new String[] {"check", "--store", nowhere.toString()},
                new String[] {"check", "--repair", "--store", nowhere.toString()},
                new String[] {"stat", "some-id", "--store", nowhere.toString()},
                new String[] {"quarantine", "--store", nowhere.toString()})) {
            Vidstore.Result r = Vidstore.run(args);
            String what = String.join(" ", args);
            assertEquals(1, r.exit(), what + ": " + r.out() + r.err());
            List<String> lines = r.err().lines().toList();
            assertEquals(1, lines.size(), what + ": " + r.err());
            assertTrue(lines.get(0).contains(nowhere.toString()), what + ": " + r.err());
            assertFalse(r.out().contains("consistent"), what + ": " + r.out());
            assertFalse(Files.exists(nowhere), what + " created " + nowhere);
        }
    }

    @Test
    void anEmptyDatabaseThenRepairKeepsEveryFileAndPurgeDeletesThem() throws Exception {
        Path store = dir.resolve("store");
        Map<String, byte[]> saved = new TreeMap<>();
        for (int i = 0; i < 2; i++) {
            byte[] bytes = new byte[100_000 + i];
            new Random(i).nextBytes(bytes);
            Path source = Files.write(dir.resolve("v" + i + ".mp4"), bytes);
            Vidstore.Result put = Vidstore.run("put", source.toString(), "--store", store.toString());
            assertEquals(0, put.exit(), put.err());
            saved.put(put.id(), bytes);
        }
        List<Path> mediaFiles = mediaFiles(store);
        assertEquals(2, mediaFiles.size());
        Files.write(store.resolve("vidstore.db"), new byte[0]);
        Files.deleteIfExists(store.resolve("vidstore.db-wal"));
        Files.deleteIfExists(store.resolve("vidstore.db-shm"));

        Vidstore.Result refused = Vidstore.run("check", "--repair", "--store", store.toString());
        assertEquals(1, refused.exit(), refused.out() + refused.err());
        List<String> lines = refused.err().lines().toList();
        assertEquals(1, lines.size(), refused.err());
        assertTrue(lines.get(0).contains("2 media files") && lines.get(0).contains("--recreate-database"),
                refused.err());
        assertEquals(mediaFiles, mediaFiles(store), "nothing deleted");
        assertEquals(0, Files.size(store.resolve("vidstore.db")));

        Vidstore.Result repair = Vidstore.run("check", "--repair", "--recreate-database", "--store", store.toString());
        assertEquals(0, repair.exit(), repair.out() + repair.err());
        Path quarantine = store.resolve("lost+found");
        assertEquals(2, repair.out().lines().filter(l -> l.startsWith("ORPHAN_FILE")
                && l.contains("moved to quarantine " + quarantine) && l.endsWith("[repaired]")).count(), repair.out());
        assertTrue(repair.out().contains("moved 2 orphan files to quarantine " + quarantine), repair.out());
        assertEquals(List.of(), mediaFiles(store));
        List<byte[]> kept = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(quarantine)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".mp4")).toList()) {
                kept.add(Files.readAllBytes(p));
            }
        }
        assertEquals(2, kept.size());
        for (byte[] content : saved.values()) {
            assertTrue(kept.stream().anyMatch(k -> java.util.Arrays.equals(k, content)), "every file is kept");
        }

        Vidstore.Result list = Vidstore.run("quarantine", "--store", store.toString());
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains("2 files"), list.out());
        assertEquals(2, list.out().lines().filter(l -> l.contains("ORPHAN_FILE")).count(), list.out());
        assertEquals(0, Vidstore.run("check", "--store", store.toString()).exit(), "the quarantine is no orphan");

        Vidstore.Result purge = Vidstore.run("quarantine", "--purge", "--store", store.toString());
        assertEquals(0, purge.exit(), purge.err());
        assertTrue(purge.out().contains("purged 2 files"), purge.out());
        try (Stream<Path> walk = Files.walk(quarantine)) {
            assertEquals(0, walk.filter(Files::isRegularFile).count());
        }
        assertTrue(Vidstore.run("quarantine", "--store", store.toString()).out().contains("0 files"));
    }

    private static List<Path> mediaFiles(Path store) throws Exception {
        try (Stream<Path> walk = Files.walk(store.resolve("media"))) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
