package io.vidstore.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaId;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RenderRequestTest {

    private static final MediaId VIDEO = MediaId.of("v");

    private static void refused(String setting, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }

    @Test
    void defaults() {
        RenderRequest r = RenderRequest.builder(VIDEO).build();
        assertEquals(VIDEO, r.video());
        assertEquals(OutputFormat.MP4, r.format());
        assertEquals(EncodingSpeed.BALANCED, r.encodingSpeed());
        assertEquals(Duration.ZERO, r.start());
        assertTrue(r.audio().isEmpty());
        assertTrue(r.subtitles().isEmpty());
        assertTrue(r.trimmedLength().isEmpty());
        assertTrue(r.timeout().isEmpty());
        assertFalse(r.requiresVideoEncoding());
    }

    @Test
    void badValuesAreRefusedByName() {
        RenderRequest.Builder b = RenderRequest.builder(VIDEO);
        refused("start", () -> b.start(Duration.ofSeconds(-1)));
        refused("end", () -> b.end(Duration.ZERO));
        refused("duration", () -> b.duration(Duration.ofMillis(-5)));
        refused("scaleToHeight", () -> b.scaleToHeight(0));
        refused("scaleToHeight", () -> b.scaleToHeight(719));
        refused("scaleToHeight", () -> b.scaleToHeight(RenderRequest.MAX_HEIGHT + 2));
        refused("timeout", () -> b.timeout(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> RenderRequest.builder(null));
        assertThrows(NullPointerException.class, () -> b.audio(null, AudioMode.MIX));
        assertThrows(NullPointerException.class, () -> b.subtitles(VIDEO, null));
    }

    @Test
    void settingsAreCheckedAgainstEachOther() {
        refused("not both", () -> RenderRequest.builder(VIDEO).end(Duration.ofSeconds(5))
                .duration(Duration.ofSeconds(2)).build());
        refused("must be after start", () -> RenderRequest.builder(VIDEO).start(Duration.ofSeconds(5))
                .end(Duration.ofSeconds(5)).build());
    }

    @Test
    void trimmedLength() {
        assertEquals(Optional.of(Duration.ofSeconds(3)), RenderRequest.builder(VIDEO).start(Duration.ofSeconds(2))
                .end(Duration.ofSeconds(5)).build().trimmedLength());
        assertEquals(Optional.of(Duration.ofSeconds(4)), RenderRequest.builder(VIDEO).start(Duration.ofSeconds(2))
                .duration(Duration.ofSeconds(4)).build().trimmedLength());
    }

    @Test
    void whatForcesReEncoding() {
        assertTrue(RenderRequest.builder(VIDEO).scaleToHeight(240).build().requiresVideoEncoding());
        assertTrue(RenderRequest.builder(VIDEO).start(Duration.ofSeconds(1)).build().requiresVideoEncoding());
        assertTrue(RenderRequest.builder(VIDEO).subtitles(VIDEO, SubtitleMode.BURN_IN).build()
                .requiresVideoEncoding());
        assertFalse(RenderRequest.builder(VIDEO).subtitles(VIDEO, SubtitleMode.SOFT_TRACK)
                .duration(Duration.ofSeconds(1)).audio(VIDEO, AudioMode.REPLACE).build().requiresVideoEncoding());
    }
}
