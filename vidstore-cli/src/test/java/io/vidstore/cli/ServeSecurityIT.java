package io.vidstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vidstore serve} as a user starts it: read-only unless uploads are allowed, uploads within
 * {@code --max-upload}, CORS for the origins named with {@code --cors}, and an access log line per
 * request on stderr.
 */
class ServeSecurityIT {

    @TempDir
    Path dir;

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    String store() {
        return dir.resolve("store").toString();
    }

    /** Starts serve with the arguments; returns the process and its base URL. */
    record Server(Process process, String base, Path err) implements AutoCloseable {
        @Override
        public void close() {
            process.destroy();
            try {
                assertTrue(process.waitFor(30, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    Server serve(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("serve", "--port", "0", "--store", store()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "serve", ".err");
        Process p = Vidstore.command(command.toArray(String[]::new)).redirectError(err.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String base = out.readLine();
        if (base == null) {
            p.waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("serve did not start: " + Files.readString(err));
        }
        return new Server(p, base, err);
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String putClip() throws Exception {
        Path clip = dir.resolve("clip.mp4");
        Files.write(clip, new byte[5000]);
        Vidstore.Result put = Vidstore.run("put", clip.toString(), "--store", store());
        assertEquals(0, put.exit(), put.err());
        return put.id();
    }

    @Test
    void serveIsReadOnlyByDefaultAndLogsEachRequest() throws Exception {
        String id = putClip();
        Server server = serve();
        try (server) {
            HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(server.base() + "/" + id)));
            assertEquals(200, get.statusCode());
            HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(server.base() + "?filename=x.mp4"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100])));
            assertEquals(405, post.statusCode(), post.body());
            assertEquals("", post.headers().firstValue("Allow").orElse(null));
        }
        String log = Files.readString(server.err());
        assertTrue(Pattern.compile("127\\.0\\.0\\.1 GET /media/" + Pattern.quote(id) + " 200 5000 \\d+ ms")
                .matcher(log).find(), log);
        assertTrue(Pattern.compile("127\\.0\\.0\\.1 POST /media 405 \\d+ \\d+ ms").matcher(log).find(), log);
        Vidstore.Result ls = Vidstore.run("ls", "--store", store());
        assertEquals(0, ls.exit(), ls.err());
        assertTrue(!ls.out().contains("x.mp4"), ls.out());
    }

    @Test
    void uploadsNeedAllowUploadsAndStayWithinMaxUpload() throws Exception {
        putClip();
        try (Server server = serve("--allow-uploads", "--max-upload", "1K", "--cors", "https://app.example.com")) {
            HttpResponse<String> big = send(HttpRequest.newBuilder(URI.create(server.base() + "?filename=big.mp4"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1025])));
            assertEquals(413, big.statusCode(), big.body());
            HttpResponse<String> small = send(HttpRequest.newBuilder(URI.create(server.base() + "?filename=small.mp4"))
                    .header("Origin", "https://app.example.com")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024])));
            assertEquals(201, small.statusCode(), small.body());
            assertEquals("https://app.example.com", small.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

            HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create(server.base()))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://app.example.com")
                    .header("Access-Control-Request-Method", "PUT"));
            assertEquals(204, preflight.statusCode(), preflight.body());
            assertEquals("POST, PUT", preflight.headers().firstValue("Access-Control-Allow-Methods").orElse(null));
            HttpResponse<String> stranger = send(HttpRequest.newBuilder(URI.create(server.base()))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://elsewhere.example")
                    .header("Access-Control-Request-Method", "PUT"));
            assertEquals(403, stranger.statusCode());
        }
    }

    @Test
    void badServeOptionsAreUsageErrors() throws Exception {
        putClip();
        Vidstore.Result noUploads = Vidstore.run("serve", "--max-upload", "1M", "--store", store());
        assertEquals(2, noUploads.exit(), noUploads.err());
        assertTrue(noUploads.err().contains("--max-upload needs --allow-uploads"), noUploads.err());
        Vidstore.Result badSize = Vidstore.run("serve", "--allow-uploads", "--max-upload", "lots", "--store", store());
        assertEquals(2, badSize.exit(), badSize.err());
        assertTrue(badSize.err().contains("'lots' is not a size"), badSize.err());
        Vidstore.Result badOrigin = Vidstore.run("serve", "--cors", "https://app.example.com/path", "--store", store());
        assertEquals(2, badOrigin.exit(), badOrigin.err());
        assertTrue(badOrigin.err().contains("cors origin"), badOrigin.err());
    }
}
