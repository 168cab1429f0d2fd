package io.vidstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2023-05-01 10:00:00, 2023-05-01T10:00:00Z",
        "2023-05-01 10:00, 2023-05-01T10:00:00Z",
        "2023-05-01T10:00:00.5, 2023-05-01T10:00:00.500Z",
        "2023-05-01T10:00:00.123456789, 2023-05-01T10:00:00.123456789Z",
        "2023-05-01T10:00:00Z, 2023-05-01T10:00:00Z",
        "2023-05-01T12:00:00+02:00, 2023-05-01T10:00:00Z",
        "2023-05-01 12:00:00.250+0200, 2023-05-01T10:00:00.250Z",
        "2023-05-01, 2023-05-01T00:00:00Z",
        "1682935200, 2023-05-01T10:00:00Z",
        "1682935200123, 2023-05-01T10:00:00.123Z",
        "' 2023-05-01 10:00:00 ', 2023-05-01T10:00:00Z",
    })
    void readsTheFormsOlderApplicationsWrote(String stored, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), Timestamps.parse(stored));
    }

    @ParameterizedTest
    @CsvSource({"yesterday", "2023-13-01", "''", "12:00"})
    void rejectsWhatIsNotATimestamp(String stored) {
        assertEquals(Optional.empty(), Timestamps.parse(stored));
    }

    @Test
    void writesFixedWidthUtcSoThatTextOrderIsTimeOrder() {
        assertEquals("2026-01-02T03:04:05.000000Z", Timestamps.format(Instant.parse("2026-01-02T03:04:05Z")));
        assertEquals("2026-01-02T03:04:05.123456Z",
                Timestamps.format(Instant.parse("2026-01-02T03:04:05.123456Z")));
        Instant t = Instant.parse("2026-01-02T03:04:05.123456Z");
        assertEquals(Optional.of(t), Timestamps.parse(Timestamps.format(t)));
    }
}
