package io.vidstore.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.ffmpeg.RenderProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProgressParserTest {

    private static List<RenderProgress> parse(Optional<Duration> duration) {
        ProgressParser parser = new ProgressParser(duration);
        List<RenderProgress> out = new ArrayList<>();
        Resources.text("progress-5.1.txt").lines().forEach(l -> parser.accept(l).ifPresent(out::add));
        return out;
    }

    @Test
    void oneSnapshotPerBlock() {
        List<RenderProgress> p = parse(Optional.of(Duration.ofSeconds(6)));
        assertEquals(5, p.size());
        assertFalse(p.get(3).finished());
        assertTrue(p.get(4).finished());
    }

    @Test
    void notAvailableAndNegativeValuesAreUnknownNotFatal() {
        List<RenderProgress> p = parse(Optional.of(Duration.ofSeconds(6)));
        RenderProgress first = p.get(0);
        assertEquals(Duration.ZERO, first.outTime());
        assertTrue(first.speed().isEmpty());
        assertTrue(first.totalSize().isEmpty());
        assertTrue(first.eta().isEmpty(), "no ETA without a speed");
        assertEquals(0.0, first.percent().orElseThrow());

        RenderProgress second = p.get(1);
        assertEquals(Duration.ZERO, second.outTime(), "a negative time at start counts as zero");
        assertEquals(0.0, second.speed().orElseThrow(), "'   0x' is padded");
        assertEquals(OptionalLong.of(48), second.totalSize());
    }

    @Test
    void percentSpeedAndEta() {
        RenderProgress p = parse(Optional.of(Duration.ofSeconds(6))).get(2);
        assertEquals(Duration.ofMillis(3014), p.outTime());
        assertEquals(50.2333, p.percent().orElseThrow(), 0.001);
        assertEquals(2.01, p.speed().orElseThrow(), 1e-9);
        assertEquals(Duration.ofMillis(2986).toNanos() / 2.01, p.eta().orElseThrow().toNanos(), 1e3);
        assertEquals(OptionalLong.of(31), p.frame());
        assertEquals(OptionalLong.of(153647), p.totalSize());
    }

    @Test
    void fallsBackToOutTimeWhenMicrosecondsAreMissing() {
        RenderProgress p = parse(Optional.of(Duration.ofSeconds(6))).get(3);
        assertEquals(Duration.ofSeconds(4), p.outTime());
        assertTrue(p.totalSize().isEmpty());
    }

    @Test
    void endIsHundredPercent() {
        RenderProgress last = parse(Optional.of(Duration.ofSeconds(6))).get(4);
        assertEquals(100.0, last.percent().orElseThrow());
        assertEquals(Optional.of(Duration.ZERO), last.eta());
        assertEquals(Duration.ofSeconds(6), last.outTime());
    }

    @Test
    void unknownDurationGivesNoPercent() {
        for (RenderProgress p : parse(Optional.empty())) {
            assertTrue(p.percent().isEmpty());
            assertTrue(p.eta().isEmpty());
        }
    }

    @Test
    void timeNeverGoesBackwards() {
        ProgressParser parser = new ProgressParser(Optional.empty());
        parser.accept("out_time_us=5000000");
        assertEquals(Duration.ofSeconds(5), parser.accept("progress=continue").orElseThrow().outTime());
        parser.accept("out_time_us=4000000");
        assertEquals(Duration.ofSeconds(5), parser.accept("progress=continue").orElseThrow().outTime());
    }

    @Test
    void percentIsCappedAtHundred() {
        ProgressParser parser = new ProgressParser(Optional.of(Duration.ofSeconds(1)));
        parser.accept("out_time_ms=1500000");
        assertEquals(100.0, parser.accept("progress=continue").orElseThrow().percent().orElseThrow());
    }

    @Test
    void garbageIsIgnored() {
        ProgressParser parser = new ProgressParser(Optional.of(Duration.ofSeconds(1)));
        for (String line : List.of("", "=", "==", "speed=fast", "frame=-1", "out_time=aa:bb:cc", "out_time_us=1e9",
                "total_size=12 bytes", "\u0000=\u0000")) {
            assertEquals(Optional.empty(), parser.accept(line));
        }
        RenderProgress p = parser.accept("progress=continue").orElseThrow();
        assertEquals(Duration.ZERO, p.outTime());
        assertTrue(p.speed().isEmpty());
        assertTrue(p.frame().isEmpty());
    }
}
