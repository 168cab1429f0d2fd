package io.vidstore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vidstore serve}: the real jar serves uploads and ranges over HTTP until it is stopped. */
class ServeIT {

    @TempDir
    Path dir;

    @Test
    void servesUploadsAndRangesUntilStopped() throws Exception {
        Path err = dir.resolve("serve.err");
        Process server = Vidstore.command("serve", "--port", "0", "--allow-uploads", "--store",
                dir.resolve("store").toString())
                .redirectError(err.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String base = out.readLine();
            assertTrue(base != null && base.matches("http://127\\.0\\.0\\.1:\\d+/media"), "first line: " + base);
            byte[] video = new byte[300_000];
            new Random(7).nextBytes(video);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

            HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(base + "?filename=clip.mp4&project=p"))
                    .header("Content-Type", "video/mp4").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(video)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            String location = created.headers().firstValue("Location").orElseThrow();

            HttpResponse<byte[]> part = client.send(HttpRequest.newBuilder(URI.create(base).resolve(location))
                    .header("Range", "bytes=1000-1999").timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, part.statusCode());
            assertArrayEquals(Arrays.copyOfRange(video, 1000, 2000), part.body());
        } finally {
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
        }
        // serve turns on TCP_NODELAY itself, so MediaHttpHandler has nothing to warn about.
        String log = Files.readString(err);
        assertFalse(log.contains("sun.net.httpserver.nodelay"), log);
        Vidstore.Result ls = Vidstore.run("ls", "--project", "p", "--store", dir.resolve("store").toString());
        assertEquals(0, ls.exit(), ls.err());
        assertTrue(ls.out().contains("clip.mp4"), ls.out());
    }
}
