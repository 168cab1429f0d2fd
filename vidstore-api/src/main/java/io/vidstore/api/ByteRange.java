package io.vidstore.api;

import java.util.Objects;

/**
 * A range of bytes to read from a media, in the three forms HTTP's {@code Range} header knows:
 * from one byte to another ({@code bytes=100-199}), from a byte to the end ({@code bytes=100-}),
 * and the last so many bytes ({@code bytes=-500}).
 *
 * <p>A range is resolved against the size of a media with {@link #within(long)}: a range that ends
 * after the media is shortened to its end; a range that starts after it (or asks for the last 0
 * bytes, or any bytes of an empty media) cannot be satisfied. Instances are immutable.
 *
 * <pre>{@code
 * try (MediaContent part = store.open(id, ByteRange.ofLength(1 << 20, 64 << 10))) {
 *     part.transferTo(out);   // 64 KiB from the second mebibyte on
 * }
 * }</pre>
 */
public final class ByteRange {

    private final long first;
    private final long last;
    private final long suffixLength;

    private ByteRange(long first, long last, long suffixLength) {
        this.first = first;
        this.last = last;
        this.suffixLength = suffixLength;
    }

    /**
     * The bytes from {@code first} to {@code last}, both included, as in {@code bytes=first-last}.
     *
     * @param first the index of the first byte, at least 0
     * @param last the index of the last byte, at least {@code first}
     * @return the range
     * @throws IllegalArgumentException if {@code first} is negative or {@code last < first}
     */
    public static ByteRange closed(long first, long last) {
        checkFirst(first);
        if (last < first) {
            throw new IllegalArgumentException(
                    "last byte " + last + " is before the first byte " + first);
        }
        return new ByteRange(first, last, -1);
    }

    /**
     * The {@code length} bytes that start at {@code offset}.
     *
     * @param offset the index of the first byte, at least 0
     * @param length how many bytes, at least 1
     * @return the range
     * @throws IllegalArgumentException if {@code offset} is negative or {@code length} is less
     *     than 1
     */
    public static ByteRange ofLength(long offset, long length) {
        checkFirst(offset);
        if (length < 1) {
            throw new IllegalArgumentException("length must be at least 1 but was " + length);
        }
        return closed(offset, length > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + length - 1);
    }

    /**
     * The bytes from {@code first} to the end, as in {@code bytes=first-}.
     *
     * @param first the index of the first byte, at least 0
     * @return the range
     * @throws IllegalArgumentException if {@code first} is negative
     */
    public static ByteRange from(long first) {
        checkFirst(first);
        return new ByteRange(first, -1, -1);
    }

    /**
     * The last {@code length} bytes, as in {@code bytes=-length}; all of them if the media is
     * shorter.
     *
     * @param length how many bytes, at least 0 (a suffix of 0 bytes is valid but never satisfiable)
     * @return the range
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static ByteRange suffix(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("suffix length must be at least 0 but was " + length);
        }
        return new ByteRange(-1, -1, length);
    }

    private static void checkFirst(long first) {
        if (first < 0) {
            throw new IllegalArgumentException("first byte must be at least 0 but was " + first);
        }
    }

    /**
     * Resolves this range against a media of {@code size} bytes.
     *
     * @param size the media's size
     * @return the offset and length of the bytes this range selects, never empty
     * @throws RangeNotSatisfiableException if the range selects no byte of the media
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public Span within(long size) throws RangeNotSatisfiableException {
        if (size < 0) {
            throw new IllegalArgumentException("size must be at least 0 but was " + size);
        }
        if (suffixLength >= 0) {
            if (suffixLength == 0 || size == 0) {
                throw new RangeNotSatisfiableException(this, size);
            }
            long length = Math.min(suffixLength, size);
            return new Span(size - length, length);
        }
        if (first >= size) {
            throw new RangeNotSatisfiableException(this, size);
        }
        long end = last < 0 ? size - 1 : Math.min(last, size - 1);
        return new Span(first, end - first + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteRange r && first == r.first && last == r.last
                && suffixLength == r.suffixLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(first, last, suffixLength);
    }

    /** {@return the range in HTTP's form, such as {@code bytes=0-99}, {@code bytes=100-} or {@code bytes=-500}} */
    @Override
    public String toString() {
        if (suffixLength >= 0) {
            return "bytes=-" + suffixLength;
        }
        return "bytes=" + first + "-" + (last < 0 ? "" : Long.toString(last));
    }

    /**
     * The bytes a range selects within a media of known size.
     *
     * @param offset the index of the first byte
     * @param length how many bytes, at least 1
     */
    public record Span(long offset, long length) {

        /**
         * Checks the values.
         *
         * @param offset the index of the first byte, at least 0
         * @param length how many bytes, at least 1
         * @throws IllegalArgumentException if a value is out of range
         */
        public Span {
            if (offset < 0 || length < 1) {
                throw new IllegalArgumentException(
                        "span needs offset >= 0 and length >= 1 but was " + offset + "+" + length);
            }
        }

        /** {@return the index of the last byte} */
        public long last() {
            return offset + length - 1;
        }
    }
}
