package io.vidstore.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.ChecksumMismatchException;
import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** Content changed in the bucket or the database behind the store's back fails a verified read. */
class S3VerifiedReadTest extends WithTestServers {

    private static StoredMedia save(S3MediaStore store, String name, int size, long seed) throws IOException {
        try (InputStream in = TestStreams.generated(size, seed)) {
            return store.save(MediaUpload.of("p", name, name.endsWith(".mp4") ? "video/mp4" : "text/plain"), in);
        }
    }

    private static void assertMismatch(ChecksumMismatchException e, StoredMedia media, byte[] held) {
        assertEquals(Optional.of(media.id()), e.mediaId());
        assertEquals(media.sha256().orElseThrow(), e.expected());
        assertEquals(TestStreams.sha256Hex(held), e.actual());
        assertTrue(e.getMessage().contains(media.id().value()) && e.getMessage().contains(e.expected())
                && e.getMessage().contains(e.actual()), e.getMessage());
    }

    @Test
    void sameSizeCorruptionOfAnObjectOrInlineContentIsDetected() throws Exception {
        S3MediaStore store = servers.store(servers.builder());
        StoredMedia video = save(store, "video.mp4", 300_000, 1);
        StoredMedia small = save(store, "small.srt", 500, 2);
        StoredMedia intact = save(store, "intact.mp4", 200_000, 3);
        StoredMedia intactSmall = save(store, "intact.srt", 300, 4);

        String key = TestServers.objects(servers.bucket).stream().map(o -> o.key())
                .filter(k -> k.contains(video.id().value())).findFirst().orElseThrow();
        byte[] otherVideo = TestStreams.generatedBytes(300_000, 99);
        TestServers.s3().putObject(b -> b.bucket(servers.bucket).key(key), RequestBody.fromBytes(otherVideo));
        byte[] otherSmall = TestStreams.generatedBytes(500, 98);
        try (Connection c = Postgres.dataSource(servers.schema).getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE files SET data = ? WHERE id = ?")) {
            ps.setBytes(1, otherSmall);
            ps.setString(2, small.id().value());
            assertEquals(1, ps.executeUpdate());
        }

        for (StoredMedia damaged : new StoredMedia[] {video, small}) {
            byte[] held = damaged == video ? otherVideo : otherSmall;
            try (MediaContent content = store.open(damaged.id())) {
                assertTrue(content.verifiable());
                try (InputStream in = content.verifiedInputStream()) {
                    assertMismatch(assertThrows(ChecksumMismatchException.class, in::readAllBytes), damaged, held);
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertMismatch(assertThrows(ChecksumMismatchException.class, () -> content.transferVerifiedTo(out)),
                        damaged, held);
                assertTrue(out.size() < held.length, "the last bytes were withheld");
            }
        }
        for (StoredMedia fine : new StoredMedia[] {intact, intactSmall}) {
            try (MediaContent content = store.open(fine.id())) {
                TestStreams.Sha256OutputStream out = TestStreams.sha256Sink();
                assertEquals(fine.size(), content.transferVerifiedTo(out));
                assertEquals(fine.sha256().orElseThrow(), out.hex());
            }
        }
    }
}
