package io.vidstore.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaContent;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes, and several threads in one of them, saving into one store directory at once. */
class MultiProcessTest {

    private static final int PER_WRITER = 48;

    @TempDir
    Path dir;

    @Test
    void twoProcessesShareOneStore() throws Exception {
        Path store = dir.resolve("store");
        Path log = dir.resolve("child.log");
        SqliteMediaStore.open(store).close();
        Process child = ChildJvm.start(log, ConcurrentWriter.class, store.toString(),
                Integer.toString(PER_WRITER), "1000");

        Map<String, String> expected = new HashMap<>();
        try (SqliteMediaStore parent = SqliteMediaStore.builder(store).chunkSize(64 << 10).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<StoredMedia>>> writers = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> {
                        List<StoredMedia> saved = new ArrayList<>();
                        for (int i = 0; i < PER_WRITER / 4; i++) {
                            saved.add(ConcurrentWriter.saveOne(parent, "parent", i, 1L + writer * 100 + i));
                        }
                        return saved;
                    }));
                }
                for (Future<List<StoredMedia>> f : writers) {
                    for (StoredMedia m : f.get(5, TimeUnit.MINUTES)) {
                        expected.put(m.id().value(), m.sha256().orElseThrow());
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the child process did not finish");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);
        for (String line : output.split("\n")) {
            String[] kv = line.split("=");
            if (kv.length == 2 && kv[1].matches("[0-9a-f]{64}")) {
                expected.put(kv[0], kv[1]);
            }
        }
        assertEquals(2 * PER_WRITER, expected.size(), output);

        try (SqliteMediaStore reopened = SqliteMediaStore.open(store)) {
            List<StoredMedia> all = new ArrayList<>(reopened.list("parent"));
            all.addAll(reopened.list("child"));
            assertEquals(expected.size(), all.size());
            for (StoredMedia m : all) {
                try (MediaContent content = reopened.open(m.id()); InputStream in = content.inputStream()) {
                    assertEquals(expected.get(m.id().value()), TestStreams.sha256Hex(in), m.toString());
                }
            }
        }
    }
}
