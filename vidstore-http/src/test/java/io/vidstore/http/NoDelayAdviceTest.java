package io.vidstore.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When {@link MediaHttpHandler} warns that small responses wait for delayed acknowledgements. */
class NoDelayAdviceTest {

    @ParameterizedTest(name = "JDK {0}, nodelay={1}: waits {2}")
    @CsvSource(nullValues = "unset", value = {
        "17, unset, true",
        "17, false, true",
        "17, yes,   true",
        "17, true,  false",
        "17, TRUE,  false",
        "21, unset, true",
        "22, true,  false",
        "23, unset, false",
        "25, false, false",
    })
    void smallResponsesWaitOnlyOnOldJdksWithoutTheProperty(int jdk, String noDelay, boolean waits) {
        assertEquals(waits, MediaHttpHandler.smallResponsesWait(jdk, noDelay));
    }

    /** Checked before anything is set, so the JVM running the other tests keeps its settings. */
    @Test
    void serverTimeoutsBelowOneSecondAreRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MediaHttpHandler.applyServerTimeouts(Duration.ofMillis(500),
                        Duration.ofSeconds(10), Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("maxRequestTime") && e.getMessage().contains("PT0.5S"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MediaHttpHandler.applyServerTimeouts(
                Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(10)));
        assertThrows(NullPointerException.class, () -> MediaHttpHandler.applyServerTimeouts(
                Duration.ofSeconds(10), Duration.ofSeconds(10), null));
    }
}
