package io.vidstore.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.testing.TestStreams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The constant-memory promise, end to end: a video larger than 2 GiB is saved and read back in a
 * JVM whose whole heap is 64 MiB, with the default 8 MiB chunks.
 */
class SmallHeapTest {

    /** Over 2 GiB and not a multiple of any chunk size. Override with -Dvidstore.largeSize. */
    private static final long SIZE = Long.getLong("vidstore.largeSize", (2L << 30) + 12_345);
    private static final long SEED = 42;

    @TempDir
    Path dir;

    @Test
    void multiGigabyteVideoRoundTripsIn64MiBOfHeap() throws Exception {
        Path log = dir.resolve("child.log");
        Process child = ChildJvm.start(log, LargeRoundTrip.class, dir.resolve("store").toString(),
                Long.toString(SIZE), Long.toString(SEED));
        String expected = TestStreams.sha256(SIZE, SEED);
        boolean finished = child.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "the round trip did not finish in 10 minutes:\n" + output);
        assertEquals(0, child.exitValue(), output);

        Map<String, String> values = parse(output);
        assertEquals(Long.toString(SIZE), values.get("size"), output);
        assertEquals(expected, values.get("saved"), output);
        assertEquals(expected, values.get("stream"), output);
        assertEquals(Long.toString(SIZE), values.get("transferred"), output);
        assertEquals(expected, values.get("transfer"), output);
        assertTrue(Long.parseLong(values.get("maxHeap")) <= 64L << 20, output);
    }

    private static Map<String, String> parse(String output) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return values;
    }
}
