package io.vidstore.s3;

import io.vidstore.s3.testing.S3Proxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The servers of one test: its own PostgreSQL schema and its own bucket on the run's s3proxy,
 * and builders for stores on them. Closing it closes the stores it built and drops the schema.
 */
final class TestServers implements AutoCloseable {

    private static S3Proxy proxy;
    private static S3Client client;

    final String schema;
    final String bucket;
    private final List<S3MediaStore> stores = new ArrayList<>();

    private TestServers(String schema, String bucket) {
        this.schema = schema;
        this.bucket = bucket;
    }

    /** Creates a schema and a bucket; skips or fails the test without PostgreSQL (see {@link Postgres}). */
    static TestServers create() throws IOException {
        String schema;
        try {
            schema = Postgres.newSchema();
        } catch (SQLException e) {
            throw new IOException("cannot create a schema in " + Postgres.URL + ": " + e.getMessage(), e);
        }
        String bucket = "t-" + UUID.randomUUID();
        s3().createBucket(b -> b.bucket(bucket));
        return new TestServers(schema, bucket);
    }

    /** The run's s3proxy, started on first use and stopped when the test JVM exits. */
    static synchronized URI endpoint() {
        if (proxy == null) {
            try {
                proxy = S3Proxy.start("target/s3proxy/s3proxy.jar");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            S3Proxy started = proxy;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return proxy.endpoint();
    }

    /** A plain SDK client for the run's s3proxy, to look behind the store's back. */
    static synchronized S3Client s3() {
        if (client == null) {
            client = newClient(endpoint());
        }
        return client;
    }

    static S3Client newClient(URI endpoint) {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** The objects in a bucket, without the folder markers that s3proxy's file-system backend lists. */
    static List<S3Object> objects(String bucket) {
        return s3().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .filter(o -> !o.key().endsWith("/"))
                .toList();
    }

    /**
     * The objects in a bucket once it has no more, or after 10 seconds. s3proxy lists a body it
     * is receiving as an object until its request thread sees the connection closed, a moment
     * after the client closed it; a connection left open keeps it for the server's idle timeout
     * (30 s), well past this wait.
     */
    static List<S3Object> objectsOnceSettled(String bucket) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<S3Object> objects = objects(bucket);
        while (!objects.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            objects = objects(bucket);
        }
        return objects;
    }

    /** The multipart uploads in progress in a bucket. */
    static List<MultipartUpload> uploads(String bucket) {
        return s3().listMultipartUploads(b -> b.bucket(bucket)).uploads();
    }

    /** A builder for a store on this test's schema and bucket, with 5 MiB parts. */
    S3MediaStore.Builder builder() {
        return builder(endpoint().toString(), Postgres.URL, schema, bucket);
    }

    /** The same, for a child JVM that gets the servers as arguments. */
    static S3MediaStore.Builder builder(String endpoint, String url, String schema, String bucket) {
        return S3MediaStore.builder()
                .endpoint(URI.create(endpoint))
                .region("us-east-1")
                .pathStyleAccess(true)
                .credentials(S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY)
                .bucket(bucket)
                .partSize(S3MediaStore.MIN_PART_SIZE)
                .uploadParallelism(2)
                .dataSource(Postgres.dataSource(url, schema));
    }

    /** The arguments that {@link #builder(String, String, String, String)} takes, for a child JVM. */
    List<String> childArgs() {
        return List.of(endpoint().toString(), Postgres.URL, schema, bucket);
    }

    /** Builds a store that is closed with this object. */
    S3MediaStore store(S3MediaStore.Builder builder) throws IOException {
        S3MediaStore store = builder.build();
        stores.add(store);
        return store;
    }

    @Override
    public void close() throws SQLException {
        for (S3MediaStore store : stores) {
            store.close();
        }
        Postgres.dropSchema(schema);
    }
}
