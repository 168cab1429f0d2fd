package io.vidstore.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.ByteRange;
import io.vidstore.api.ChecksumMismatchException;
import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaTooLargeException;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.SizeMismatchException;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Uploads of several parts, and what a failed one leaves behind: nothing. */
class MultipartTest extends WithTestServers {

    private static final int PART = S3MediaStore.MIN_PART_SIZE;
    private static final long SIZE = 3L * PART + 12_345;

    private S3MediaStore store;

    @BeforeEach
    void store() throws Exception {
        store = servers.store(servers.builder().maxUploadSize(5L * PART));
    }

    @Test
    void severalPartsOfUnknownLengthSaveAndReadBackWithRangesAcrossParts() throws IOException {
        StoredMedia saved;
        try (InputStream in = TestStreams.generated(SIZE, 1)) {
            saved = store.save(MediaUpload.of("p", "big.mp4", "video/mp4"), in);
        }
        assertEquals(SIZE, saved.size());
        assertEquals(Optional.of(TestStreams.sha256(SIZE, 1)), saved.sha256());
        try (MediaContent content = store.open(saved.id()); InputStream in = content.inputStream()) {
            assertEquals(Optional.empty(), content.localPath());
            assertEquals(TestStreams.sha256(SIZE, 1), TestStreams.sha256Hex(in));
        }
        byte[] all;
        try (InputStream in = TestStreams.generated(SIZE, 1)) {
            all = in.readAllBytes();
        }
        long across = PART - 1000;
        try (MediaContent part = store.open(saved.id(), ByteRange.ofLength(across, 5000))) {
            assertEquals(across, part.offset());
            try (InputStream in = part.inputStream()) {
                assertArrayEquals(Arrays.copyOfRange(all, (int) across, (int) across + 5000), in.readAllBytes());
            }
        }
        try (MediaContent content = store.open(saved.id()); SeekableByteChannel channel = content.newChannel()) {
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            for (long position : new long[] {2L * PART + 7, 100, SIZE - 4096, PART}) {
                channel.position(position);
                buffer.clear();
                while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                    // Reads until the buffer is full.
                }
                assertArrayEquals(Arrays.copyOfRange(all, (int) position, (int) position + 4096),
                        buffer.array(), "4096 bytes at " + position);
            }
        }
        List<?> objects = TestServers.objects(servers.bucket);
        assertEquals(1, objects.size(), objects.toString());
        assertTrue(store.check().isConsistent(), store.check().toString());
    }

    @Test
    void aStreamThatFailsAfterSomePartsLeavesNoUploadNoObjectAndNoRow() throws IOException {
        IOException failure = new IOException("the client went away");
        try (InputStream in = TestStreams.failingAfter(TestStreams.generated(SIZE, 2), 2L * PART + 5, failure)) {
            IOException thrown = assertThrows(IOException.class,
                    () -> store.save(MediaUpload.of("p", "big.mp4", "video/mp4"), in));
            assertSame(failure, thrown);
        }
        assertNothingLeft();
    }

    @Test
    void checksMadeAtTheEndAbortTheMultipartUpload() throws IOException {
        MediaUpload wrongSize = MediaUpload.builder("big.mp4").projectId("p").expectedSize(SIZE + 1).build();
        try (InputStream in = TestStreams.generated(SIZE, 3)) {
            assertThrows(SizeMismatchException.class, () -> store.save(wrongSize, in));
        }
        MediaUpload wrongSha = MediaUpload.builder("big.mp4").projectId("p")
                .expectedSha256(TestStreams.sha256(SIZE, 4)).build();
        try (InputStream in = TestStreams.generated(SIZE, 3)) {
            ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> store.save(wrongSha, in));
            assertEquals(TestStreams.sha256(SIZE, 3), e.actual());
        }
        try (InputStream in = TestStreams.generated(6L * PART, 3)) {
            assertThrows(MediaTooLargeException.class,
                    () -> store.save(MediaUpload.of("p", "huge.mp4", "video/mp4"), in));
        }
        assertNothingLeft();
    }

    private void assertNothingLeft() throws IOException {
        assertEquals(List.of(), TestServers.uploads(servers.bucket), "multipart uploads in progress");
        assertEquals(List.of(), TestServers.objects(servers.bucket), "objects");
        assertEquals(List.of(), store.list("p"), "rows");
        ConsistencyReport report = store.check();
        assertEquals(List.of(), report.findings(), report.toString());
    }
}
