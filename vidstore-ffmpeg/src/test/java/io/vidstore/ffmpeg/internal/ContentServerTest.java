package io.vidstore.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaUpload;
import io.vidstore.ffmpeg.NoLocalFileStore;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The loopback server that gives ffmpeg media without a file, spoken to over plain sockets. */
class ContentServerTest {

    private static final int SIZE = 4 << 20;

    @TempDir
    Path dir;

    private final byte[] bytes = new byte[SIZE];
    private NoLocalFileStore store;
    private MediaContent content;
    private ContentServer server;
    private URI uri;

    /** A response: status, headers with lower-case names, and the body up to the connection's end. */
    private record Response(int status, Map<String, String> headers, byte[] body) {
    }

    @BeforeEach
    void start() throws IOException {
        new Random(42).nextBytes(bytes);
        store = new NoLocalFileStore(SqliteMediaStore.builder(dir.resolve("store")).build());
        MediaId id = store.save(MediaUpload.of("p", "data.bin", "application/octet-stream"),
                new ByteArrayInputStream(bytes)).id();
        content = store.open(id);
        server = ContentServer.start();
        uri = URI.create(server.serve(content, ".bin").url());
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (content != null) {
            content.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private Response get(String path, String... headers) throws IOException {
        return send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + String.join("", headers) + "\r\n");
    }

    private Response send(String request) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            // Connection: close, so the response ends with the connection.
            byte[] all = socket.getInputStream().readAllBytes();
            int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            Map<String, String> h = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                h.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            return new Response(Integer.parseInt(lines[0].split(" ")[1]), h,
                    Arrays.copyOfRange(all, end + 4, all.length));
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no end of headers in " + new String(haystack, StandardCharsets.ISO_8859_1));
    }

    @Test
    void theUrlIsOnLoopbackWithAnUnguessablePath() {
        assertEquals("127.0.0.1", uri.getHost());
        assertTrue(uri.getPath().matches("/[A-Za-z0-9_-]{43}\\.bin"), uri.getPath());
        assertNotEquals(uri.toString(), server.serve(content, ".bin").url());
    }

    @Test
    void aGetWithoutRangeSendsTheWholeContent() throws IOException {
        Response r = get(uri.getPath());
        assertEquals(200, r.status());
        assertEquals(Integer.toString(SIZE), r.headers().get("content-length"));
        assertEquals("bytes", r.headers().get("accept-ranges"));
        assertEquals("close", r.headers().get("connection"));
        assertArrayEquals(bytes, r.body());
    }

    @Test
    void rangesAreServedAsPartialContent() throws IOException {
        Response middle = get(uri.getPath(), "Range: bytes=100-199\r\n");
        assertEquals(206, middle.status());
        assertEquals("bytes 100-199/" + SIZE, middle.headers().get("content-range"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 100, 200), middle.body());

        Response rest = get(uri.getPath(), "range:  bytes=1000- \r\n");
        assertEquals(206, rest.status());
        assertEquals("bytes 1000-" + (SIZE - 1) + "/" + SIZE, rest.headers().get("content-range"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 1000, SIZE), rest.body());

        Response past = get(uri.getPath(), "Range: bytes=" + (SIZE - 1) + "-999999999999999999\r\n");
        assertEquals(206, past.status());
        assertArrayEquals(new byte[] {bytes[SIZE - 1]}, past.body());
    }

    @Test
    void aRangeStartingAfterTheEndIsUnsatisfiable() throws IOException {
        Response r = get(uri.getPath(), "Range: bytes=" + SIZE + "-\r\n");
        assertEquals(416, r.status());
        assertEquals("bytes */" + SIZE, r.headers().get("content-range"));
        assertEquals(0, r.body().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=5-1", "bytes=-5", "bytes=abc", "items=0-1", "bytes=0-1,5-6",
        "bytes=99999999999999999999-"})
    void otherRangesAreIgnored(String range) throws IOException {
        Response r = get(uri.getPath(), "Range: " + range + "\r\n");
        assertEquals(200, r.status());
        assertArrayEquals(bytes, r.body());
    }

    @Test
    void anUnknownOrWithdrawnPathIsNotFound() throws IOException {
        assertEquals(404, get("/nothing.bin").status());
        assertEquals(404, get(uri.getPath().replace(".bin", ".mp4")).status());

        ContentServer.Registration other = server.serve(content, "");
        String path = URI.create(other.url()).getPath();
        assertEquals(206, get(path, "Range: bytes=0-0\r\n").status());
        other.close();
        assertEquals(404, get(path).status());
    }

