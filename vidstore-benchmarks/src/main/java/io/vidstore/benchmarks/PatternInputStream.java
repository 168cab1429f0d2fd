package io.vidstore.benchmarks;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An upload of a given length whose bytes come from a fixed table, so that feeding a store costs
 * neither memory nor disk reads: the stream allocates nothing per read, and any allocation a
 * benchmark measures is the store's.
 *
 * <p>The bytes look random to compressors and start with a prefix that matches no media
 * signature, so that the store classifies an upload by its declared name and type alone.
 */
public final class PatternInputStream extends InputStream {

    private static final byte[] TABLE = table();

    private final long length;
    private long position;

    /**
     * Creates a stream of {@code length} bytes.
     *
     * @param length how many bytes the stream returns before it ends
     */
    public PatternInputStream(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be at least 0 but was " + length);
        }
        this.length = length;
    }

    private static byte[] table() {
        // An odd size, so that chunk boundaries never line up with the table's.
        byte[] table = new byte[65_521];
        new SplittableRandom(20_26).nextBytes(table);
        byte[] prefix = "VIDSTORE-BENCHMARK-PAYLOAD".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, table, 0, prefix.length);
        return table;
    }

    @Override
    public int read() {
        if (position >= length) {
            return -1;
        }
        return TABLE[(int) (position++ % TABLE.length)] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position >= length) {
            return -1;
        }
        int want = (int) Math.min(len, length - position);
        int done = 0;
        while (done < want) {
            int from = (int) ((position + done) % TABLE.length);
            int n = Math.min(want - done, TABLE.length - from);
            System.arraycopy(TABLE, from, b, off + done, n);
            done += n;
        }
        position += want;
        return want;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, length - position);
    }
}
