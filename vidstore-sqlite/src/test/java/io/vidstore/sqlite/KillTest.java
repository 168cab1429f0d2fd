package io.vidstore.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaContent;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing partial, nothing lost, under SIGKILL: a child JVM saves and deletes media in a loop and is
 * killed at random moments; after each kill the store reopens, every listed media reads back with
 * its recorded SHA-256, and no file remains that no row references.
 */
class KillTest {

    private static final int KILLS = Integer.getInteger("vidstore.kills", 30);
    private static final long SEED = Long.getLong("vidstore.killSeed", 20261125L);

    @TempDir
    Path dir;

    @Test
    void killedWritersLeaveAConsistentStore() throws Exception {
        Path store = dir.resolve("store");
        Random random = new Random(SEED);
        Set<String> verified = new HashSet<>();
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = ChildJvm.of(CrashingWriter.class, store.toString(),
                    Long.toString(random.nextLong())).start();
            try {
                BufferedReader out = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String first = out.readLine();
                assertEquals("ready", first, "the writer did not start (seed " + SEED + ", kill " + kill + ")");
                Thread.sleep(50 + random.nextInt(1200));
                assertTrue(child.isAlive(), "the writer died by itself (seed " + SEED + ", kill " + kill + ")");
            } finally {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the writer did not die");
            }

            try (SqliteMediaStore reopened = SqliteMediaStore.open(store)) {
                for (StoredMedia media : reopened.list("crash")) {
                    if (verified.add(media.id().value())) {
                        try (MediaContent content = reopened.open(media.id()); InputStream in = content.inputStream()) {
                            assertEquals(media.sha256().orElseThrow(), TestStreams.sha256Hex(in),
                                    "content of " + media + " after kill " + kill + " (seed " + SEED + ")");
                        }
                    }
                }
                ConsistencyReport report = reopened.check(false);
                assertEquals(List.of(), report.findings(), "after kill " + kill + " (seed " + SEED + ")");
            }
            try (Stream<Path> temp = Files.list(store.resolve("tmp"))) {
                assertEquals(List.of(), temp.toList(), "recovery on open leaves no temp file");
            }
        }
        try (SqliteMediaStore reopened = SqliteMediaStore.open(store)) {
            ConsistencyReport deep = reopened.check(true);
            assertEquals(List.of(), deep.findings());
            assertTrue(deep.rowsChecked() > 0, "the writers saved something");
        }
    }
}
