package io.vidstore.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.ChecksumMismatchException;
import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaStoreException;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.SizeMismatchException;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import io.vidstore.store.support.CheckedReader;
import io.vidstore.s3.testing.S3Proxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Content whose size the caller declares, larger than one part, goes up as the body of one
 * {@code PutObject} read straight from the caller's stream; a content that does not match what
 * was declared, or fails, leaves nothing behind, and the request is never retried (the body can be
 * read only once). The store's S3 client records every request it sends, so that the tests see
 * how many attempts there were and which operations ran.
 */
class StreamingPutTest {

    private static final int PART = S3MediaStore.MIN_PART_SIZE;
    private static final long SIZE = 3L * PART + 12_345;

    private TestServers servers;
    private S3Client client;
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<SdkHttpRequest> puts = new CopyOnWriteArrayList<>();
    private S3MediaStore store;

    @BeforeEach
    void servers() throws Exception {
        servers = TestServers.create();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
                sent.add(operation);
                if (operation.equals("PutObject")) {
                    puts.add(context.httpRequest());
                }
            }
        };
        // The store's own client settings, plus the recorder.
        client = S3Client.builder()
                .httpClientBuilder(DisconnectingHttpClient.builder(UrlConnectionHttpClient.builder()))
                .endpointOverride(TestServers.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder))
                .build();
        store = servers.store(S3MediaStore.builder()
                .s3Client(client)
                .bucket(servers.bucket)
                .partSize(PART)
                .uploadParallelism(2)
                .dataSource(Postgres.dataSource(servers.schema)));
        sent.clear();
        puts.clear();
    }

    @AfterEach
    void close() throws Exception {
        servers.close();
        client.close();
    }

    private static MediaUpload declared(long size) {
        return MediaUpload.builder("big.mp4").projectId("p").contentType("video/mp4").expectedSize(size).build();
    }

    @Test
    void aDeclaredSizeAboveOnePartIsOneStreamingPutOverPlainHttp() throws IOException {
        assertEquals("http", TestServers.endpoint().getScheme(), "the SDK signs the body in chunks over http");
        StoredMedia saved;
        try (InputStream in = TestStreams.oneByteAtATime(TestStreams.generated(SIZE, 1))) {
            saved = store.save(declared(SIZE), in);
        }
        assertEquals(SIZE, saved.size());
        assertEquals(Optional.of(TestStreams.sha256(SIZE, 1)), saved.sha256());
        assertEquals(List.of("PutObject"), sent, "one attempt of one request");
        // Over http the SDK signs the body chunk by chunk as it streams, in a body of known length.
        SdkHttpRequest put = puts.get(0);
        assertTrue(put.firstMatchingHeader("x-amz-content-sha256").orElse("").startsWith("STREAMING-"), put.toString());
        assertEquals(Optional.of(Long.toString(SIZE)), put.firstMatchingHeader("x-amz-decoded-content-length"));
        assertTrue(put.firstMatchingHeader("Content-Length").map(Long::parseLong).orElse(0L) > SIZE, put.toString());
        assertEquals(List.of(), TestServers.uploads(servers.bucket));

        var objects = TestServers.objects(servers.bucket);
        assertEquals(1, objects.size(), objects.toString());
        HeadObjectResponse head = TestServers.s3().headObject(b -> b.bucket(servers.bucket)
                .key(objects.get(0).key()));
        assertEquals(SIZE, head.contentLength());
        assertEquals("video/mp4", head.contentType());
        assertFalse(head.eTag().contains("-"), "a single PutObject's ETag: " + head.eTag());
        try (MediaContent content = store.open(saved.id()); InputStream in = content.inputStream()) {
            assertEquals(TestStreams.sha256(SIZE, 1), TestStreams.sha256Hex(in));
        }
        assertTrue(store.check().isConsistent(), store.check().toString());
    }

    @Test
    void aDeclaredSizeWithinOnePartKeepsTheBufferedPut() throws IOException {
        StoredMedia saved;
        try (InputStream in = TestStreams.generated(PART - 1, 2)) {
            saved = store.save(declared(PART - 1), in);
        }
        assertEquals(Optional.of(TestStreams.sha256(PART - 1, 2)), saved.sha256());
        assertEquals(List.of("PutObject"), sent);
        assertEquals(1, TestServers.objects(servers.bucket).size());
    }

    @Test
    void aDeclaredSizeAboveFiveGibibytesKeepsTheMultipartUpload() throws IOException {
        long huge = ObjectWriter.MAX_STREAMING_PUT + 1;
        try (InputStream in = TestStreams.generated(SIZE, 3)) {
            SizeMismatchException e = assertThrows(SizeMismatchException.class, () -> store.save(declared(huge), in));
            assertEquals(SIZE, e.actual());
        }
        assertTrue(sent.contains("CreateMultipartUpload"), sent.toString());
        assertFalse(sent.contains("PutObject"), sent.toString());
        assertNothingLeft();
    }

    @Test
    void aShortStreamFailsTheRequestAndLeavesNothing() throws IOException {
        try (InputStream in = TestStreams.generated(SIZE - 1000, 4)) {
            SizeMismatchException e = assertThrows(SizeMismatchException.class, () -> store.save(declared(SIZE), in));
            assertEquals(SIZE, e.expected());
            assertEquals(SIZE - 1000, e.actual());
        }
        assertEquals(1, sent.stream().filter("PutObject"::equals).count(), "no second attempt: " + sent);
        assertNothingLeft();
    }

    @Test
    void aLongStreamDeletesTheObjectItsRequestCompleted() throws IOException {
        try (InputStream in = new SequenceInputStream(TestStreams.generated(SIZE, 5), TestStreams.generated(10, 6))) {
            SizeMismatchException e = assertThrows(SizeMismatchException.class, () -> store.save(declared(SIZE), in));
            assertEquals(SIZE, e.expected());
        }
        assertTrue(sent.contains("DeleteObject"), sent.toString());
        assertNothingLeft();
    }

    @Test
    void aStreamThatFailsHalfWayFailsWithItsOwnExceptionInOneAttempt() throws IOException {
        IOException failure = new IOException("the client went away");
        try (InputStream in = TestStreams.failingAfter(TestStreams.generated(SIZE, 7), 2L * PART + 5, failure)) {
            IOException thrown = assertThrows(IOException.class, () -> store.save(declared(SIZE), in));
            assertSame(failure, thrown);
        }
        assertEquals(1, sent.stream().filter("PutObject"::equals).count(), "no second attempt: " + sent);
        assertNothingLeft();
    }

    @Test
    void theStoresOwnClientClosesTheConnectionOfABodyThatFailed() throws IOException {
        S3MediaStore own = servers.store(servers.builder());
        try (InputStream in = TestStreams.failingAfter(TestStreams.generated(SIZE, 10), PART + 5)) {
            IOException thrown = assertThrows(IOException.class, () -> own.save(declared(SIZE), in));
            assertTrue(thrown.getMessage().startsWith(TestStreams.FAILURE_MESSAGE), thrown.toString());
        }
        // s3proxy shows a body it is still waiting for as an object: none, so it is not waiting.
        assertNothingLeft();
    }

    @Test
    void aWrongSha256DeletesTheObject() throws IOException {
        MediaUpload wrongSha = declared(SIZE).toBuilder().expectedSha256(TestStreams.sha256(SIZE, 9)).build();
        try (InputStream in = TestStreams.generated(SIZE, 8)) {
            ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> store.save(wrongSha, in));
            assertEquals(TestStreams.sha256(SIZE, 8), e.actual());
        }
        assertTrue(sent.contains("DeleteObject"), sent.toString());
        assertNothingLeft();
    }

    @Test
    void aConnectionLostWhileTheBodyIsSentIsNotRetried() throws Exception {
        // A server that takes some of the body and then resets the connection, which the S3
        // client's default retry strategy would retry.
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread accepter = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        connections.incrementAndGet();
                        InputStream in = socket.getInputStream();
                        StringBuilder head = new StringBuilder();
                        while (!head.toString().endsWith("\r\n\r\n")) {
                            int c = in.read();
                            if (c < 0) {
                                break;
                            }
                            head.append((char) c);
                        }
                        socket.getOutputStream().write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        in.readNBytes(256 << 10);
                        socket.setSoLinger(true, 0);
                    } catch (IOException e) {
                        // The server socket was closed: the test is over.
                    }
                }
            });
            accepter.setDaemon(true);
            accepter.start();
            try (S3Client resetting = S3Client.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .endpointOverride(URI.create("http://127.0.0.1:" + server.getLocalPort()))
                    .region(Region.US_EAST_1)
                    .forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build()) {
                // A streaming PutObject uses neither the executor nor the journal.
                ObjectWriter writer = new ObjectWriter(resetting, "bucket", "media/ab/key.mp4", "video/mp4",
                        PART, 1, ForkJoinPool.commonPool(), null);
                CheckedReader reader = new CheckedReader(TestStreams.generated(SIZE, 11), declared(SIZE), SIZE);
                MediaStoreException e = assertThrows(MediaStoreException.class,
                        () -> writer.write(new byte[0], 0, reader, OptionalLong.of(SIZE)));
                assertTrue(e.getMessage().startsWith("cannot upload object 'media/ab/key.mp4'"), e.toString());
            }
        }
        assertEquals(1, connections.get(), "attempts");
    }

    private void assertNothingLeft() throws IOException {
        assertEquals(List.of(), TestServers.uploads(servers.bucket), "multipart uploads in progress");
        assertEquals(List.of(), TestServers.objectsOnceSettled(servers.bucket), "objects");
        assertEquals(List.of(), store.list("p"), "rows");
        ConsistencyReport report = store.check();
        assertEquals(List.of(), report.findings(), report.toString());
    }
}
