package io.vidstore.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.ffmpeg.MediaProbe;
import io.vidstore.ffmpeg.MediaStream;
import io.vidstore.ffmpeg.StreamType;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Recorded outputs of Debian's ffprobe 5.1 (and one edited to hold N/A values). */
class ProbeParserTest {

    @Test
    void mp4WithVideoAndAudio() {
        MediaProbe p = ProbeParser.parse(Resources.text("probe-mp4.json"));
        assertEquals("mov,mp4,m4a,3gp,3g2,mj2", p.container());
        assertEquals(Optional.of(Duration.ofSeconds(3)), p.duration());
        assertEquals(OptionalLong.of(172776), p.size());
        assertTrue(p.bitRate().isPresent());
        assertEquals(2, p.streams().size());

        MediaStream v = p.firstVideo().orElseThrow();
        assertEquals(0, v.index());
        assertEquals(StreamType.VIDEO, v.type());
        assertEquals(Optional.of("h264"), v.codec());
        assertEquals(OptionalInt.of(320), v.width());
        assertEquals(OptionalInt.of(240), v.height());
        assertEquals(10.0, v.frameRate().orElseThrow(), 1e-9);
        assertEquals(0, v.rotation());
        assertEquals(Optional.empty(), v.language(), "'und' means no language");
        assertTrue(v.sampleRate().isEmpty());

        MediaStream a = p.firstAudio().orElseThrow();
        assertEquals(Optional.of("aac"), a.codec());
        assertEquals(OptionalInt.of(48000), a.sampleRate());
        assertEquals(OptionalInt.of(1), a.channels());
        assertEquals(Optional.of("eng"), a.language());
        assertTrue(a.width().isEmpty());
        assertTrue(a.frameRate().isEmpty());
    }

    @Test
    void webmHasItsDurationOnlyAtFormatLevel() {
        MediaProbe p = ProbeParser.parse(Resources.text("probe-webm.json"));
        assertEquals("matroska,webm", p.container());
        assertTrue(p.streams().stream().allMatch(s -> s.duration().isEmpty()));
        assertEquals(Optional.of(Duration.ofMillis(2008)), p.duration());
        assertEquals(Optional.of("vp9"), p.firstVideo().orElseThrow().codec());
        assertEquals(Optional.of("opus"), p.firstAudio().orElseThrow().codec());
    }

    @Test
    void rotationComesFromTheDisplayMatrix() {
        MediaProbe p = ProbeParser.parse(Resources.text("probe-rotated.json"));
        assertEquals(90, p.firstVideo().orElseThrow().rotation());
    }

    @Test
    void legacyRotateTagIsClockwise() {
        String json = "{\"streams\":[{\"index\":0,\"codec_type\":\"video\",\"tags\":{\"rotate\":\"90\"}}],"
                + "\"format\":{}}";
        assertEquals(-90, ProbeParser.parse(json).firstVideo().orElseThrow().rotation());
    }

    @Test
    void notAvailableValuesAreEmpty() {
        MediaProbe p = ProbeParser.parse(Resources.text("probe-na.json"));
        MediaStream v = p.firstVideo().orElseThrow();
        assertTrue(v.duration().isEmpty());
        assertEquals(25.0, v.frameRate().orElseThrow(), 1e-9, "falls back to r_frame_rate when avg is 0/0");
        MediaStream a = p.firstAudio().orElseThrow();
        assertTrue(a.sampleRate().isEmpty());
        assertTrue(a.language().isEmpty());
        assertTrue(p.formatDuration().isEmpty());
        assertTrue(p.bitRate().isEmpty());
        assertEquals(OptionalLong.of(12345), p.size());
        assertTrue(p.duration().isEmpty(), "no stream and no format duration");
    }

    @Test
    void subtitleFileHasNoDuration() {
        MediaProbe p = ProbeParser.parse(Resources.text("probe-srt.json"));
        assertEquals("srt", p.container());
        assertEquals(StreamType.SUBTITLE, p.streams().get(0).type());
        assertEquals(Optional.of("subrip"), p.streams().get(0).codec());
        assertTrue(p.firstVideo().isEmpty());
        assertTrue(p.duration().isEmpty());
    }

    @Test
    void errorDocument() {
        assertEquals(Optional.of("No such file or directory (code -2)"),
                ProbeParser.error(Resources.text("probe-error.json")));
        assertFalse(ProbeParser.error(Resources.text("probe-mp4.json")).isPresent());
        assertThrows(IllegalArgumentException.class, () -> ProbeParser.parse(Resources.text("probe-error.json")));
    }

    @Test
    void unknownKeysAndTypesAreTolerated() {
        String json = "{\"streams\":[{\"codec_type\":\"hologram\",\"future\":[1,{\"x\":null}]}],"
                + "\"format\":{\"format_name\":\"x\",\"duration\":\"12.5\",\"new_key\":true}}";
        MediaProbe p = ProbeParser.parse(json);
        assertEquals(StreamType.OTHER, p.streams().get(0).type());
        assertEquals(0, p.streams().get(0).index());
        assertEquals(Optional.of(Duration.ofMillis(12500)), p.duration());
    }

    @Test
    void wrongShapeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProbeParser.parse("[]"));
        assertThrows(IllegalArgumentException.class, () -> ProbeParser.parse("{\"streams\":{},\"format\":{}}"));
        assertThrows(IllegalArgumentException.class, () -> ProbeParser.parse("{\"streams\":[]}"));
        assertThrows(IllegalArgumentException.class, () -> ProbeParser.parse("{\"format\":{}"));
    }
}
