package io.vidstore.benchmarks;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaUpload;
import io.vidstore.s3.S3MediaStore;
import io.vidstore.s3.testing.S3Proxy;
import io.vidstore.s3.testing.SchemaDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * {@link S3MediaStore} against the AWS SDK it is built on, on the same s3proxy server in the same
 * run: a save of a file's stream (unknown length: a multipart upload once it passes one part)
 * against {@code putObject} of the same file, and an open and {@code transferTo} into a file
 * against {@code getObject} into a file. The target is 0.8× of the SDK or better. {@link
 * #storeSaveKnownSize()} saves the same stream with its size declared, which the store streams as
 * the body of one {@code PutObject}, the request {@link #sdkPut()} makes. Two more methods
 * separate the store's cost from the server's: {@link #storeSaveOnePart()} saves with a part size
 * larger than the file (one {@code PutObject} of a buffered part), and {@link #sdkMultipartPut()}
 * makes the multipart upload the store makes with the SDK alone.
 *
 * <pre>java -jar vidstore-benchmarks/target/benchmarks.jar S3Benchmark</pre>
 *
 * Needs s3proxy's self-contained jar, which {@code mvn -pl vidstore-s3 verify} copies to {@code
 * vidstore-s3/target/s3proxy/s3proxy.jar} (or give its path with {@code -Dvidstore.s3proxy.jar}),
 * and PostgreSQL as vidstore-s3's tests find it: {@code VIDSTORE_TEST_POSTGRES_URL}, {@code
 * _USER} and {@code _PASSWORD}, by default {@code jdbc:postgresql://localhost:5432/vidstore_test}
 * as {@code vidstore}/{@code vidstore}. Each trial works in a schema and a bucket of its own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class S3Benchmark {

    private static final String ACCESS_KEY = S3Proxy.ACCESS_KEY;
    private static final String SECRET_KEY = S3Proxy.SECRET_KEY;

    /** The size of the file saved and read. */
    @Param({"64MiB"})
    public String fileSize;

    private ScratchDirectory dir;
    private S3Proxy proxy;
    private S3Client s3;
    private S3MediaStore store;
    /** A store whose part size exceeds the file: its saves are one {@code PutObject}, like {@link #sdkPut()}. */
    private S3MediaStore onePartStore;
    private String schema;
    private String bucket;
    private Path source;
    private long sourceSize;
    private Path target;
    private MediaId stored;
    private final List<MediaId> saved = new ArrayList<>();

    /**
     * Starts s3proxy, makes a bucket, a schema and the file, and stores it once for the reads.
     *
     * @throws Exception if a server cannot be started or reached
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = ScratchDirectory.create("s3-");
        proxy = S3Proxy.start("vidstore-s3/target/s3proxy/s3proxy.jar");
        URI endpoint = proxy.endpoint();
        s3 = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        bucket = "bench-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket));
        schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = SchemaDataSource.forTests(null).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        store = S3MediaStore.builder()
                .endpoint(endpoint)
                .region("us-east-1")
                .pathStyleAccess(true)
                .credentials(ACCESS_KEY, SECRET_KEY)
                .bucket(bucket)
                .dataSource(SchemaDataSource.forTests(schema))
                .gracePeriod(Duration.ofHours(1))
                .build();
        onePartStore = S3MediaStore.builder()
                .endpoint(endpoint)
                .region("us-east-1")
                .pathStyleAccess(true)
                .credentials(ACCESS_KEY, SECRET_KEY)
                .bucket(bucket)
                .dataSource(SchemaDataSource.forTests(schema))
                .partSize(S3MediaStore.MAX_PART_SIZE)
                .recoverOnStart(false)
                .build();
        source = dir.path().resolve("source.mp4");
        target = dir.path().resolve("target.mp4");
        try (InputStream in = new PatternInputStream(ByteSize.parse(fileSize))) {
            Files.copy(in, source);
        }
        sourceSize = Files.size(source);
        try (InputStream in = Files.newInputStream(source)) {
            stored = store.save(MediaUpload.of("bench", "source.mp4", "video/mp4"), in).id();
        }
        s3.putObject(b -> b.bucket(bucket).key("sdk/reference.mp4"), RequestBody.fromFile(source));
    }

    /**
     * Saves the file's stream through the store.
     *
     * @return the new media's id
     * @throws IOException if the save fails
     */
    @Benchmark
    public MediaId storeSave() throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            MediaId id = store.save(MediaUpload.of("bench", "copy.mp4", "video/mp4"), in).id();
            saved.add(id);
            return id;
        }
    }

    /**
     * Saves the file's stream through the store with the file's size declared: one streaming
     * {@code PutObject}, the request {@link #sdkPut()} makes.
     *
     * @return the new media's id
     * @throws IOException if the save fails
     */
    @Benchmark
    public MediaId storeSaveKnownSize() throws IOException {
        MediaUpload upload = MediaUpload.builder("copy.mp4").projectId("bench").contentType("video/mp4")
                .expectedSize(sourceSize).build();
        try (InputStream in = Files.newInputStream(source)) {
            MediaId id = store.save(upload, in).id();
            saved.add(id);
            return id;
        }
    }

    /**
     * Saves the file's stream through a store whose part size exceeds the file: one {@code
     * PutObject}, the request {@link #sdkPut()} makes.
     *
     * @return the new media's id
     * @throws IOException if the save fails
     */
    @Benchmark
    public MediaId storeSaveOnePart() throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            MediaId id = onePartStore.save(MediaUpload.of("bench", "copy.mp4", "video/mp4"), in).id();
            saved.add(id);
            return id;
        }
    }

    /**
     * Uploads the file with the SDK as the store does, a multipart upload of 8 MiB parts (one
     * after the other), to tell the server's cost of multipart uploads from the store's.
     *
     * @return the object's ETag
     */
    @Benchmark
    public String sdkMultipartPut() {
        String key = "sdk/multipart.mp4";
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        long size = ByteSize.parse(fileSize);
        long part = 8 << 20;
        List<CompletedPart> parts = new ArrayList<>();
        try (FileChannel in = FileChannel.open(source)) {
            for (int number = 1; (number - 1) * part < size; number++) {
                int n = number;
                long offset = (n - 1) * part;
                int length = (int) Math.min(part, size - offset);
                ByteBuffer buffer = ByteBuffer.allocate(length);
                while (buffer.hasRemaining() && in.read(buffer, offset + buffer.position()) > 0) {
                    // Reads the part.
                }
                String eTag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(n),
                        RequestBody.fromByteBuffer(buffer.flip())).eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(eTag).build());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())).eTag();
    }

    /**
     * Puts the file with the SDK, as one request.
     *
     * @return the object's ETag
     */
    @Benchmark
    public String sdkPut() {
        return s3.putObject(b -> b.bucket(bucket).key("sdk/put.mp4"), RequestBody.fromFile(source)).eTag();
    }

    /**
     * Opens the stored media and transfers it into a file.
     *
     * @return the number of bytes transferred
     * @throws IOException if reading or writing fails
     */
    @Benchmark
    public long storeReadToFile() throws IOException {
        try (MediaContent content = store.open(stored);
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            return content.transferTo(out);
        }
    }

    /**
     * Gets the reference object with the SDK into a file.
     *
     * @return the object's size
     * @throws IOException if the old file cannot be deleted
     */
    @Benchmark
    public long sdkGetToFile() throws IOException {
        Files.deleteIfExists(target);
        return s3.getObject(b -> b.bucket(bucket).key("sdk/reference.mp4"), ResponseTransformer.toFile(target))
                .contentLength();
    }

    /**
     * Deletes the media saved during the iteration, so that the bucket does not grow.
     *
     * @throws IOException if a delete fails
     */
    @TearDown(Level.Iteration)
    public void deleteSaved() throws IOException {
        for (MediaId id : saved) {
            store.delete(id);
        }
        saved.clear();
    }

    /**
     * Stops the store and s3proxy and drops the schema.
     *
     * @throws Exception if the schema cannot be dropped
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        store.close();
        onePartStore.close();
        s3.close();
        proxy.close();
        try (Connection c = SchemaDataSource.forTests(null).getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
        dir.close();
    }
}
