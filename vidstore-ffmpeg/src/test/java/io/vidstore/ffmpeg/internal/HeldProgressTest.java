package io.vidstore.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.ffmpeg.RenderProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeldProgressTest {

    private final List<RenderProgress> reports = new ArrayList<>();
    private final HeldProgress held = new HeldProgress(reports::add);

    private void block(long outTimeMicros, String progress) {
        held.accept("out_time_us=" + outTimeMicros);
        held.accept("speed=2x");
        held.accept("progress=" + progress);
    }

    @Test
    void linesWaitForTheReleaseAndThenGetTheDuration() {
        block(1_000_000, "continue");
        block(2_000_000, "continue");
        assertEquals(List.of(), reports, "nothing is reported before the release");

        held.release(Optional.of(Duration.ofSeconds(4)));
        assertEquals(2, reports.size());
        assertEquals(25.0, reports.get(0).percent().orElseThrow(), 1e-9);
        assertEquals(50.0, reports.get(1).percent().orElseThrow(), 1e-9);
        assertEquals(Optional.of(Duration.ofSeconds(1)), reports.get(1).eta(), "2 s left at 2x");

        block(4_000_000, "end");
        assertEquals(3, reports.size(), "after the release each block is reported as it ends");
        assertTrue(reports.get(2).finished());
        assertEquals(100.0, reports.get(2).percent().orElseThrow(), 1e-9);
    }

    @Test
    void aRenderThatEndsBeforeTheReleaseStillReportsItsEnd() {
        block(4_000_000, "end");
        held.release(Optional.of(Duration.ofSeconds(4)));
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).finished());
    }

    @Test
    void withoutAReleaseNothingIsReported() {
        for (int i = 0; i < 10; i++) {
            block(i * 1_000_000L, "continue");
        }
        assertEquals(List.of(), reports);
    }

    @Test
    void anUnknownDurationGivesNoPercent() {
        block(1_000_000, "continue");
        held.release(Optional.empty());
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).percent().isEmpty());
        assertEquals(Duration.ofSeconds(1), reports.get(0).outTime());
    }

    @Test
    void onlyTheNewestLinesAreHeld() {
        block(1_000_000, "continue");
        for (int i = 0; i < HeldProgress.MAX_HELD - 3; i++) {
            held.accept("frame=" + i);
        }
        block(3_000_000, "continue");
        // 3 + (MAX_HELD - 3) + 3 lines: the first block's three are gone.
        held.release(Optional.of(Duration.ofSeconds(6)));
        assertEquals(1, reports.size());
        assertEquals(50.0, reports.get(0).percent().orElseThrow(), 1e-9);
        assertFalse(reports.get(0).finished());
    }

    @Test
    void aSecondReleaseChangesNothing() {
        held.release(Optional.of(Duration.ofSeconds(4)));
        held.release(Optional.of(Duration.ofSeconds(100)));
        block(1_000_000, "continue");
        assertEquals(25.0, reports.get(0).percent().orElseThrow(), 1e-9);
    }
}
