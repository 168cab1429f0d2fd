package io.vidstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** The sizes {@code vidstore serve --max-upload} understands. */
class ServeOptionsTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
        "1, 1",
        "1000, 1000",
        "1K, 1024",
        "1k, 1024",
        "1KiB, 1024",
        "1KB, 1024",
        "500M, 524288000",
        "4G, 4294967296",
        "1.5G, 1610612736",
        "1 GiB, 1073741824",
        "2T, 2199023255552",
        "0.0001K, 1",
        "1.5, 2",
    })
    void sizesAreBytesOrBinaryUnits(String text, long bytes) {
        assertEquals(bytes, new ServeCommand.Size().convert(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0K", "-1", "lots", "1X", "1e9", "K", "99999999999999T"})
    void otherSizesAreRefused(String text) {
        assertThrows(TypeConversionException.class, () -> new ServeCommand.Size().convert(text));
    }
}
