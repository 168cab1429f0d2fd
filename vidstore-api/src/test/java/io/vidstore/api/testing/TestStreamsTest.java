package io.vidstore.api.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TestStreamsTest {

    @Test
    void generatedContentDoesNotDependOnHowItIsRead() throws IOException {
        byte[] bulk = TestStreams.generatedBytes(100_003, 7);
        assertEquals(100_003, bulk.length);

        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (InputStream in = TestStreams.generated(100_003, 7)) {
            for (int b; (b = in.read()) >= 0; ) {
                single.write(b);
            }
        }
        assertArrayEquals(bulk, single.toByteArray());

        ByteArrayOutputStream odd = new ByteArrayOutputStream();
        try (InputStream in = TestStreams.generated(100_003, 7)) {
            byte[] buffer = new byte[4099];
            int[] sizes = {1, 3, 8, 13, 4096, 7};
            for (int i = 0, n; (n = in.read(buffer, 2, sizes[i % sizes.length])) >= 0; i++) {
                odd.write(buffer, 2, n);
            }
        }
        assertArrayEquals(bulk, odd.toByteArray());
    }

    @Test
    void generatedContentDependsOnTheSeedAndIsAPrefixOfLongerContent() {
        byte[] a = TestStreams.generatedBytes(1000, 1);
        assertFalse(Arrays.equals(a, TestStreams.generatedBytes(1000, 2)));
        assertArrayEquals(a, Arrays.copyOf(TestStreams.generatedBytes(5000, 1), 1000));
        assertEquals(0, TestStreams.generatedBytes(0, 1).length);
    }

    @Test
    void generatedSkipsCheaply() throws IOException {
        byte[] all = TestStreams.generatedBytes(10_000, 3);
        try (InputStream in = TestStreams.generated(10_000, 3)) {
            assertEquals(1234, in.skip(1234));
            assertArrayEquals(Arrays.copyOfRange(all, 1234, 10_000), in.readAllBytes());
            assertEquals(0, in.skip(10));
        }
        try (InputStream in = TestStreams.generated(5L << 40, 3)) {
            assertEquals(5L << 40, in.skip(Long.MAX_VALUE));
            assertEquals(-1, in.read());
        }
    }

    @Test
    void digestsMatchTheStreams() throws IOException {
        assertEquals(TestStreams.sha256Hex(TestStreams.generatedBytes(300_001, 9)),
                TestStreams.sha256(300_001, 9));
        assertEquals(TestStreams.sha256Hex(TestStreams.generated(300_001, 9)), TestStreams.sha256(300_001, 9));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                TestStreams.sha256(0, 9));
        assertEquals("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                TestStreams.sha256Hex("test".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(TestStreams.sha256Hex(TestStreams.mp4(70_000, 4)), TestStreams.mp4Sha256(70_000, 4));
    }

    @Test
    void mp4StartsWithAnFtypBox() throws IOException {
        try (InputStream in = TestStreams.mp4(1000, 1)) {
            byte[] all = in.readAllBytes();
            assertEquals(1000, all.length);
            assertEquals("ftypisom", new String(all, 4, 8, StandardCharsets.US_ASCII));
        }
        assertEquals(24, TestStreams.mp4(24, 1).readAllBytes().length);
        assertThrows(IllegalArgumentException.class, () -> TestStreams.mp4(23, 1));
    }

    @Test
    void oneByteAtATimeDeliversEverythingOneByteAtATime() throws IOException {
        byte[] content = TestStreams.generatedBytes(1000, 5);
        try (InputStream in = TestStreams.oneByteAtATime(new ByteArrayInputStream(content))) {
            byte[] buffer = new byte[100];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                assertEquals(1, n);
                out.write(buffer, 0, n);
            }
            assertArrayEquals(content, out.toByteArray());
        }
    }

    @Test
    void zeroReadsSometimesAlternatesEmptyReadsWithData() throws IOException {
        byte[] content = TestStreams.generatedBytes(1000, 6);
        try (InputStream in = TestStreams.zeroReadsSometimes(new ByteArrayInputStream(content))) {
            byte[] buffer = new byte[300];
            assertEquals(0, in.read(buffer));
            assertEquals(300, in.read(buffer));
            assertEquals(0, in.read(buffer));
            assertEquals(content[300] & 0xFF, in.read());
            assertArrayEquals(Arrays.copyOfRange(content, 301, 1000), in.readAllBytes());
        }
    }

    @Test
    void failingAfterDeliversExactlyNBytesThenThrows() throws IOException {
        IOException failure = new IOException("boom");
        try (InputStream in = TestStreams.failingAfter(TestStreams.generated(1000, 1), 700, failure)) {
            byte[] buffer = new byte[500];
            assertEquals(500, in.read(buffer));
            assertEquals(200, in.read(buffer));
            assertSame(failure, assertThrows(IOException.class, () -> in.read(buffer)));
            assertSame(failure, assertThrows(IOException.class, in::read));
        }
        try (InputStream in = TestStreams.failingAfter(TestStreams.generated(10, 1), 0)) {
            IOException e = assertThrows(IOException.class, in::read);
            assertTrue(e.getMessage().startsWith(TestStreams.FAILURE_MESSAGE), e.getMessage());
        }
        try (InputStream in = TestStreams.failingAfter(TestStreams.generated(10, 1), 20)) {
            assertEquals(10, in.readAllBytes().length);
        }
    }

    @Test
    void closeTrackingCountsCloses() throws IOException {
        TestStreams.CloseTrackingInputStream in = TestStreams.closeTracking(TestStreams.generated(10, 1));
        assertEquals(10, in.readAllBytes().length);
        assertFalse(in.isClosed());
        in.close();
        in.close();
        assertTrue(in.isClosed());
        assertEquals(2, in.closeCount());
    }

    @Test
    void sha256SinkDigestsWithoutKeeping() throws IOException {
        TestStreams.Sha256OutputStream sink = TestStreams.sha256Sink();
        try (InputStream in = TestStreams.generated(200_000, 8)) {
            assertEquals(200_000, in.transferTo(sink));
        }
        assertEquals(200_000, sink.count());
        assertEquals(TestStreams.sha256(200_000, 8), sink.hex());
        sink.write(1);
        assertNotEquals(TestStreams.sha256(200_000, 8), sink.hex());
        assertFalse(sink.isClosed());
        sink.close();
        assertTrue(sink.isClosed());
        assertThrows(IOException.class, () -> sink.write(1));
    }
}
