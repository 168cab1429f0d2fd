package io.vidstore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void resolvesEachFormAgainstASize() throws Exception {
        assertEquals(new ByteRange.Span(0, 100), ByteRange.closed(0, 99).within(1000));
        assertEquals(new ByteRange.Span(990, 10), ByteRange.closed(990, 5000).within(1000));
        assertEquals(new ByteRange.Span(400, 600), ByteRange.from(400).within(1000));
        assertEquals(new ByteRange.Span(900, 100), ByteRange.suffix(100).within(1000));
        assertEquals(new ByteRange.Span(0, 1000), ByteRange.suffix(5000).within(1000));
        assertEquals(new ByteRange.Span(10, 5), ByteRange.ofLength(10, 5).within(1000));
        assertEquals(new ByteRange.Span(10, 990), ByteRange.ofLength(10, Long.MAX_VALUE).within(1000));
        assertEquals(999, ByteRange.closed(990, 5000).within(1000).last());
    }

    @Test
    void unsatisfiableRangesNameTheRangeAndTheSize() {
        RangeNotSatisfiableException e = assertThrows(RangeNotSatisfiableException.class,
                () -> ByteRange.from(1000).within(1000));
        assertEquals(1000, e.size());
        assertEquals("bytes=1000-", e.range());
        assertEquals("range bytes=1000- selects no byte of a media of 1000 bytes", e.getMessage());
        assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.suffix(0).within(1000));
        assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.suffix(10).within(0));
        assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.closed(0, 0).within(0));
        assertThrows(IllegalArgumentException.class, () -> ByteRange.from(0).within(-1));
    }

    @Test
    void badArgumentsFailAtOnce() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ByteRange.closed(-1, 5))
                .getMessage().contains("-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ByteRange.closed(10, 9))
                .getMessage().contains("before the first byte 10"));
        assertThrows(IllegalArgumentException.class, () -> ByteRange.from(-5));
        assertThrows(IllegalArgumentException.class, () -> ByteRange.suffix(-1));
        assertThrows(IllegalArgumentException.class, () -> ByteRange.ofLength(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ByteRange.Span(0, 0));
    }

    @Test
    void printsInHttpFormAndHasValueEquality() {
        assertEquals("bytes=0-99", ByteRange.closed(0, 99).toString());
        assertEquals("bytes=100-", ByteRange.from(100).toString());
        assertEquals("bytes=-500", ByteRange.suffix(500).toString());
        assertEquals(ByteRange.closed(5, 9), ByteRange.ofLength(5, 5));
        assertEquals(ByteRange.closed(5, 9).hashCode(), ByteRange.ofLength(5, 5).hashCode());
        assertNotEquals(ByteRange.from(5), ByteRange.closed(5, Long.MAX_VALUE - 1));
        assertNotEquals(ByteRange.suffix(5), ByteRange.from(5));
    }
}
