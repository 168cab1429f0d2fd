package io.vidstore.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Browser forms ({@code multipart/form-data}) that are cut off or carry long part headers, sent to
 * {@link MediaServlet} in an embedded Jetty: each gets a client error that says what is wrong,
 * stores nothing and logs nothing at SEVERE.
 */
class MultipartFormTest {

    @TempDir
    Path dir;

    SqliteMediaStore store;
    JettyTestServer server;
    HttpClient client;
    final List<LogRecord> severe = new ArrayList<>();
    final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                synchronized (severe) {
                    severe.add(r);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        Logger.getLogger("").addHandler(recorder);
        store = SqliteMediaStore.open(dir.resolve("store"));
        // One stored media that is not part of any form, so that "nothing stored" is checked.
        store.save(MediaUpload.of("other", "keep.mp4", "video/mp4"), new ByteArrayInputStream(new byte[10]));
        server = new JettyTestServer(MediaEndpoint.of(store));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        Logger.getLogger("").removeHandler(recorder);
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    static final String BOUNDARY = "----vidstoreFormBoundary7MA4YWxkTrZu0gW";

    static byte[] filePartHead(String filename) {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename + "\"\r\nContent-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] content(int size) {
        byte[] b = new byte[size];
        new Random(3).nextBytes(b);
        return b;
    }

    /** A form whose body ends without the closing boundary, and one that ends inside the file. */
    @Test
    void aCutOffFormIs400StoresNothingAndLogsNoSevere() throws Exception {
        ByteArrayOutputStream noClosingBoundary = new ByteArrayOutputStream();
        noClosingBoundary.write(filePartHead("cut.mp4"));
        noClosingBoundary.write(content(50_000));
        noClosingBoundary.write("\r\n".getBytes(StandardCharsets.US_ASCII));

        ByteArrayOutputStream endsInsideTheFile = new ByteArrayOutputStream();
        endsInsideTheFile.write(filePartHead("half.mp4"));
        endsInsideTheFile.write(content(30_000));

        ByteArrayOutputStream onlyTheHeader = new ByteArrayOutputStream();
        onlyTheHeader.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-da")
                .getBytes(StandardCharsets.US_ASCII));

        for (ByteArrayOutputStream form : List.of(noClosingBoundary, endsInsideTheFile, onlyTheHeader)) {
            HttpResponse<String> r = post(form.toByteArray());
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().startsWith("{\"status\":400,\"error\":"), r.body());
        }
        assertEquals(List.of(), store.list(null));
        assertEquals(1, store.list("other").size());
        synchronized (severe) {
            assertTrue(severe.isEmpty(), () -> "logged at SEVERE: " + describe(severe));
        }
    }

    /** The body is cut by a client that closes its side after sending part of a declared length. */
    @Test
    void aFormCutByTheClientGoingAwayStoresNothing() throws Exception {
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.write(filePartHead("gone.mp4"));
        form.write(content(40_000));
        server.resetFinished();
        URI media = server.media();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), media.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + media.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type:"
                    + " multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: "
                    + (form.size() + 100_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(form.toByteArray());
            out.flush();
            socket.shutdownOutput();
            socket.setSoTimeout(60_000);
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 400"), response);
        }
        assertTrue(server.awaitFinished(1), "the server did not finish the request");
        assertEquals(List.of(), store.list(null));
        synchronized (severe) {
            assertTrue(severe.isEmpty(), () -> "logged at SEVERE: " + describe(severe));
        }
    }

    /** 150 CJK characters are 450 bytes of UTF-8; a browser sends them as they are. */
    @Test
    void aLongNonAsciiFilenameInThePartHeaderIsAccepted() throws Exception {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            name.append((char) ('\u4e00' + i * 7));
        }
        name.append(".mp4");
        byte[] bytes = content(20_000);
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.write(filePartHead(name.toString()));
        form.write(bytes);
        form.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> r = post(form.toByteArray());
        assertEquals(201, r.statusCode(), r.body());
        List<StoredMedia> saved = store.list(null);
        assertEquals(1, saved.size());
        assertEquals(name.toString(), saved.get(0).filename());
        assertEquals(20_000, saved.get(0).size());
    }

    /** A part header over 8 KiB is refused with a message that says so, not as a large upload. */
    @Test
    void aPartHeaderOverTheLimitIsRefusedWithATrueMessage() throws Exception {
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp4\""
                + "\r\nX-Padding: " + "x".repeat(9000) + "\r\nContent-Type: video/mp4\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        form.write(content(1000));
        form.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> r = post(form.toByteArray());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("part header") && r.body().contains("8192 bytes"), r.body());
        assertTrue(!r.body().contains("-1"), r.body());
        assertTrue(store.list(null).isEmpty());
    }

    HttpResponse<String> post(byte[] form) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(server.media()).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String describe(List<LogRecord> records) {
        StringBuilder b = new StringBuilder();
        for (LogRecord r : records) {
            b.append(r.getLoggerName()).append(": ").append(r.getMessage());
            if (r.getThrown() != null) {
                b.append(" ").append(r.getThrown());
                Arrays.stream(r.getThrown().getStackTrace()).limit(5)
                        .forEach(e -> b.append("\n  at ").append(e));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
