package io.vidstore.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.NoSuchMediaException;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded soak: 8 writers, 8 readers and a deleter on one store, and a second process writing to
 * it too. No error may reach a caller, every read must match its checksum, and the rows and files
 * must agree at the end. Runs for {@code vidstore.soakSeconds} (default 20).
 */
class SoakTest {

    private static final long SECONDS = Long.getLong("vidstore.soakSeconds", 20);

    @TempDir
    Path dir;

    @Test
    void writersReadersAndADeleterInTwoProcesses() throws Exception {
        Path storeDir = dir.resolve("store");
        Map<MediaId, String> live = new ConcurrentHashMap<>();
        Set<MediaId> deleted = ConcurrentHashMap.newKeySet();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);

        try (SqliteMediaStore store = SqliteMediaStore.builder(storeDir).chunkSize(64 << 10)
                .inlineLimit(16 << 10).build()) {
            Path log = dir.resolve("child.log");
            Process child = ChildJvm.start(log, ConcurrentWriter.class, storeDir.toString(), "150", "7000");

            ExecutorService pool = Executors.newFixedThreadPool(17);
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                tasks.add(pool.submit(() -> loop(deadline, errors, i -> {
                    StoredMedia m = ConcurrentWriter.saveOne(store, "soak", i, writer * 1_000_000L + i);
                    live.put(m.id(), m.sha256().orElseThrow());
                })));
            }
            for (int r = 0; r < 8; r++) {
                tasks.add(pool.submit(() -> loop(deadline, errors, i -> {
                    List<MediaId> ids = new ArrayList<>(live.keySet());
                    if (ids.isEmpty()) {
                        return;
                    }
                    MediaId id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                    String expected = live.get(id);
                    if (expected == null) {
                        return;
                    }
                    try (MediaContent content = store.open(id); InputStream in = content.inputStream()) {
                        assertEquals(expected, TestStreams.sha256Hex(in), "content of " + id);
                    } catch (NoSuchMediaException e) {
                        assertTrue(deleted.contains(id), "media " + id + " vanished without a delete");
                    }
                })));
            }
            tasks.add(pool.submit(() -> loop(deadline, errors, i -> {
                List<MediaId> ids = new ArrayList<>(live.keySet());
                if (ids.size() > 10) {
                    MediaId id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                    deleted.add(id);
                    live.remove(id);
                    assertTrue(store.delete(id), "delete of " + id);
                }
                Thread.sleep(20);
            })));
            for (Future<?> task : tasks) {
                task.get(SECONDS + 120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the second process did not finish");
            assertEquals(0, child.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            assertEquals(List.of(), errors);

            Set<MediaId> listed = store.list("soak").stream().map(StoredMedia::id).collect(Collectors.toSet());
            assertEquals(live.keySet(), listed);
            assertEquals(150, store.list("child").size());
            ConsistencyReport report = store.check(true);
            assertEquals(List.of(), report.findings());
            assertTrue(live.size() > 50, "the soak saved too little to mean anything: " + live.size());
        }
    }

    @FunctionalInterface
    private interface Step {
        void run(int iteration) throws Exception;
    }

    private static void loop(long deadline, List<Throwable> errors, Step step) {
        for (int i = 0; System.nanoTime() < deadline && errors.isEmpty(); i++) {
            try {
                step.run(i);
            } catch (Throwable t) {
                errors.add(t);
            }
        }
    }
}
