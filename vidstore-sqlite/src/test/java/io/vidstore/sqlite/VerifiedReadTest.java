package io.vidstore.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silent bit rot: content changed on disk or in the database, keeping its size, is returned by a
 * plain read but fails a verified one, before its last bytes are returned.
 */
class VerifiedReadTest {

    @TempDir
    Path dir;

    private SqliteMediaStore store;

    @BeforeEach
    void open() throws IOException {
        store = SqliteMediaStore.builder(dir).chunkSize(16 << 10).inlineLimit(4096).build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Path file(StoredMedia media) throws IOException {
        try (MediaContent content = store.open(media.id())) {
            return content.localPath().orElseThrow();
        }
    }

    private static void assertMismatch(ChecksumMismatchException e, StoredMedia media, String actual) {
        assertEquals(Optional.of(media.id()), e.mediaId());
        assertEquals(media.sha256().orElseThrow(), e.expected());
        assertEquals(actual, e.actual());
        assertEquals("content of media '" + media.id() + "' should have SHA-256 " + e.expected() + " but has "
                + actual + "; it was changed or damaged in storage", e.getMessage());
    }

    /** Both verified reads fail, and withhold the last bytes; a plain read returns the damage. */
    private void assertDetected(StoredMedia media) throws IOException {
        String actual;
        try (MediaContent content = store.open(media.id()); InputStream plain = content.inputStream()) {
            actual = TestStreams.sha256Hex(plain);
            assertFalse(actual.equals(media.sha256().orElseThrow()), "the test did change the content");
        }
        try (MediaContent content = store.open(media.id())) {
            assertTrue(content.verifiable());
            try (InputStream in = content.verifiedInputStream()) {
                byte[] buffer = new byte[1000];
                long returned = 0;
                ChecksumMismatchException e = null;
                try {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        returned += n;
                    }
                } catch (ChecksumMismatchException thrown) {
                    e = thrown;
                }
                assertTrue(e != null, "the verified stream ended without a mismatch");
                assertMismatch(e, media, actual);
                assertTrue(returned < media.size(), "returned " + returned + " of " + media.size() + " bytes");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertMismatch(assertThrows(ChecksumMismatchException.class, () -> content.transferVerifiedTo(out)),
                    media, actual);
            assertTrue(out.size() < media.size(), "wrote " + out.size() + " of " + media.size() + " bytes");
        }
    }

    private void assertVerifies(StoredMedia media) throws IOException {
        try (MediaContent content = store.open(media.id())) {
            try (InputStream in = content.verifiedInputStream()) {
                assertEquals(media.sha256().orElseThrow(), TestStreams.sha256Hex(in));
            }
            TestStreams.Sha256OutputStream out = TestStreams.sha256Sink();
            assertEquals(media.size(), content.transferVerifiedTo(out));
            assertEquals(media.sha256().orElseThrow(), out.hex());
        }
    }

    @Test
    void aVideoFileChangedOnDiskWithTheSameSizeFailsTheVerifiedRead() throws Exception {
        StoredMedia video = store.save(MediaUpload.of("p", "clip.mp4", "video/mp4"), TestStreams.mp4(200_000, 1));
        StoredMedia other = store.save(MediaUpload.of("p", "other.mp4", "video/mp4"), TestStreams.mp4(200_000, 2));
        Path file = file(video);
        assertTrue(file.startsWith(dir.toRealPath()), file.toString());
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 150_000);
        }
        assertEquals(200_000, Files.size(file));

        assertDetected(video);
        assertVerifies(other);
    }

    @Test
    void anInlineBlobChangedInTheDatabaseWithTheSameSizeFailsTheVerifiedRead() throws Exception {
        StoredMedia small = store.save(MediaUpload.of("p", "subs.srt", "text/plain"), TestStreams.generated(1000, 3));
        StoredMedia other = store.save(MediaUpload.of("p", "other.srt", "text/plain"), TestStreams.generated(900, 4));
        try (MediaContent content = store.open(small.id())) {
            assertEquals(Optional.empty(), content.localPath(), "the small file is kept inline");
        }
        try (Connection c = Rows.connect(store.databaseFile());
                PreparedStatement ps = c.prepareStatement("UPDATE files SET data = ? WHERE id = ?")) {
            ps.setBytes(1, TestStreams.generatedBytes(1000, 99));
            ps.setString(2, small.id().value());
            assertEquals(1, ps.executeUpdate());
        }

        assertDetected(small);
        assertVerifies(other);
    }

    @Test
    void aLegacyRowWithoutSha256IsNotVerifiable() throws Exception {
        StoredMedia video = store.save(MediaUpload.of("p", "clip.mp4", "video/mp4"), TestStreams.mp4(50_000, 5));
        Rows.execute(store.databaseFile(), "UPDATE files SET sha256 = NULL WHERE id = '" + video.id().value() + "'");
        try (MediaContent content = store.open(video.id())) {
            assertFalse(content.verifiable());
            IllegalStateException e = assertThrows(IllegalStateException.class, content::verifiedInputStream);
            assertTrue(e.getMessage().contains("has no recorded SHA-256"), e.getMessage());
        }
    }
}
