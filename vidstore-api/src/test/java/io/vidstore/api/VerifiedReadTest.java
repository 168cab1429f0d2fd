package io.vidstore.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.testing.TestStreams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link MediaContent#verifiedInputStream()} and {@link MediaContent#transferVerifiedTo}. */
class VerifiedReadTest {

    private static final MediaId ID = MediaId.of("m-1");

    /** A content over bytes that are, or are not, the ones its media was recorded with. */
    private static final class BytesContent implements MediaContent {
        private final StoredMedia media;
        private final byte[] bytes;
        private final long offset;
        private final UnaryOperator<InputStream> wrap;

        BytesContent(StoredMedia media, byte[] bytes, long offset, UnaryOperator<InputStream> wrap) {
            this.media = media;
            this.bytes = bytes;
            this.offset = offset;
            this.wrap = wrap;
        }

        @Override
        public StoredMedia media() {
            return media;
        }

        @Override
        public long size() {
            return offset == 0 ? media.size() : bytes.length;
        }

        @Override
        public long offset() {
            return offset;
        }

        @Override
        public InputStream inputStream() {
            return wrap.apply(new ByteArrayInputStream(bytes));
        }

        @Override
        public SeekableByteChannel newChannel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferTo(WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            out.write(bytes);
            return bytes.length;
        }

        @Override
        public Optional<Path> localPath() {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    }

    private static StoredMedia media(byte[] recorded, boolean withSha256) {
        return StoredMedia.builder(ID).filename("clip.mp4").size(recorded.length)
                .createdAt(Instant.EPOCH).sha256(withSha256 ? TestStreams.sha256Hex(recorded) : null).build();
    }

    /** A content whose media was saved as {@code recorded} and whose storage now holds {@code held}. */
    private static BytesContent content(byte[] recorded, byte[] held) {
        return new BytesContent(media(recorded, true), held, 0, UnaryOperator.identity());
    }

    private static byte[] corrupted(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 65536, 65537, 300_000})
    void intactContentIsReadWhole(int size) throws IOException {
        byte[] bytes = TestStreams.generatedBytes(size, 7);
        BytesContent content = content(bytes, bytes);
        assertTrue(content.verifiable());

        try (InputStream in = content.verifiedInputStream()) {
            assertArrayEquals(bytes, in.readAllBytes());
            assertEquals(-1, in.read());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(size, content.transferVerifiedTo(out));
        assertArrayEquals(bytes, out.toByteArray());
    }

    @Test
    void intactContentReadOneByteAtATimeOrByteByByte() throws IOException {
        byte[] bytes = TestStreams.generatedBytes(1000, 3);
        BytesContent slow = new BytesContent(media(bytes, true), bytes, 0, TestStreams::oneByteAtATime);
        try (InputStream in = slow.verifiedInputStream()) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
        try (InputStream in = content(bytes, bytes).verifiedInputStream()) {
            for (byte b : bytes) {
                assertEquals(b & 0xFF, in.read());
            }
            assertEquals(-1, in.read());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 500, 99_999})
    void sameSizeCorruptionFailsTheReadOfTheLastBytes(int damaged) throws IOException {
        byte[] bytes = TestStreams.generatedBytes(100_000, 11);
        byte[] held = corrupted(bytes, damaged);
        String expected = TestStreams.sha256Hex(bytes);
        String actual = TestStreams.sha256Hex(held);

        try (InputStream in = content(bytes, held).verifiedInputStream()) {
            byte[] buffer = new byte[30_000];
            long returned = 0;
            for (int i = 0; i < 3; i++) {
                returned += in.readNBytes(buffer, 0, buffer.length);
            }
            assertEquals(90_000, returned, "every read before the last returns its bytes");
            Arrays.fill(buffer, (byte) 1);
            ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                    () -> in.read(buffer, 0, buffer.length));
            assertEquals(Optional.of(ID), e.mediaId());
            assertEquals(expected, e.expected());
            assertEquals(actual, e.actual());
            assertEquals("content of media 'm-1' should have SHA-256 " + expected + " but has " + actual
                    + "; it was changed or damaged in storage", e.getMessage());
            assertTrue(allZero(buffer, 10_000), "the withheld bytes must not be left in the buffer");
            assertInstanceOf(ChecksumMismatchException.class,
                    assertThrows(IOException.class, in::read), "a later read fails again");
        }
    }

