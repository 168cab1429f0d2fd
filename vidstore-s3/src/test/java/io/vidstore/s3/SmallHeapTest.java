package io.vidstore.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.testing.TestStreams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The constant-memory promise on object storage: more than 1 GiB is uploaded and read back in a
 * JVM whose whole heap is 128 MiB, once of unknown length (with 8 MiB parts), once of declared
 * length (streamed as the body of one {@code PutObject}).
 */
class SmallHeapTest extends WithTestServers {

    /** Over 1 GiB and not a multiple of the part size. Override with -Dvidstore.s3.largeSize. */
    private static final long SIZE = Long.getLong("vidstore.s3.largeSize", (1L << 30) + 12_345);
    private static final long SEED = 7;

    @TempDir
    Path dir;
    @Test
    void gigabyteOfUnknownLengthRoundTripsIn128MiBOfHeap() throws Exception {
        HeadObjectResponse head = roundTrip(List.of());
        assertTrue(head.eTag().contains("-"), "a multipart ETag ends with -<parts>: " + head.eTag());
    }

    @Test
    void gigabyteOfDeclaredLengthStreamsAsOnePutIn128MiBOfHeap() throws Exception {
        HeadObjectResponse head = roundTrip(List.of("declared"));
        assertFalse(head.eTag().contains("-"), "a single PutObject's ETag: " + head.eTag());
    }

    /** Runs {@link LargeRoundTrip}, checks what it saw, and returns the head of the one object. */
    private HeadObjectResponse roundTrip(List<String> extra) throws Exception {
        Path log = dir.resolve("child.log");
        List<String> args = new ArrayList<>(servers.childArgs());
        args.addAll(List.of(Long.toString(SIZE), Long.toString(SEED)));
        args.addAll(extra);
        Process child = ChildJvm.of("128m", LargeRoundTrip.class, args).redirectOutput(log.toFile()).start();
        String expected = TestStreams.sha256(SIZE, SEED);
        boolean finished = child.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "the round trip did not finish in 10 minutes:\n" + output);
        assertEquals(0, child.exitValue(), output);

        Map<String, String> values = new HashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        assertEquals(Long.toString(SIZE), values.get("size"), output);
        assertEquals(expected, values.get("saved"), output);
        assertEquals(expected, values.get("stream"), output);
        assertTrue(Long.parseLong(values.get("maxHeap")) <= 128L << 20, output);

        var objects = TestServers.objects(servers.bucket);
        assertEquals(1, objects.size(), objects.toString());
        HeadObjectResponse head = TestServers.s3().headObject(b -> b.bucket(servers.bucket)
                .key(objects.get(0).key()));
        assertEquals(SIZE, head.contentLength());
        assertEquals(List.of(), TestServers.s3().listMultipartUploads(b -> b.bucket(servers.bucket)).uploads());
        return head;
    }
}
