package io.vidstore.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.ffmpeg.internal.FilterEscaping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Probes generated media with the real ffprobe. */
class ProbeTest {

    /** One frame of {@link TestMedia#clip()}. */
    private static final Duration FRAME = Duration.ofMillis(1000 / TestMedia.CLIP_FPS);

    private Ffmpeg ffmpeg;

    @TempDir
    Path dir;

    @BeforeEach
    void locate() {
        ffmpeg = FfmpegTools.shared();
    }

    static void assertDuration(Duration expected, Duration actual, Duration tolerance) {
        assertTrue(actual.minus(expected).abs().compareTo(tolerance) <= 0,
                "expected " + expected + " +/- " + tolerance + " but was " + actual);
    }

    @Test
    void clip() throws IOException {
        MediaProbe p = ffmpeg.probe(TestMedia.clip());
        assertTrue(p.container().contains("mp4"), p.container());
        assertDuration(Duration.ofSeconds(TestMedia.CLIP_SECONDS), p.duration().orElseThrow(), FRAME);
        assertEquals(Files.size(TestMedia.clip()), p.size().orElseThrow());
        assertTrue(p.bitRate().orElseThrow() > 0);
        MediaStream v = p.firstVideo().orElseThrow();
        assertEquals("h264", v.codec().orElseThrow());
        assertEquals(OptionalInt.of(320), v.width());
        assertEquals(OptionalInt.of(240), v.height());
        assertEquals(TestMedia.CLIP_FPS, v.frameRate().orElseThrow(), 0.01);
        assertEquals(0, v.rotation());
        MediaStream a = p.firstAudio().orElseThrow();
        assertEquals("aac", a.codec().orElseThrow());
        assertEquals(OptionalInt.of(48000), a.sampleRate());
        assertEquals(OptionalInt.of(1), a.channels());
        assertEquals("eng", a.language().orElseThrow());
    }

    @Test
    void rotatedClip() throws IOException {
        assertEquals(90, Math.abs(ffmpeg.probe(TestMedia.rotated()).firstVideo().orElseThrow().rotation()));
    }

    @Test
    void webmDurationComesFromTheContainer() throws IOException {
        MediaProbe p = ffmpeg.probe(TestMedia.webm());
        assertEquals("matroska,webm", p.container());
        assertTrue(p.firstVideo().orElseThrow().duration().isEmpty());
        assertDuration(Duration.ofSeconds(4), p.duration().orElseThrow(), Duration.ofMillis(100));
        assertEquals("vp9", p.firstVideo().orElseThrow().codec().orElseThrow());
        assertEquals("opus", p.firstAudio().orElseThrow().codec().orElseThrow());
    }

    @Test
    void notMediaFailsWithTheProgramsOwnWords() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "this is not a video");
        FfmpegException e = assertThrows(FfmpegException.class, () -> ffmpeg.probe(text));
        assertTrue(e.exitCode() != 0);
        assertTrue(e.command().get(0).endsWith("ffprobe"), e.command().toString());
        assertTrue(e.command().contains("file:" + text.toAbsolutePath()), e.command().toString());
        assertTrue(e.getMessage().contains("Invalid data found when processing input"), e.getMessage());
    }

    @Test
    void missingFile() {
        FfmpegException e = assertThrows(FfmpegException.class, () -> ffmpeg.probe(dir.resolve("nothing.mp4")));
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
    }

    /** Names that break naive command building: options, protocols, quotes, brackets, spaces. */
    @ParameterizedTest
    @ValueSource(strings = {"-i.mp4", "-", "http:x.mp4", "it's: a, [weird]; name.mp4", " lead and trail .mp4",
        "back\\slash.mp4", "ünïcødé 視頻.mp4", "semi;colon=equals%d.mp4"})
    void oddFileNames(String name) throws IOException {
        Path file = Files.copy(TestMedia.clip(), dir.resolve(name));
        MediaProbe p = ffmpeg.probe(file);
        assertEquals(OptionalInt.of(320), p.firstVideo().orElseThrow().width());
    }

    /**
     * The two-level escaping is checked against the real subtitles filter: ffmpeg fails when libass
     * cannot open the file the filter names.
     */
    @ParameterizedTest
    @ValueSource(strings = {"it's: a, [weird]; name.srt", " leading and trailing .srt", "back\\slash\\.srt",
        "ünïcødé 字幕.srt", "-dash=equals%d.srt", "quote\"double.srt"})
    void escapedSubtitlePathsReachTheFilter(String name) throws Exception {
        Path srt = Files.writeString(dir.resolve(name), TestMedia.subtitles());
        String filter = FilterEscaping.filterWithOption("subtitles", "filename", srt.toAbsolutePath().toString());
        List<String> command = new ArrayList<>(List.of(ffmpeg.ffmpegPath().toString(), "-hide_banner", "-nostdin",
                "-loglevel", "error", "-f", "lavfi", "-i", "color=size=160x120:duration=1", "-vf", filter,
                "-f", "null", "-"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), "filter " + filter + " failed: " + output);
        assertTrue(output.isBlank(), output);
    }
}
