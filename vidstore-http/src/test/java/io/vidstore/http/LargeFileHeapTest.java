package io.vidstore.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serving a 1 GiB video does not need heap in proportion: a server JVM limited to 64 MiB of heap
 * serves all of it, and a range at its end, correctly.
 */
class LargeFileHeapTest {

    private static final long SIZE = 1L << 30;
    private static final int BLOCK = 1 << 16;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aServerWith64MiBOfHeapServesA1GiBVideo() throws Exception {
        byte[] block = new byte[BLOCK];
        new Random(7).nextBytes(block);
        StoredMedia media;
        try (SqliteMediaStore store = SqliteMediaStore.open(dir)) {
            media = store.save(MediaUpload.of(null, "big.mp4", "video/mp4"), new RepeatingStream(block, SIZE));
        }
        assertEquals(SIZE, media.size());

        Process server = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"),
                HeapBoundServer.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("port "), "server said: " + first);
            URI uri = URI.create("http://127.0.0.1:" + first.substring(5) + "/media/" + media.id().value());
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            HttpResponse<InputStream> whole = client.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, whole.statusCode());
            assertEquals(List.of(Long.toString(SIZE)), whole.headers().allValues("Content-Length"));
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long read = 0;
            try (InputStream body = whole.body()) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = body.read(buffer)) > 0) {
                    sha256.update(buffer, 0, n);
                    read += n;
                }
            }
            assertEquals(SIZE, read);
            assertEquals(media.sha256().orElseThrow(), HexFormat.of().formatHex(sha256.digest()));

            HttpResponse<byte[]> tail = client.send(HttpRequest.newBuilder(uri)
                    .header("Range", "bytes=-" + BLOCK).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, tail.statusCode());
            assertEquals("bytes " + (SIZE - BLOCK) + "-" + (SIZE - 1) + "/" + SIZE,
                    tail.headers().firstValue("Content-Range").orElseThrow());
            assertArrayEquals(block, tail.body());

            server.getOutputStream().close();
            String last = out.readLine();
            assertTrue(last != null && last.startsWith("peak-heap "), "server said: " + last);
            // -Xmx64m is the bound; the peak is printed for whoever reads the test log.
            System.out.println("server peak heap while serving 1 GiB: " + last.substring(10) + " bytes");
            assertTrue(server.waitFor(1, TimeUnit.MINUTES), "the server did not exit");
            assertEquals(0, server.exitValue());
        } finally {
            server.destroyForcibly();
        }
    }

    /** {@code size} bytes made of one block repeated. */
    private static final class RepeatingStream extends InputStream {
        private final byte[] block;
        private long left;

        RepeatingStream(byte[] block, long size) {
            this.block = block;
            this.left = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            long position = SIZE - left;
            int at = (int) (position % block.length);
            int n = (int) Math.min(Math.min(len, block.length - at), left);
            System.arraycopy(block, at, b, off, n);
            left -= n;
            return n;
        }
    }
}
