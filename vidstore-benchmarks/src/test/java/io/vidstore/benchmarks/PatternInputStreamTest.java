package io.vidstore.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PatternInputStreamTest {

    @Test
    void returnsExactlyTheLengthAskedFor() throws IOException {
        assertEquals(200_000, new PatternInputStream(200_000).readAllBytes().length);
        assertEquals(0, new PatternInputStream(0).readAllBytes().length);
        assertEquals(-1, new PatternInputStream(0).read());
    }

    @Test
    void givesTheSameBytesWhateverTheReadSizes() throws IOException {
        byte[] whole = new PatternInputStream(150_000).readAllBytes();
        byte[] pieces = new byte[whole.length];
        try (InputStream in = new PatternInputStream(whole.length)) {
            int pos = 0;
            int step = 1;
            for (int n; (n = in.read(pieces, pos, Math.min(step, pieces.length - pos))) > 0; ) {
                pos += n;
                step = step * 3 + 1;
            }
        }
        assertArrayEquals(whole, pieces);
        assertEquals(whole[0] & 0xFF, new PatternInputStream(1).read());
    }

    @Test
    void startsWithAPrefixThatIsNoMediaSignature() throws IOException {
        byte[] head = new PatternInputStream(26).readAllBytes();
        assertEquals("VIDSTORE-BENCHMARK-PAYLOAD", new String(head, StandardCharsets.US_ASCII));
    }

    @Test
    void doesNotRepeatWithinAChunk() throws IOException {
        byte[] data = new PatternInputStream(1 << 16).readAllBytes();
        // The table is 65,521 bytes, a prime, so 64 KiB of data is not two copies of one half.
        assertEquals(false, Arrays.equals(data, 0, 1 << 15, data, 1 << 15, 1 << 16));
    }

    @Test
    void refusesANegativeLength() {
        assertThrows(IllegalArgumentException.class, () -> new PatternInputStream(-1));
    }
}
