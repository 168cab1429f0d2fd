package io.vidstore.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaStoreException;
import io.vidstore.s3.testing.SchemaDataSource;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The builder refuses bad settings at once, naming the setting and the value. */
class BuilderTest {

    static Stream<Arguments> badSettings() {
        return Stream.of(
                bad("partSize", b -> b.partSize(S3MediaStore.MIN_PART_SIZE - 1)),
                bad("partSize", b -> b.partSize(S3MediaStore.MAX_PART_SIZE + 1)),
                bad("uploadParallelism", b -> b.uploadParallelism(0)),
                bad("inlineLimit", b -> b.inlineLimit(-1)),
                bad("inlineLimit", b -> b.inlineLimit(S3MediaStore.MAX_INLINE_LIMIT + 1)),
                bad("maxUploadSize", b -> b.maxUploadSize(-1)),
                bad("bucket", b -> b.bucket("Upper_Case")),
                bad("bucket", b -> b.bucket("ab")),
                bad("region", b -> b.region("")),
                bad("endpoint", b -> b.endpoint(URI.create("ftp://host"))),
                bad("endpoint", b -> b.endpoint(URI.create("http://host/?q=1"))),
                bad("keyPrefix", b -> b.keyPrefix("no-slash")),
                bad("keyPrefix", b -> b.keyPrefix("/absolute/")),
                bad("keyPrefix", b -> b.keyPrefix("a/../b/")),
                bad("credentials", b -> b.credentials(" ", "secret")),
                bad("gracePeriod", b -> b.gracePeriod(Duration.ofMillis(10))),
                bad("videoExtensions", b -> b.videoExtensions(List.of(".mp4"))));
    }

    private static Arguments bad(String setting, Consumer<S3MediaStore.Builder> change) {
        return Arguments.of(setting, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void badValuesFailAtOnceNamingTheSetting(String setting, Consumer<S3MediaStore.Builder> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.accept(S3MediaStore.builder()));
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }

    @Test
    void buildChecksRequiredAndContradictorySettings() {
        SchemaDataSource ds = Postgres.dataSource(null);
        assertMessage("bucket", () -> S3MediaStore.builder().region("us-east-1").dataSource(ds).build());
        assertMessage("dataSource", () -> S3MediaStore.builder().region("us-east-1").bucket("media").build());
        assertMessage("region", () -> S3MediaStore.builder().bucket("media").dataSource(ds).build());
        assertMessage("raise partSize", () -> S3MediaStore.builder().region("us-east-1").bucket("media")
                .dataSource(ds).maxUploadSize(10_000L * S3MediaStore.DEFAULT_PART_SIZE + 1).build());
        assertMessage("inlineLimit", () -> S3MediaStore.builder().region("us-east-1").bucket("media")
                .dataSource(ds).partSize(S3MediaStore.MIN_PART_SIZE).inlineLimit(S3MediaStore.MIN_PART_SIZE).build());
    }

    private static void assertMessage(String part, Executable build) {
        IllegalStateException e = assertThrows(IllegalStateException.class, build);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void aBucketThatDoesNotExistFailsTheBuild() throws Exception {
        try (TestServers servers = TestServers.create()) {
            MediaStoreException e = assertThrows(MediaStoreException.class,
                    () -> servers.builder().bucket("no-such-bucket-here").build());
            assertTrue(e.getMessage().contains("no-such-bucket-here"), e.getMessage());
            assertEquals(0, servers.store(servers.builder()).list(null).size());
        }
    }
}