    private static boolean allZero(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void transferVerifiedToWritesAllButTheLastChunkOfDamagedContent() throws IOException {
        byte[] bytes = TestStreams.generatedBytes(200_000, 5);
        byte[] held = corrupted(bytes, 199_999);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                () -> content(bytes, held).transferVerifiedTo(out));

        assertEquals(Optional.of(ID), e.mediaId());
        assertEquals(TestStreams.sha256Hex(held), e.actual());
        assertTrue(out.size() < bytes.length, "wrote " + out.size() + " bytes");
        assertTrue(out.size() >= bytes.length - 64 * 1024, "wrote only " + out.size() + " bytes");
        assertArrayEquals(Arrays.copyOf(held, out.size()), out.toByteArray());
    }

    @Test
    void transferVerifiedToOfDamagedSmallContentWritesNothing() {
        byte[] bytes = "subtitles".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(ChecksumMismatchException.class, () -> content(bytes, corrupted(bytes, 0)).transferVerifiedTo(out));
        assertEquals(0, out.size());
    }

    @Test
    void truncatedContentFails() throws IOException {
        byte[] bytes = TestStreams.generatedBytes(1000, 1);
        BytesContent content = content(bytes, Arrays.copyOf(bytes, 999));
        try (InputStream in = content.verifiedInputStream()) {
            MediaStoreException e = assertThrows(MediaStoreException.class, in::readAllBytes);
            assertEquals("content of media 'm-1' ended after 999 of its 1000 bytes; it was truncated in storage",
                    e.getMessage());
        }
        assertThrows(MediaStoreException.class, () -> content.transferVerifiedTo(OutputStream.nullOutputStream()));
    }

    @Test
    void longerContentFails() throws IOException {
        byte[] bytes = TestStreams.generatedBytes(1000, 1);
        byte[] longer = Arrays.copyOf(bytes, 1001);
        try (InputStream in = content(bytes, longer).verifiedInputStream()) {
            MediaStoreException e = assertThrows(MediaStoreException.class, in::readAllBytes);
            assertEquals("content of media 'm-1' is longer than the 1000 bytes recorded for it", e.getMessage());
        }
    }

    @Test
    void emptyContentIsCheckedAtTheEnd() throws IOException {
        byte[] empty = new byte[0];
        BytesContent grown = content(empty, new byte[] {1});
        try (InputStream in = grown.verifiedInputStream()) {
            assertThrows(MediaStoreException.class, in::read);
        }
        try (InputStream in = content(empty, empty).verifiedInputStream()) {
            assertEquals(0, in.read(new byte[4], 0, 0));
            assertEquals(-1, in.read());
        }
    }

    @Test
    void legacyMediaWithoutSha256IsNotVerifiable() {
        byte[] bytes = {1, 2, 3};
        BytesContent legacy = new BytesContent(media(bytes, false), bytes, 0, UnaryOperator.identity());
        assertFalse(legacy.verifiable());
        IllegalStateException e = assertThrows(IllegalStateException.class, legacy::verifiedInputStream);
        assertEquals("media 'm-1' has no recorded SHA-256 (it was stored by an older application), so its"
                + " content cannot be verified", e.getMessage());
        assertThrows(IllegalStateException.class, () -> legacy.transferVerifiedTo(OutputStream.nullOutputStream()));
    }

    @Test
    void rangeIsNotVerifiable() {
        byte[] whole = TestStreams.generatedBytes(100, 2);
        BytesContent range = new BytesContent(media(whole, true), Arrays.copyOfRange(whole, 10, 20), 10,
                UnaryOperator.identity());
        assertFalse(range.verifiable());
        IllegalStateException e = assertThrows(IllegalStateException.class, range::verifiedInputStream);
        assertEquals("content of media 'm-1' is the range of 10 bytes at 10 of its 100 bytes; only whole"
                + " content can be verified", e.getMessage());
    }

    @Test
    void readMismatchSurvivesSerialisation() throws Exception {
        ChecksumMismatchException e = new ChecksumMismatchException(ID, "a".repeat(64), "b".repeat(64));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ChecksumMismatchException copy = (ChecksumMismatchException) in.readObject();
            assertEquals(Optional.of(ID), copy.mediaId());
            assertEquals(e.getMessage(), copy.getMessage());
        }
        assertEquals(Optional.empty(), new ChecksumMismatchException("a.mp4", "e", "f").mediaId());
    }
}
