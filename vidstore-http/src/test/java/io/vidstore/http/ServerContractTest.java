package io.vidstore.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaId;
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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a client sees from a server with vidstore's HTTP support, run against each adapter over a
 * real server on a loopback port, with real clients: {@link HttpClient}, raw sockets, curl and
 * ffmpeg.
 */
abstract class ServerContractTest {

    static final int SIZE = 100_000;

    @TempDir
    Path dir;

    SqliteMediaStore store;
    TestServer server;
    HttpClient client;
    byte[] bytes;
    StoredMedia media;

    /** Starts the server under test with the endpoint mounted at {@code /media}. */
    abstract TestServer start(MediaEndpoint endpoint) throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        store = SqliteMediaStore.open(dir.resolve("store"));
        bytes = new byte[SIZE];
        new Random(42).nextBytes(bytes);
        media = store.save(MediaUpload.of("p", "clip.mp4", "video/mp4"), new ByteArrayInputStream(bytes));
        server = start(MediaEndpoint.of(store));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    URI item(StoredMedia m) {
        return URI.create(server.media() + "/" + URLEncoder.encode(m.id().value(), StandardCharsets.UTF_8));
    }

    HttpResponse<byte[]> send(String method, URI uri, HttpRequest.BodyPublisher body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String... headers) throws IOException, InterruptedException {
        return send("GET", item(media), HttpRequest.BodyPublishers.noBody(), headers);
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    byte[] slice(long from, long to) {
        return Arrays.copyOfRange(bytes, (int) from, (int) to + 1);
    }

    // ------------------------------------------------------------------ whole media

    @Test
    void getServesTheWholeMediaWithItsValidators() throws Exception {
        HttpResponse<byte[]> r = get();
        assertEquals(200, r.statusCode());
        assertArrayEquals(bytes, r.body());
        assertEquals(Long.toString(SIZE), header(r, "Content-Length"));
        assertEquals("bytes", header(r, "Accept-Ranges"));
        assertEquals("video/mp4", header(r, "Content-Type"));
        assertEquals("\"" + media.sha256().orElseThrow() + "\"", header(r, "ETag"));
        assertEquals(HttpDates.format(media.createdAt()), header(r, "Last-Modified"));
        assertEquals("inline; filename=\"clip.mp4\"", header(r, "Content-Disposition"));
        assertEquals("nosniff", header(r, "X-Content-Type-Options"));
    }

    @Test
    void headSendsTheHeadersWithoutTheBody() throws Exception {
        HttpResponse<byte[]> r = send("HEAD", item(media), HttpRequest.BodyPublishers.noBody());
        assertEquals(200, r.statusCode());
        assertEquals(0, r.body().length);
        assertEquals(Long.toString(SIZE), header(r, "Content-Length"));
        assertEquals("\"" + media.sha256().orElseThrow() + "\"", header(r, "ETag"));
    }

    @Test
    void unknownIdsAreNotFoundAndOtherMethodsNotAllowed() throws Exception {
        HttpResponse<byte[]> missing = send("GET", URI.create(server.media() + "/no-such-id"),
                HttpRequest.BodyPublishers.noBody());
        assertEquals(404, missing.statusCode());
        assertTrue(new String(missing.body(), StandardCharsets.UTF_8).contains("no-such-id"));
        HttpResponse<byte[]> delete = send("DELETE", item(media), HttpRequest.BodyPublishers.noBody());
        assertEquals(405, delete.statusCode());
        assertEquals("GET, HEAD", header(delete, "Allow"));
        HttpResponse<byte[]> listing = send("GET", server.media(), HttpRequest.BodyPublishers.noBody());
        assertEquals(405, listing.statusCode());
        assertEquals("POST, PUT", header(listing, "Allow"));
    }

    // ------------------------------------------------------------------ ranges

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleRanges")
    void singleRangesGetPartialContent(String range, long first, long last) throws Exception {
        HttpResponse<byte[]> r = get("Range", range);
        assertEquals(206, r.statusCode());
        assertEquals("bytes " + first + "-" + last + "/" + SIZE, header(r, "Content-Range"));
        assertEquals(Long.toString(last - first + 1), header(r, "Content-Length"));
        assertArrayEquals(slice(first, last), r.body());
    }

    static Stream<Arguments> singleRanges() {
        return Stream.of(
                Arguments.of("bytes=0-0", 0, 0),
                Arguments.of("bytes=0-99", 0, 99),
                Arguments.of("bytes=50000-50999", 50_000, 50_999),
                Arguments.of("bytes=99990-", 99_990, SIZE - 1),
                Arguments.of("bytes=-10", SIZE - 10, SIZE - 1),
                Arguments.of("bytes=0-", 0, SIZE - 1),
                Arguments.of("bytes=90000-999999", 90_000, SIZE - 1),
                Arguments.of("bytes=-999999", 0, SIZE - 1),
                Arguments.of("bytes=0-9,5-19", 0, 19),
                Arguments.of("bytes=100-199,150-160,0-120", 0, 199),
                Arguments.of("bytes=0-9,30-39", 0, 39),
                Arguments.of("bytes=200000-300000,10-20", 10, 20));
    }

    @Test
    void severalRangesAreSentAsMultipartByteranges() throws Exception {
        HttpResponse<byte[]> r = get("Range", "bytes=90000-90099,-5,0-9");
        assertEquals(206, r.statusCode());
        String type = header(r, "Content-Type");
        Matcher m = Pattern.compile("multipart/byteranges; boundary=(\\S+)").matcher(type);
        assertTrue(m.matches(), type);
        assertEquals(Long.toString(r.body().length), header(r, "Content-Length"));
        List<byte[]> parts = new ArrayList<>();
        List<String> ranges = new ArrayList<>();
        String body = new String(r.body(), StandardCharsets.ISO_8859_1);
        String delimiter = "\r\n--" + m.group(1);
        String[] sections = body.split(Pattern.quote(delimiter), -1);
        assertEquals("", sections[0]);
        assertEquals("--\r\n", sections[sections.length - 1]);
        for (int i = 1; i < sections.length - 1; i++) {
            int end = sections[i].indexOf("\r\n\r\n");
            String head = sections[i].substring(0, end);
            assertTrue(head.contains("Content-Type: video/mp4"), head);
            Matcher cr = Pattern.compile("Content-Range: bytes (\\d+)-(\\d+)/" + SIZE).matcher(head);
            assertTrue(cr.find(), head);
            ranges.add(cr.group(1) + "-" + cr.group(2));
            parts.add(sections[i].substring(end + 4).getBytes(StandardCharsets.ISO_8859_1));
        }
        assertEquals(List.of("0-9", "90000-90099", "99995-99999"), ranges);
        assertArrayEquals(slice(0, 9), parts.get(0));
        assertArrayEquals(slice(90_000, 90_099), parts.get(1));
        assertArrayEquals(slice(99_995, 99_999), parts.get(2));
    }

    @ParameterizedTest(name = "{0} -> 416")
    @MethodSource("unsatisfiableRanges")
    void unsatisfiableRangesGet416WithTheSize(String range) throws Exception {
        HttpResponse<byte[]> r = get("Range", range);
        assertEquals(416, r.statusCode());
        assertEquals("bytes */" + SIZE, header(r, "Content-Range"));
    }

    static Stream<String> unsatisfiableRanges() {
        return Stream.of("bytes=100000-", "bytes=-0", "bytes=200000-300000",
                "bytes=99999999999999999999999-", "bytes=100000-100001,-0");
    }

    /** Each malformed or odd Range header has a defined status; none gives a 500. */
    @ParameterizedTest(name = "[{0}] -> {1}")
    @MethodSource("malformedRanges")
    void malformedRangeHeadersHaveADefinedStatus(String range, int status) throws Exception {
        HttpResponse<byte[]> r = get("Range", range);
        assertEquals(status, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        if (status == 200) {
            assertArrayEquals(bytes, r.body());
        }
    }

    static Stream<Arguments> malformedRanges() {
        StringBuilder thousand = new StringBuilder("bytes=");
        StringBuilder hundred = new StringBuilder("bytes=");
        for (int i = 0; i < 1000; i++) {
            thousand.append(i == 0 ? "" : ",").append(i * 99).append('-').append(i * 99);
            if (i < 100) {
                hundred.append(i == 0 ? "" : ",").append(i * 999).append('-').append(i * 999);
            }
        }
        return Stream.of(
                Arguments.of("bytes=5-1", 200),
                Arguments.of("bytes=-0", 416),
                Arguments.of("bytes=abc", 200),
                Arguments.of("bytes=", 200),
                Arguments.of("bytes=-", 200),
                Arguments.of("bytes", 200),
                Arguments.of("=0-1", 200),
                Arguments.of("bytes==0-1", 200),
                Arguments.of("bytes=1-2-3", 200),
                Arguments.of("bytes=-1-2", 200),
                Arguments.of("bytes=0x10-20", 200),
                Arguments.of("bytes=+1-2", 200),
                Arguments.of("bytes=1.5-2", 200),
                Arguments.of("bytes=0-1;q=1", 200),
                Arguments.of("bytes=0-9,abc", 200),
                Arguments.of("items=0-10", 200),
                Arguments.of("none", 200),
                Arguments.of("bytes=99999999999999999999999-", 416),
                Arguments.of("bytes=0-99999999999999999999999", 206),
                Arguments.of("bytes=-99999999999999999999999", 206),
                Arguments.of("bytes=9223372036854775807-9223372036854775807", 416),
                Arguments.of("BYTES=0-9", 206),
                Arguments.of("bytes=0-9,,20-29", 206),
                Arguments.of("bytes= 0-9 , 20-29 ", 206),
                Arguments.of(thousand.toString(), 200),
                Arguments.of(hundred.toString(), 206),
                Arguments.of("bytes=0-0,0-0,0-0,0-0,0-0,0-0", 206));
    }

    @Test
    void headIgnoresRanges() throws Exception {
        HttpResponse<byte[]> r = send("HEAD", item(media), HttpRequest.BodyPublishers.noBody(),
                "Range", "bytes=0-9");
        assertEquals(200, r.statusCode());
        assertEquals(Long.toString(SIZE), header(r, "Content-Length"));
    }

    // ------------------------------------------------------------------ conditional requests

    @Test
    void ifRangeKeepsTheRangeOnlyForTheCurrentStrongValidator() throws Exception {
        String etag = "\"" + media.sha256().orElseThrow() + "\"";
        String lastModified = HttpDates.format(media.createdAt());
        assertEquals(206, get("Range", "bytes=0-9", "If-Range", etag).statusCode());
        assertEquals(206, get("Range", "bytes=0-9", "If-Range", lastModified).statusCode());
        HttpResponse<byte[]> changed = get("Range", "bytes=0-9", "If-Range", "\"something-else\"");
        assertEquals(200, changed.statusCode());
        assertArrayEquals(bytes, changed.body());
        assertEquals(200, get("Range", "bytes=0-9", "If-Range", "W/" + etag).statusCode());
        assertEquals(200, get("Range", "bytes=0-9", "If-Range", "Sun, 06 Nov 1994 08:49:37 GMT")
                .statusCode());
        assertEquals(200, get("Range", "bytes=0-9", "If-Range", "garbage").statusCode());
    }

    @Test
    void conditionalGetsAnswerNotModified() throws Exception {
        String etag = "\"" + media.sha256().orElseThrow() + "\"";
        String lastModified = HttpDates.format(media.createdAt());
        HttpResponse<byte[]> r = get("If-None-Match", "\"other\", " + etag);
        assertEquals(304, r.statusCode());
        assertEquals(0, r.body().length);
        assertEquals(etag, header(r, "ETag"));
        assertEquals(304, get("If-None-Match", "W/" + etag).statusCode());
        assertEquals(304, get("If-None-Match", "*").statusCode());
        assertEquals(200, get("If-None-Match", "\"other\"").statusCode());
        assertEquals(200, get("If-None-Match", "not a tag").statusCode());
        assertEquals(304, get("If-Modified-Since", lastModified).statusCode());
        assertEquals(200, get("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT").statusCode());
        assertEquals(200, get("If-Modified-Since", "yesterday").statusCode());
        // If-None-Match wins over If-Modified-Since (RFC 9110 section 13.2.2).
        assertEquals(200, get("If-None-Match", "\"other\"", "If-Modified-Since", lastModified)
                .statusCode());
        assertEquals(304, send("HEAD", item(media), HttpRequest.BodyPublishers.noBody(),
                "If-None-Match", etag).statusCode());
    }

    @Test
    void failedPreconditionsAnswer412() throws Exception {
        String etag = "\"" + media.sha256().orElseThrow() + "\"";
        assertEquals(200, get("If-Match", etag).statusCode());
        assertEquals(200, get("If-Match", "*").statusCode());
        assertEquals(412, get("If-Match", "\"other\"").statusCode());
        assertEquals(412, get("If-Match", "W/" + etag).statusCode());
        assertEquals(412, get("If-Unmodified-Since", "Sun, 06 Nov 1994 08:49:37 GMT").statusCode());
        assertEquals(200, get("If-Unmodified-Since", HttpDates.format(media.createdAt())).statusCode());
    }

    @Test
    void legacyMediaWithoutSha256GetAWeakETagAndNoRangesUnderIfRange() throws Exception {
        Path legacyDir = dir.resolve("legacy");
        Files.createDirectories(legacyDir);
        Path db = legacyDir.resolve("app.db");
        byte[] old = Arrays.copyOf(bytes, 5000);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE files (id TEXT PRIMARY KEY, project_id TEXT, filename TEXT NOT"
                    + " NULL, content_type TEXT, data BLOB, created_at TEXT NOT NULL)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, "0b6f1c8e-legacy");
                ps.setString(2, null);
                ps.setString(3, "old.mp3");
                ps.setString(4, "audio/mpeg");
                ps.setBytes(5, old);
                ps.setString(6, "2019-03-01 10:00:00");
                ps.executeUpdate();
            }
        }
        try (SqliteMediaStore legacy = SqliteMediaStore.builder(legacyDir.resolve("store"))
                .database(db).build();
                TestServer legacyServer = start(MediaEndpoint.of(legacy))) {
            URI uri = URI.create(legacyServer.media() + "/0b6f1c8e-legacy");
            HttpResponse<byte[]> r = send("GET", uri, HttpRequest.BodyPublishers.noBody());
            assertEquals(200, r.statusCode());
            assertArrayEquals(old, r.body());
            String etag = header(r, "ETag");
            assertTrue(etag.startsWith("W/\"legacy-"), etag);
            assertEquals(304, send("GET", uri, HttpRequest.BodyPublishers.noBody(),
                    "If-None-Match", etag).statusCode());
            assertEquals(206, send("GET", uri, HttpRequest.BodyPublishers.noBody(),
                    "Range", "bytes=0-9").statusCode());
            assertEquals(200, send("GET", uri, HttpRequest.BodyPublishers.noBody(),
                    "Range", "bytes=0-9", "If-Range", etag).statusCode());
            assertEquals(200, send("GET", uri, HttpRequest.BodyPublishers.noBody(),
                    "Range", "bytes=0-9", "If-Range", header(r, "Last-Modified")).statusCode());
        }
    }

    // ------------------------------------------------------------------ uploads

    @Test
    void rawUploadIsStoredAndServedAtItsLocation() throws Exception {
        byte[] content = Arrays.copyOf(bytes, 70_000);
        HttpResponse<byte[]> r = send("POST",
                URI.create(server.media() + "?filename=" + URLEncoder.encode("my clip.mp4", StandardCharsets.UTF_8)
                        + "&project=demo"),
                HttpRequest.BodyPublishers.ofByteArray(content), "Content-Type", "video/mp4");
        assertEquals(201, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("application/json", header(r, "Content-Type"));
        String json = new String(r.body(), StandardCharsets.UTF_8);
        StoredMedia saved = store.list("demo").get(0);
        assertTrue(json.contains("\"id\":\"" + saved.id().value() + "\""), json);
        assertTrue(json.contains("\"filename\":\"my clip.mp4\""), json);
        assertTrue(json.contains("\"size\":70000"), json);
        assertTrue(json.contains("\"sha256\":\"" + saved.sha256().orElseThrow() + "\""), json);
        String location = header(r, "Location");
        assertEquals(server.media().getPath() + "/" + saved.id().value(), location);
        HttpResponse<byte[]> back = send("GET", server.media().resolve(location),
                HttpRequest.BodyPublishers.noBody());
        assertArrayEquals(content, back.body());
        assertEquals("inline; filename=\"my clip.mp4\"", header(back, "Content-Disposition"));
    }

    @Test
    void putTakesTheNameFromContentDispositionAndServesItBackSafely() throws Exception {
        String name = "Ünïcode \"quoted\"; name.mp4";
        String encoded = "UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<byte[]> r = send("PUT", server.media(),
                HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(bytes, 1000)),
                "Content-Disposition", "attachment; filename=\"fallback.mp4\"; filename*=" + encoded);
        assertEquals(201, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        StoredMedia saved = store.list(null).get(0);
        assertEquals(name, saved.filename());
        HttpResponse<byte[]> back = send("GET", server.media().resolve(header(r, "Location")),
                HttpRequest.BodyPublishers.noBody());
        String disposition = header(back, "Content-Disposition");
        assertEquals("inline; filename=\"_n_code _quoted_; name.mp4\"; filename*=UTF-8''"
                + "%C3%9Cn%C3%AFcode%20%22quoted%22%3B%20name.mp4", disposition);
    }

    @Test
    void uploadsWithoutANameOrWithBadInputAreRefused() throws Exception {
        HttpResponse<byte[]> noName = send("POST", server.media(),
                HttpRequest.BodyPublishers.ofByteArray(new byte[10]));
        assertEquals(400, noName.statusCode());
        assertTrue(new String(noName.body(), StandardCharsets.UTF_8).contains("filename"));
        String badEscape = rawRequest(server.media(), "POST", "?filename=%zz",
                "Content-Length: 10\r\n", new byte[10], true);
        assertTrue(badEscape.startsWith("HTTP/1.1 400"), badEscape);
        assertEquals(400, send("POST", URI.create(server.media() + "?filename=.."),
                HttpRequest.BodyPublishers.ofByteArray(new byte[10])).statusCode());
        assertEquals(400, send("POST", server.media(), HttpRequest.BodyPublishers.ofByteArray(new byte[10]),
                "Content-Disposition", "attachment; filename=\"unterminated").statusCode());
        assertEquals(1, store.list("p").size());
        assertTrue(store.list(null).isEmpty());
    }

    @Test
    void contentLengthOverTheLimitIs413BeforeTheBodyIsSent() throws Exception {
        try (TestServer limited = start(MediaEndpoint.builder(store).maxUploadSize(1000).build())) {
            String response = rawRequest(limited.media(), "POST", "?filename=big.mp4",
                    "Content-Length: 1000000000000\r\n", null, true);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            HttpResponse<byte[]> small = send("POST", URI.create(limited.media() + "?filename=s.mp4"),
                    HttpRequest.BodyPublishers.ofByteArray(new byte[1000]));
            assertEquals(201, small.statusCode());
            HttpResponse<byte[]> big = send("POST", URI.create(limited.media() + "?filename=b.mp4"),
                    HttpRequest.BodyPublishers.ofByteArray(new byte[1001]));
            assertEquals(413, big.statusCode());
        }
        assertEquals(1, store.list(null).size());
    }

    @Test
    void theStoresOwnLimitAlsoRefusesBeforeReading() throws Exception {
        try (SqliteMediaStore small = SqliteMediaStore.builder(dir.resolve("small"))
                .maxUploadSize(1000).build();
                TestServer limited = start(MediaEndpoint.of(small))) {
            String response = rawRequest(limited.media(), "PUT", "?filename=big.mp4",
                    "Content-Length: 1000000000000\r\n", null, true);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(small.list(null).isEmpty());
        }
    }

    @Test
    void aClientThatDisconnectsHalfWayLeavesNothingStored() throws Exception {
        server.resetFinished();
        byte[] half = Arrays.copyOf(bytes, 50_000);
        rawRequest(server.media(), "POST", "?filename=cut.mp4&project=cut",
                "Content-Type: video/mp4\r\nContent-Length: 100000\r\n", half, false);
        assertTrue(server.awaitFinished(1), "the server did not finish the cut upload");
        assertTrue(store.list("cut").isEmpty());
        assertEquals(200, get().statusCode());
    }

    @Test
    void multipartFormsAreAcceptedByTheServletOnly() throws Exception {
        String boundary = "----form" + System.nanoTime();
        byte[] content = Arrays.copyOf(bytes, 60_000);
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"project\"\r\n\r\n"
                + "forms\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"from-browser.mp4\"\r\nContent-Type: video/mp4\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        form.write(content);
        form.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = send("POST", server.media(),
                HttpRequest.BodyPublishers.ofByteArray(form.toByteArray()),
                "Content-Type", "multipart/form-data; boundary=" + boundary);
        if (!server.acceptsForms()) {
            assertEquals(415, r.statusCode());
            assertTrue(store.list("forms").isEmpty());
            return;
        }
        assertEquals(201, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        StoredMedia saved = store.list("forms").get(0);
        assertEquals("from-browser.mp4", saved.filename());
        assertEquals(60_000, saved.size());
        HttpResponse<byte[]> back = send("GET", server.media().resolve(header(r, "Location")),
                HttpRequest.BodyPublishers.noBody());
        assertArrayEquals(content, back.body());
    }

    /**
     * Sends a request over a plain socket, so that the test controls the framing: the body (or
     * half of it) may be missing.
     *
     * @param readResponse whether to read the response; if false the socket is closed at once
     */
    static String rawRequest(URI collection, String method, String query, String headers, byte[] body,
            boolean readResponse) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), collection.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + collection.getPath() + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            if (!readResponse) {
                return null;
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) > 0) {
                response.write(buffer, 0, n);
                if (response.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    break;
                }
            }
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }

    // ------------------------------------------------------------------ browser safety

    /** Which stored types a browser may show in place; all others are saved and sandboxed. */
    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("typeTable")
    void onlyPassiveTypesAreServedInline(String type, String disposition) throws Exception {
        StoredMedia m = store.save(MediaUpload.of("types", "upload.bin", type),
                new ByteArrayInputStream("<script>alert(document.domain)</script>"
                        .getBytes(StandardCharsets.UTF_8)));
        for (String method : List.of("GET", "HEAD")) {
            HttpResponse<byte[]> r = send(method, item(m), HttpRequest.BodyPublishers.noBody());
            assertEquals(200, r.statusCode());
            assertEquals(disposition + "; filename=\"upload.bin\"", header(r, "Content-Disposition"),
                    method + " " + type);
            assertEquals(disposition.equals("inline") ? null : "sandbox",
                    header(r, "Content-Security-Policy"), method + " " + type);
            assertEquals("nosniff", header(r, "X-Content-Type-Options"));
        }
        HttpResponse<byte[]> range = send("GET", item(m), HttpRequest.BodyPublishers.noBody(),
                "Range", "bytes=0-7");
        assertEquals(206, range.statusCode());
        assertEquals(disposition.equals("inline") ? null : "sandbox",
                header(range, "Content-Security-Policy"));
    }

    static Stream<Arguments> typeTable() {
        return Stream.of(
                Arguments.of("video/mp4", "inline"),
                Arguments.of("video/webm", "inline"),
                Arguments.of("VIDEO/MP4", "inline"),
                Arguments.of("audio/mpeg", "inline"),
                Arguments.of("audio/ogg; codecs=opus", "inline"),
                Arguments.of("image/png", "inline"),
                Arguments.of("image/jpeg", "inline"),
                Arguments.of("image/gif", "inline"),
                Arguments.of("image/webp", "inline"),
                Arguments.of("image/avif", "inline"),
                Arguments.of("text/vtt", "inline"),
                Arguments.of("text/plain; charset=utf-8", "inline"),
                Arguments.of("text/html", "attachment"),
                Arguments.of("TEXT/HTML; charset=utf-8", "attachment"),
                Arguments.of("application/xhtml+xml", "attachment"),
                Arguments.of("image/svg+xml", "attachment"),
                Arguments.of("text/xml", "attachment"),
                Arguments.of("application/xml", "attachment"),
                Arguments.of("text/javascript", "attachment"),
                Arguments.of("application/javascript", "attachment"),
                Arguments.of("application/pdf", "attachment"),
                Arguments.of("application/octet-stream", "attachment"),
                Arguments.of("multipart/x-mixed-replace; boundary=x", "attachment"),
                Arguments.of("application/x-unheard-of", "attachment"));
    }

    @Test
    void theInlineTypesAreConfigurable() throws Exception {
        StoredMedia svg = store.save(MediaUpload.of("t", "logo.svg", "image/svg+xml"),
                new ByteArrayInputStream("<svg/>".getBytes(StandardCharsets.UTF_8)));
        try (TestServer custom = start(MediaEndpoint.builder(store)
                .inlineTypes(List.of("image/svg+xml")).build())) {
            URI svgUri = URI.create(custom.media() + "/" + svg.id().value());
            HttpResponse<byte[]> r = send("GET", svgUri, HttpRequest.BodyPublishers.noBody());
            assertEquals("inline; filename=\"logo.svg\"", header(r, "Content-Disposition"));
            assertEquals(null, header(r, "Content-Security-Policy"));
            URI video = URI.create(custom.media() + "/" + media.id().value());
            HttpResponse<byte[]> v = send("GET", video, HttpRequest.BodyPublishers.noBody());
            assertEquals("attachment; filename=\"clip.mp4\"", header(v, "Content-Disposition"));
            assertEquals("sandbox", header(v, "Content-Security-Policy"));
        }
    }

    // ------------------------------------------------------------------ read-only

    @Test
    void aReadOnlyEndpointRefusesUploadsWith405() throws Exception {
        try (TestServer readOnly = start(MediaEndpoint.builder(store).readOnly(true).build())) {
            for (String method : List.of("POST", "PUT")) {
                HttpResponse<byte[]> r = send(method, URI.create(readOnly.media() + "?filename=x.mp4"),
                        HttpRequest.BodyPublishers.ofByteArray(new byte[1000]), "Content-Type", "video/mp4");
                assertEquals(405, r.statusCode(), method);
                assertEquals("", header(r, "Allow"), method);
                assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("read-only"));
            }
            String boundary = "----ro";
            HttpResponse<byte[]> form = send("POST", readOnly.media(), HttpRequest.BodyPublishers.ofString(
                    "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.mp4\""
                    + "\r\n\r\nabc\r\n--" + boundary + "--\r\n"),
                    "Content-Type", "multipart/form-data; boundary=" + boundary);
            assertEquals(405, form.statusCode());
            URI video = URI.create(readOnly.media() + "/" + media.id().value());
            assertEquals(200, send("GET", video, HttpRequest.BodyPublishers.noBody()).statusCode());
        }
        assertEquals(List.of(), store.list(null));
        assertEquals(1, store.list("p").size());
    }

    // ------------------------------------------------------------------ CORS

    static final String APP = "https://app.example.com";

    HttpResponse<byte[]> preflight(URI uri, String origin, String method, String headers)
            throws IOException, InterruptedException {
        return send("OPTIONS", uri, HttpRequest.BodyPublishers.noBody(), "Origin", origin,
                "Access-Control-Request-Method", method, "Access-Control-Request-Headers", headers);
    }

    @Test
    void corsIsOffByDefault() throws Exception {
        HttpResponse<byte[]> pre = preflight(item(media), APP, "GET", "range");
        assertEquals(405, pre.statusCode());
        HttpResponse<byte[]> r = get("Origin", APP);
        assertEquals(null, header(r, "Access-Control-Allow-Origin"));
    }

    @Test
    void corsPreflightsAndReadsFromAllowedOrigins() throws Exception {
        try (TestServer cors = start(MediaEndpoint.builder(store)
                .cors(List.of(APP, "http://localhost:3000")).build())) {
            URI video = URI.create(cors.media() + "/" + media.id().value());
            HttpResponse<byte[]> pre = preflight(video, APP, "GET", "range, if-none-match");
            assertEquals(204, pre.statusCode());
            assertEquals(APP, header(pre, "Access-Control-Allow-Origin"));
            assertEquals("GET, HEAD", header(pre, "Access-Control-Allow-Methods"));
            String allowedHeaders = header(pre, "Access-Control-Allow-Headers").toLowerCase();
            assertTrue(allowedHeaders.contains("range") && allowedHeaders.contains("if-none-match"),
                    allowedHeaders);
            assertEquals("600", header(pre, "Access-Control-Max-Age"));
            assertTrue(header(pre, "Vary").contains("Origin"));
            assertEquals(null, header(pre, "Access-Control-Allow-Credentials"));

            HttpResponse<byte[]> upload = preflight(cors.media(), "http://localhost:3000", "POST",
                    "content-type");
            assertEquals(204, upload.statusCode());
            assertEquals("http://localhost:3000", header(upload, "Access-Control-Allow-Origin"));
            assertEquals("POST, PUT", header(upload, "Access-Control-Allow-Methods"));

            HttpResponse<byte[]> stranger = preflight(video, "https://evil.example", "GET", "range");
            assertEquals(403, stranger.statusCode());
            assertEquals(null, header(stranger, "Access-Control-Allow-Origin"));

            HttpResponse<byte[]> r = send("GET", video, HttpRequest.BodyPublishers.noBody(),
                    "Origin", APP, "Range", "bytes=0-9");
            assertEquals(206, r.statusCode());
            assertEquals(APP, header(r, "Access-Control-Allow-Origin"));
            String exposed = header(r, "Access-Control-Expose-Headers");
            for (String h : List.of("Content-Range", "Accept-Ranges", "ETag", "Content-Length")) {
                assertTrue(exposed.contains(h), exposed);
            }
            assertEquals("Origin", header(r, "Vary"));
            HttpResponse<byte[]> other = send("GET", video, HttpRequest.BodyPublishers.noBody(),
                    "Origin", "https://evil.example");
            assertEquals(200, other.statusCode());
            assertEquals(null, header(other, "Access-Control-Allow-Origin"));
            assertEquals("Origin", header(other, "Vary"));
            HttpResponse<byte[]> posted = send("POST", URI.create(cors.media() + "?filename=c.mp4"),
                    HttpRequest.BodyPublishers.ofByteArray(new byte[100]), "Origin", APP);
            assertEquals(201, posted.statusCode());
            assertEquals(APP, header(posted, "Access-Control-Allow-Origin"));
            assertTrue(header(posted, "Access-Control-Expose-Headers").contains("Location"));
        }
    }

    @Test
    void corsWithAnyOriginAndReadOnlyAllowsNoUploadMethods() throws Exception {
        try (TestServer cors = start(MediaEndpoint.builder(store).cors(List.of("*")).readOnly(true)
                .build())) {
            URI video = URI.create(cors.media() + "/" + media.id().value());
            HttpResponse<byte[]> pre = preflight(video, "https://anyone.example", "GET", "range");
            assertEquals(204, pre.statusCode());
            assertEquals("*", header(pre, "Access-Control-Allow-Origin"));
            HttpResponse<byte[]> upload = preflight(cors.media(), "https://anyone.example", "PUT",
                    "content-type");
            assertEquals(204, upload.statusCode());
            assertEquals("", header(upload, "Access-Control-Allow-Methods"));
            assertEquals("*", header(send("GET", video, HttpRequest.BodyPublishers.noBody(),
                    "Origin", "https://anyone.example"), "Access-Control-Allow-Origin"));
        }
    }

    // ------------------------------------------------------------------ real clients

    @Test
    void curlFetchesRangesAndResumesACutDownload() throws Exception {
        Tools.require("curl", "curl");
        Path out = dir.resolve("range.bin");
        Tools.Result r = Tools.run(dir, "curl", "-sS", "--fail", "-r", "1000-1999", "-o", out.toString(),
                item(media).toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertArrayEquals(slice(1000, 1999), Files.readAllBytes(out));

        Path partial = dir.resolve("resumed.bin");
        r = Tools.run(dir, "curl", "-sS", "--fail", "-r", "0-" + (SIZE / 2 - 1), "-o", partial.toString(),
                item(media).toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(SIZE / 2, Files.size(partial));
        r = Tools.run(dir, "curl", "-sS", "--fail", "-C", "-", "-o", partial.toString(), item(media).toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertArrayEquals(bytes, Files.readAllBytes(partial));

        r = Tools.run(dir, "curl", "-sS", "-I", item(media).toString());
        assertTrue(r.stdout().startsWith("HTTP/1.1 200"), r.stdout());
        assertTrue(r.stdout().toLowerCase().contains("content-length: " + SIZE), r.stdout());
    }

    @Test
    void curlUploadsARawBody() throws Exception {
        Tools.require("curl", "curl");
        Path file = dir.resolve("upload.mp4");
        Files.write(file, bytes);
        Tools.Result r = Tools.run(dir, "curl", "-sS", "--fail", "--data-binary", "@" + file,
                "-H", "Content-Type: video/mp4", server.media() + "?filename=upload.mp4&project=curl");
        assertEquals(0, r.exitCode(), r.stderr());
        StoredMedia saved = store.list("curl").get(0);
        assertEquals(media.sha256(), saved.sha256());
        assertTrue(r.stdout().contains("\"id\":\"" + saved.id().value() + "\""), r.stdout());
        assertEquals("video/mp4", saved.contentType().orElseThrow());
    }

    @Test
    void ffprobeAndFfmpegReadAStoredMp4OverHttp() throws Exception {
        Tools.require("ffmpeg", "ffmpeg");
        Tools.require("ffprobe", "ffmpeg");
        StoredMedia video;
        try (InputStream in = Files.newInputStream(Tools.testVideo())) {
            video = store.save(MediaUpload.of("ff", "testsrc2.mp4", "video/mp4"), in);
        }
        String url = item(video).toString();
        Tools.Result probe = Tools.run(dir, "ffprobe", "-v", "error", "-print_format", "json",
                "-show_format", "-show_streams", url);
        assertEquals(0, probe.exitCode(), probe.stderr());
        assertTrue(probe.stdout().contains("\"codec_name\": \"h264\""), probe.stdout());
        assertTrue(probe.stdout().contains("\"codec_name\": \"aac\""), probe.stdout());
        Matcher duration = Pattern.compile("\"duration\": \"([0-9.]+)\"").matcher(probe.stdout());
        assertTrue(duration.find(), probe.stdout());
        assertEquals(10.0, Double.parseDouble(duration.group(1)), 0.5);

        Path clip = dir.resolve("clip.mp4");
        Tools.Result cut = Tools.run(dir, "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
                "-ss", "5", "-i", url, "-t", "2", "-c", "copy", "-y", "file:" + clip);
        assertEquals(0, cut.exitCode(), cut.stderr());
        Tools.Result clipProbe = Tools.run(dir, "ffprobe", "-v", "error", "-show_entries",
                "format=duration", "-of", "default=noprint_wrappers=1:nokey=1", clip.toString());
        assertEquals(0, clipProbe.exitCode(), clipProbe.stderr());
        double clipSeconds = Double.parseDouble(clipProbe.stdout().trim());
        assertTrue(clipSeconds > 1 && clipSeconds < 4, "clip of " + clipSeconds + " s");
    }

    @Test
    void mediaIdsArePercentDecodedPathSegments() throws Exception {
        assertEquals(404, send("GET", URI.create(server.media() + "/a%20b"),
                HttpRequest.BodyPublishers.noBody()).statusCode());
        assertEquals(404, send("GET", URI.create(server.media() + "/" + media.id().value() + "/x"),
                HttpRequest.BodyPublishers.noBody()).statusCode());
        String badEscape = rawRequest(server.media(), "GET", "/%E0%A4%A", "", null, true);
        assertTrue(badEscape.startsWith("HTTP/1.1 4"), badEscape);
        assertFalse(store.find(MediaId.of("a b")).isPresent());
    }
}
