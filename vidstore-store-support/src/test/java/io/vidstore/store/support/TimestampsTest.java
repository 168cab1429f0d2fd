package io.vidstore.store.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
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

    @Test
    void readsBackEveryInstantItWrites() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            // From 0001-01-01 to 9999-12-31, to the microsecond, as format() keeps it.
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_800L),
                    random.nextInt(1_000_000) * 1_000L);
            assertEquals(Optional.of(t), Timestamps.parse(Timestamps.format(t)), t::toString);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2024-02-29T23:59:59.999999Z, 2024-02-29T23:59:59.999999Z",
        "2000-02-29T00:00:00.000000Z, 2000-02-29T00:00:00Z",
        "1970-01-01T00:00:00.000000Z, 1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.000001Z, 1969-12-31T23:59:59.000001Z",
    })
    void readsItsOwnFormAtTheEdgesOfTheCalendar(String stored, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), Timestamps.parse(stored));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2023-02-29T00:00:00.000000Z",
        "1900-02-29T00:00:00.000000Z",
        "2023-04-31T00:00:00.000000Z",
        "2023-00-10T00:00:00.000000Z",
        "2023-01-00T00:00:00.000000Z",
        "2023-01-01T00:60:00.000000Z",
        "2023-01-01T00:00:0x.000000Z",
        "2023-01-01T00:00:00.00000-Z",
        "2023-01-01X00:00:00.000000Z",
    })
    void rejectsWhatOnlyLooksLikeItsOwnForm(String stored) {
        assertEquals(Optional.empty(), Timestamps.parse(stored));
    }
}
