package io.vidstore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Range arithmetic: a resolved range always lies inside the media, and exactly as HTTP says. */
class ByteRangeProperties {

    @Property
    void closedRanges(@ForAll @LongRange(max = Long.MAX_VALUE / 2) long first,
            @ForAll @LongRange(max = Long.MAX_VALUE / 2) long extra,
            @ForAll @LongRange(max = 1L << 42) long size) throws Exception {
        ByteRange range = ByteRange.closed(first, first + extra);
        if (first >= size) {
            assertThrows(RangeNotSatisfiableException.class, () -> range.within(size));
            return;
        }
        ByteRange.Span span = range.within(size);
        assertEquals(first, span.offset());
        assertEquals(Math.min(first + extra, size - 1), span.last());
        assertInside(span, size);
    }

    @Property
    void openRanges(@ForAll @LongRange(max = Long.MAX_VALUE) long first,
            @ForAll @LongRange(max = 1L << 42) long size) throws Exception {
        if (first >= size) {
            assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.from(first).within(size));
            return;
        }
        ByteRange.Span span = ByteRange.from(first).within(size);
        assertEquals(size - first, span.length());
        assertEquals(size - 1, span.last());
        assertInside(span, size);
    }

    @Property
    void suffixRanges(@ForAll @LongRange(max = Long.MAX_VALUE) long length,
            @ForAll @LongRange(max = 1L << 42) long size) throws Exception {
        if (length == 0 || size == 0) {
            assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.suffix(length).within(size));
            return;
        }
        ByteRange.Span span = ByteRange.suffix(length).within(size);
        assertEquals(Math.min(length, size), span.length());
        assertEquals(size - 1, span.last());
        assertInside(span, size);
    }

    @Property
    void ofLengthNeverOverflows(@ForAll @LongRange(max = Long.MAX_VALUE) long offset,
            @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long length) {
        ByteRange range = ByteRange.ofLength(offset, length);
        assertTrue(range.toString().startsWith("bytes=" + offset + "-"), range.toString());
    }

    private static void assertInside(ByteRange.Span span, long size) {
        assertTrue(span.offset() >= 0 && span.length() >= 1 && span.last() < size, span + " in " + size);
    }
}
