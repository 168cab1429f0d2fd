package io.vidstore.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "1048576, 1048576", "1B, 1", "64KiB, 65536", "64 KiB, 65536", "8MiB, 8388608",
        " 1GiB , 1073741824", "4GiB, 4294967296"})
    void parsesBytesAndBinaryUnits(String text, long bytes) {
        assertEquals(bytes, ByteSize.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "KiB", "-1", "1.5MiB", "1MB", "1 mib", "1TiB", "99999999999999999999"})
    void refusesWhatIsNotASize(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text));
        assertEquals(true, e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void refusesOverflow() {
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("9007199254740992GiB"));
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parseInt("2GiB"));
        assertEquals(Integer.MAX_VALUE, ByteSize.parseInt("2147483647"));
    }

    @ParameterizedTest
    @CsvSource({"0, 0 B", "1000, 1000 B", "65536, 64 KiB", "1572864, 1536 KiB", "1073741824, 1 GiB"})
    void formatsWithTheLargestExactUnit(long bytes, String text) {
        assertEquals(text, ByteSize.format(bytes));
        assertEquals(bytes, ByteSize.parse(text));
    }
}
