package io.vidstore.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vidstore.api.ByteRange;
import io.vidstore.api.RangeNotSatisfiableException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RangeHeaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "bytes", "bytes=", "bytes=,", "bytes=5-1", "bytes=abc", "bytes=1-2-3",
        "bytes=--1", "bytes=\u0661-\u0662", "bytes=1 -2", "bytes=0-1;x", "bytes 0-1", "byte=0-1",
        "bytesx=0-1", "items=0-1", "bytes=0-\u00b2", "bytes=0-9,x"})
    void invalidHeadersAreIgnored(String header) {
        assertNull(RangeHeader.parse(header, 100));
    }

    @Test
    void validFormsAreRead() {
        assertEquals(List.of(ByteRange.closed(0, 9), ByteRange.from(100), ByteRange.suffix(5)),
                RangeHeader.parse(" Bytes=0-9, 100-,\t-5 ,", 100));
        assertEquals(List.of(ByteRange.from(Long.MAX_VALUE)),
                RangeHeader.parse("bytes=99999999999999999999999999-", 100));
        assertEquals(List.of(ByteRange.closed(5, Long.MAX_VALUE)),
                RangeHeader.parse("bytes=5-99999999999999999999999999", 100));
    }

    @Test
    void moreRangesThanAllowedAreIgnored() {
        assertEquals(3, RangeHeader.parse("bytes=1-1,3-3,5-5", 3).size());
        assertNull(RangeHeader.parse("bytes=1-1,3-3,5-5,7-7", 3));
    }

    @Test
    void resolvingSortsMergesAndDropsUnsatisfiableRanges() throws Exception {
        List<ByteRange> ranges = RangeHeader.parse("bytes=500-599,0-9,5-20,1000-,-0,200-210", 100);
        assertEquals(List.of(new ByteRange.Span(0, 21), new ByteRange.Span(200, 11),
                new ByteRange.Span(500, 100)), RangeHeader.resolve(ranges, 1000));
        assertEquals(List.of(new ByteRange.Span(0, 1000)),
                RangeHeader.resolve(RangeHeader.parse("bytes=0-0,0-,0-,-1000000", 100), 1000));
        RangeNotSatisfiableException e = assertThrows(RangeNotSatisfiableException.class,
                () -> RangeHeader.resolve(RangeHeader.parse("bytes=1000-,-0", 100), 1000));
        assertEquals(1000, e.size());
        assertThrows(RangeNotSatisfiableException.class,
                () -> RangeHeader.resolve(RangeHeader.parse("bytes=0-", 100), 0));
    }
}