    @Test
    void onlyGetIsAllowed() throws IOException {
        Response r = send("POST " + uri.getPath() + " HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        assertEquals(405, r.status());
        assertEquals("GET", r.headers().get("allow"));
    }

    @Test
    void whatIsNotAnHttpRequestIsRefused() throws IOException {
        assertEquals(400, send("hello\r\n\r\n").status());
        assertEquals(400, send("GET " + uri.getPath() + " SPDY/3\r\n\r\n").status());
        String huge = "X-Filler: " + "a".repeat(ContentServer.MAX_REQUEST) + "\r\n";
        assertEquals(400, send("GET " + uri.getPath() + " HTTP/1.1\r\n" + huge + "\r\n").status());
        // The server still serves.
        assertEquals(200, get(uri.getPath()).status());
    }

    @Test
    void aClientThatStopsReadingCostsOnlyWhatTheSocketHolds() throws Exception {
        try (Socket socket = new Socket()) {
            // ffmpeg's own buffer is small too; a large one would hold whatever the server sent.
            socket.setReceiveBufferSize(64 << 10);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
            socket.getOutputStream().write(("GET " + uri.getPath() + " HTTP/1.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            in.readNBytes(1024);
            // Wait until the server stops reading the content: it is blocked on a full socket.
            long before = -1;
            for (int i = 0; i < 100 && store.bytesRead() != before; i++) {
                before = store.bytesRead();
                Thread.sleep(100);
            }
            assertTrue(store.bytesRead() < 1 << 20,
                    store.bytesRead() + " of " + SIZE + " bytes were read for a client that read 1 KiB");
        }
        assertEquals(206, get(uri.getPath(), "Range: bytes=0-0\r\n").status());
    }

    @Test
    void withdrawingAContentCutsOffItsResponses() throws Exception {
        ContentServer.Registration registration = server.serve(content, ".bin");
        URI other = URI.create(registration.url());
        try (Socket socket = new Socket(other.getHost(), other.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + other.getPath() + " HTTP/1.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertEquals(1024, in.readNBytes(1024).length);

            registration.close();

            long rest = 0;
            try {
                rest = in.transferTo(OutputStream.nullOutputStream());
            } catch (SocketException e) {
                // Reset: cut off as well.
            }
            assertTrue(1024 + rest < SIZE, "the response was cut off after " + (1024 + rest) + " bytes");
        }
        assertEquals(404, get(other.getPath()).status());
        assertEquals(200, get(uri.getPath()).status(), "other contents are still served");
    }

    @Test
    void aContentThatCannotBeReadIsA503AndItsFailureIsKept() throws IOException {
        ContentServer.Registration registration = server.serve(content, ".bin");
        registration.checkRead();
        store.failReadsAfter(0);

        assertEquals(503, get(URI.create(registration.url()).getPath()).status());
        IOException e = assertThrows(IOException.class, registration::checkRead);
        assertTrue(e.getMessage().startsWith("reading media "), e.getMessage());
    }

    @Test
    void closingTheServerRefusesConnections() throws IOException {
        server.close();
        // The client binds its own port first and never takes the server's: a loopback socket
        // whose source port is the destination port connects to itself (TCP's simultaneous open),
        // which would look like a server still listening.
        try (Socket client = clientNotOnPort(uri.getPort())) {
            assertThrows(ConnectException.class,
                    () -> client.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000));
        }
    }

    private static Socket clientNotOnPort(int port) throws IOException {
        while (true) {
            Socket client = new Socket();
            client.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            if (client.getLocalPort() != port) {
                return client;
            }
            client.close();
        }
    }

    @Test
    void extensionsMustBePlain() {
        assertThrows(IllegalArgumentException.class, () -> server.serve(content, "mp4"));
        assertThrows(IllegalArgumentException.class, () -> server.serve(content, ".MP4"));
        assertThrows(IllegalArgumentException.class, () -> server.serve(content, "./../x"));
    }

    @Test
    void manyResponsesAtOnce() throws Exception {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            int from = i * 1000;
            threads[i] = new Thread(() -> {
                try {
                    Response r = get(uri.getPath(), "Range: bytes=" + from + "-\r\n");
                    if (r.status() != 206 || !Arrays.equals(Arrays.copyOfRange(bytes, from, SIZE), r.body())) {
                        throw new AssertionError("wrong response from " + from);
                    }
                } catch (IOException | AssertionError e) {
                    synchronized (errors) {
                        errors.writeBytes((e + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join(60_000);
            assertFalse(t.isAlive(), "a response took more than a minute");
        }
        assertEquals("", errors.toString(StandardCharsets.UTF_8));
    }
}
