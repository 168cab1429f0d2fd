package io.vidstore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user runs them: output, JSON, exit codes and error lines. */
class CommandLineIT {

    @TempDir
    Path dir;

    private String store() {
        return dir.resolve("store").toString();
    }

    private Path file(String name, int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void jsonOfPutLsAndStatParsesAndAgrees() throws Exception {
        Path clip = file("clip \"one\" é.bin", 100_000);
        Vidstore.Result put = Vidstore.run("put", clip.toString(), "--project", "p1", "--json", "--store", store());
        assertEquals(0, put.exit(), put.err());
        Map<String, Object> saved = JsonReader.object(put.out());
        assertEquals("clip \"one\" é.bin", saved.get("filename"));
        assertEquals("p1", saved.get("projectId"));
        assertEquals(100_000L, saved.get("size"));
        Vidstore.Result small = Vidstore.run("put", file("notes.txt", 100).toString(), "--type", "text/plain",
                "--store", store());
        assertEquals(0, small.exit(), small.err());

        Vidstore.Result ls = Vidstore.run("ls", "--json", "--store", store());
        assertEquals(0, ls.exit(), ls.err());
        List<?> all = (List<?>) JsonReader.parse(ls.out());
        assertEquals(2, all.size(), ls.out());
        Vidstore.Result lsP1 = Vidstore.run("ls", "--project", "p1", "--json", "--store", store());
        assertEquals(List.of(saved), JsonReader.parse(lsP1.out()));

        Vidstore.Result stat = Vidstore.run("stat", (String) saved.get("id"), "--json", "--store", store());
        assertEquals(0, stat.exit(), stat.err());
        Map<String, Object> described = JsonReader.object(stat.out());
        assertEquals(saved.get("sha256"), described.get("sha256"));
        assertEquals("file", described.get("storage"));
        assertTrue(Files.isRegularFile(Path.of((String) described.get("path"))));
        Map<String, Object> smallStat = JsonReader.object(
                Vidstore.run("stat", small.id(), "--json", "--store", store()).out());
        assertEquals("database", smallStat.get("storage"));
        assertEquals("", stat.err());
    }

    @Test
    void getWritesAFileOrARange() throws Exception {
        Path source = file("a.bin", 300_000);
        String id = Vidstore.run("put", source.toString(), "--store", store()).id();
        Path copy = dir.resolve("copy.bin");
        assertEquals(0, Vidstore.run("get", id, "-o", copy.toString(), "--store", store()).exit());
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(copy));
        Path part = dir.resolve("part.bin");
        assertEquals(0, Vidstore.run("get", id, "-o", part.toString(), "--range", "1000-1999", "--store", store()).exit());
        byte[] all = Files.readAllBytes(source);
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 1000, 2000), Files.readAllBytes(part));
        assertEquals(0, Vidstore.run("rm", id, "--store", store()).exit());
        assertEquals(3, Vidstore.run("rm", id, "--store", store()).exit());
    }

    @Test
    void badInputGetsOneClearLineAndItsExitCode() throws Exception {
        String id = Vidstore.run("put", file("a.bin", 1000).toString(), "--store", store()).id();

        Vidstore.Result missing = Vidstore.run("put", dir.resolve("nope.mp4").toString(), "--store", store());
        assertError(missing, 1, "no such file: " + dir.resolve("nope.mp4"));

        Vidstore.Result unknown = Vidstore.run("get", "no-such-id", "--store", store());
        assertError(unknown, 3, "no-such-id");
        assertError(Vidstore.run("stat", "no-such-id", "--store", store()), 3, "no-such-id");

        assertError(Vidstore.run("get", id, "--range", "abc", "--store", store()), 2, "'abc' is not a byte range");
        assertError(Vidstore.run("get", id, "--range", "9-2", "--store", store()), 2, "--range");
        assertError(Vidstore.run("get", id, "--range", "5000-", "--store", store()), 1, "bytes=5000-");

        Path regularFile = Files.writeString(dir.resolve("plain-file"), "x");
        Vidstore.Result unwritable = Vidstore.run("put", file("b.bin", 10).toString(),
                "--store", regularFile.resolve("store").toString());
        assertError(unwritable, 1, regularFile.resolve("store").toString());

        assertError(Vidstore.run("frobnicate"), 2, "frobnicate");
        assertError(Vidstore.run("get", "--store", store()), 2, "ID");
    }

    @Test
    void verboseAddsTheStackTrace() throws Exception {
        // Only put creates a store; get on a missing one fails before it looks for the id.
        assertEquals(0, Vidstore.run("put", file("a.bin", 1000).toString(), "--store", store()).exit());
        Vidstore.Result r = Vidstore.run("get", "no-such-id", "--verbose", "--store", store());
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("NoSuchMediaException") && r.err().contains("\tat "), r.err());
    }

    private static void assertError(Vidstore.Result r, int exit, String mentioned) {
        assertEquals(exit, r.exit(), r.err());
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("vidstore"), r.err());
        assertTrue(lines.get(0).contains(mentioned), r.err());
        assertFalse(lines.get(0).contains("\tat "), r.err());
    }

    @Test
    void checkRepairRemovesTheOrphanAndReportsTheLostFile() throws Exception {
        String keep = Vidstore.run("put", file("keep.bin", 200_000).toString(), "--store", store()).id();
        String lose = Vidstore.run("put", file("lose.bin", 300_000).toString(), "--store", store()).id();
        assertEquals(0, Vidstore.run("check", "--store", store()).exit());

        Path lost = Path.of((String) JsonReader.object(
                Vidstore.run("stat", lose, "--json", "--store", store()).out()).get("path"));
        Files.delete(lost);
        Path orphan = Files.createDirectories(dir.resolve("store/media/0f"))
                .resolve("0f0f0f0f-0000-4000-8000-000000000000.bin");
        Files.write(orphan, new byte[1234]);

        Vidstore.Result check = Vidstore.run("check", "--store", store());
        assertEquals(1, check.exit(), check.out() + check.err());
        assertTrue(check.out().contains("CONTENT_MISSING " + lose), check.out());
        assertTrue(check.out().contains("ORPHAN_FILE"), check.out());
        assertTrue(Files.exists(orphan));

        Vidstore.Result repair = Vidstore.run("check", "--repair", "--store", store());
        assertEquals(1, repair.exit(), repair.out() + repair.err());
        assertTrue(repair.out().lines().anyMatch(l -> l.startsWith("ORPHAN_FILE") && l.endsWith("[repaired]")),
                repair.out());
        assertTrue(repair.out().lines().anyMatch(l -> l.startsWith("CONTENT_MISSING") && !l.endsWith("[repaired]")),
                repair.out());
        assertFalse(Files.exists(orphan));

        assertEquals(0, Vidstore.run("rm", lose, "--store", store()).exit());
        Vidstore.Result clean = Vidstore.run("check", "--deep", "--store", store());
        assertEquals(0, clean.exit(), clean.out());
        assertTrue(clean.out().contains("consistent"), clean.out());
        assertEquals(0, Vidstore.run("stat", keep, "--store", store()).exit());
    }

    @Test
    void migrateLegacyMovesOldVideoBlobsToFiles() throws Exception {
        Path db = dir.resolve("old-app.db");
        byte[] video = new byte[200_000];
        new Random(7).nextBytes(video);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE files (id TEXT PRIMARY KEY, project_id TEXT, filename TEXT NOT NULL,"
                        + " content_type TEXT, data BLOB, created_at TEXT NOT NULL)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)")) {
                insert(ps, "11111111-1111-1111-1111-111111111111", "old.mp4", "video/mp4", video);
                insert(ps, "22222222-2222-2222-2222-222222222222", "old.srt", "application/x-subrip",
                        "1\n00:00:00,000 --> 00:00:01,000\nhi\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        String videoId = "11111111-1111-1111-1111-111111111111";
        String storeDir = dir.resolve("store").toString();

        Vidstore.Result dry = Vidstore.run("migrate-legacy", "--dry-run", "--store", storeDir, "--database", db.toString());
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(dry.out().contains("would move " + videoId + " old.mp4 (200000 bytes)"), dry.out());
        assertFalse(dry.out().contains("2222"), dry.out());
        assertTrue(dry.out().contains("1 media"), dry.out());
        assertEquals("database", JsonReader.object(Vidstore.run("stat", videoId, "--json", "--store", storeDir,
                "--database", db.toString()).out()).get("storage"));

        Vidstore.Result run = Vidstore.run("migrate-legacy", "--vacuum", "--store", storeDir, "--database", db.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("moved 1 media"), run.out());
        Map<String, Object> after = JsonReader.object(Vidstore.run("stat", videoId, "--json", "--store", storeDir,
                "--database", db.toString()).out());
        assertEquals("file", after.get("storage"));
        Path copy = dir.resolve("copy.mp4");
        assertEquals(0, Vidstore.run("get", videoId, "-o", copy.toString(), "--store", storeDir,
                "--database", db.toString()).exit());
        assertArrayEquals(video, Files.readAllBytes(copy));
        assertTrue(Vidstore.run("migrate-legacy", "--dry-run", "--store", storeDir, "--database", db.toString())
                .out().contains("0 media"));
    }

    private static void insert(PreparedStatement ps, String id, String name, String type, byte[] data)
            throws Exception {
        ps.setString(1, id);
        ps.setString(2, "legacy");
        ps.setString(3, name);
        ps.setString(4, type);
        ps.setBytes(5, data);
        ps.setString(6, "2020-01-01 12:00:00");
        ps.executeUpdate();
    }
}
