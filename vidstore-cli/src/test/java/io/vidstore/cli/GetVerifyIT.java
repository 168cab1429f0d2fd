package io.vidstore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vidstore get} checks the SHA-256 before the output file is renamed into place. */
class GetVerifyIT {

    @TempDir
    Path dir;

    private String store() {
        return dir.resolve("store").toString();
    }

    private Path file(String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    private Map<String, Object> stat(String id) {
        Vidstore.Result stat = Vidstore.run("stat", id, "--json", "--store", store());
        assertEquals(0, stat.exit(), stat.err());
        return JsonReader.object(stat.out());
    }

    private void sql(String statement, Object... values) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store/vidstore.db"));
                PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            assertEquals(1, ps.executeUpdate());
        }
    }

    /** Everything in the output's directory but the test's own inputs and the store. */
    private List<String> outputs() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("out") || n.startsWith(".vidstore-get-")).sorted().toList();
        }
    }

    private void assertRefused(Vidstore.Result get, String id, String expected) throws IOException {
        assertEquals(1, get.exit(), get.out() + get.err());
        List<String> lines = get.err().lines().toList();
        assertEquals(1, lines.size(), get.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("vidstore get: "), line);
        assertTrue(line.contains("'" + id + "'"), line);
        assertTrue(line.contains("should have SHA-256 " + expected + " but has "), line);
        assertTrue(line.matches(".* but has [0-9a-f]{64}\\b.*"), line);
        assertFalse(line.contains(" but has " + expected), line);
        assertEquals(List.of(), outputs(), "no output file and no temporary file is left");
    }

    @Test
    void aFileChangedOnDiskWithTheSameSizeIsRefusedUnlessNoVerify() throws Exception {
        Path source = file("a.bin", 300_000);
        String id = Vidstore.run("put", source.toString(), "--store", store()).id();
        Map<String, Object> stat = stat(id);
        assertEquals("file", stat.get("storage"));
        Path stored = Path.of((String) stat.get("path"));
        try (FileChannel c = FileChannel.open(stored, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap(new byte[] {0x55, 0x66}), 123_456);
        }
        assertEquals(300_000, Files.size(stored));
        Path out = dir.resolve("out.bin");

        assertRefused(Vidstore.run("get", id, "-o", out.toString(), "--store", store()), id, (String) stat.get("sha256"));

        Vidstore.Result unchecked = Vidstore.run("get", id, "-o", out.toString(), "--no-verify", "--store", store());
        assertEquals(0, unchecked.exit(), unchecked.err());
        assertEquals("", unchecked.err());
        assertArrayEquals(Files.readAllBytes(stored), Files.readAllBytes(out));

        Vidstore.Result stdout = Vidstore.run("get", id, "--store", store());
        assertEquals(1, stdout.exit(), "standard output: the exit code tells");
        assertTrue(stdout.err().contains("should have SHA-256"), stdout.err());
    }

    @Test
    void aBlobChangedInTheDatabaseIsRefused() throws Exception {
        String id = Vidstore.run("put", file("notes.txt", 200).toString(), "--type", "text/plain",
                "--store", store()).id();
        Map<String, Object> stat = stat(id);
        assertEquals("database", stat.get("storage"));
        byte[] other = new byte[200];
        new Random(1).nextBytes(other);
        sql("UPDATE files SET data = ? WHERE id = ?", other, id);

        assertRefused(Vidstore.run("get", id, "-o", dir.resolve("out.txt").toString(), "--store", store()), id,
                (String) stat.get("sha256"));
    }

    @Test
    void intactContentAndRangesAreWrittenWithoutANote() throws Exception {
        Path source = file("a.bin", 300_000);
        String id = Vidstore.run("put", source.toString(), "--store", store()).id();
        Path out = dir.resolve("out.bin");
        Vidstore.Result get = Vidstore.run("get", id, "-o", out.toString(), "--store", store());
        assertEquals(0, get.exit(), get.err());
        assertEquals("", get.err());
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(out));
        Vidstore.Result range = Vidstore.run("get", id, "-o", out.toString(), "--range", "10-19", "--store", store());
        assertEquals(0, range.exit(), range.err());
        assertEquals("", range.err());
        assertEquals(10, Files.size(out));
    }

    @Test
    void aLegacyRowWithoutSha256IsWrittenWithANote() throws Exception {
        Path source = file("a.bin", 100_000);
        String id = Vidstore.run("put", source.toString(), "--store", store()).id();
        sql("UPDATE files SET sha256 = NULL WHERE id = ?", id);
        Path out = dir.resolve("out.bin");

        Vidstore.Result get = Vidstore.run("get", id, "-o", out.toString(), "--store", store());

        assertEquals(0, get.exit(), get.err());
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(out));
        List<String> lines = get.err().lines().toList();
        assertEquals(1, lines.size(), get.err());
        assertTrue(lines.get(0).contains("'" + id + "'") && lines.get(0).contains("without verification"),
                lines.get(0));
    }
}
