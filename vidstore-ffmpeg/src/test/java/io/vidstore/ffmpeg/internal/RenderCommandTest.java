package io.vidstore.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaId;
import io.vidstore.ffmpeg.AudioMode;
import io.vidstore.ffmpeg.MediaProbe;
import io.vidstore.ffmpeg.MediaStream;
import io.vidstore.ffmpeg.OutputFormat;
import io.vidstore.ffmpeg.RenderRequest;
import io.vidstore.ffmpeg.StreamType;
import io.vidstore.ffmpeg.SubtitleMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Argument lists built for recorded probe results; no ffmpeg needed. */
class RenderCommandTest {

    private static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");
    private static final MediaProbe MP4 = ProbeParser.parse(Resources.text("probe-mp4.json"));
    private static final MediaProbe WEBM = ProbeParser.parse(Resources.text("probe-webm.json"));
    private static final MediaProbe SRT = ProbeParser.parse(Resources.text("probe-srt.json"));
    private static final Path VIDEO = Path.of("/store/media/ab/-video: x.mp4");
    /** An input that is not a local file is served over HTTP and passed on as it is. */
    private static final String AUDIO = "http://127.0.0.1:40001/dG9rZW4.m4a";
    private static final RenderCommand.Subtitles SUBS = new RenderCommand.Subtitles(
            Path.of("/store/media/cd/subs.srt"), SubtitleFormat.SRT);
    /** Subtitles to burn in, converted to ASS, in a temporary directory with an odd name. */
    private static final RenderCommand.Subtitles BURN = new RenderCommand.Subtitles(
            Path.of("/tmp/it's: a, [weird]; dir/vidstore-subtitles-1.ass"), SubtitleFormat.ASS);
    private static final Path OUT = Path.of("/tmp/vidstore-render-1.mp4");
    private static final RenderRequest.Builder BASE = RenderRequest.builder(MediaId.of("v"));

    private static RenderCommand build(RenderRequest r, String audio, MediaProbe audioProbe,
            RenderCommand.Subtitles subs) {
        return RenderCommand.build(FFMPEG, r,
                new RenderCommand.Inputs(RenderCommand.fileUrl(VIDEO), MP4, audio, audioProbe, subs), OUT);
    }

    private static RenderCommand build(RenderRequest r, MediaProbe videoProbe, RenderCommand.Subtitles subs) {
        return RenderCommand.build(FFMPEG, r,
                new RenderCommand.Inputs(RenderCommand.fileUrl(VIDEO), videoProbe, null, null, subs), OUT);
    }

    /** The recorded MP4 probe with its audio stream's codec replaced, or the stream dropped (null). */
    private static MediaProbe withAudio(String codec) {
        List<MediaStream> streams = MP4.streams().stream()
                .filter(s -> s.type() != StreamType.AUDIO || codec != null)
                .map(s -> s.type() != StreamType.AUDIO ? s : new MediaStream(s.index(), s.type(), Optional.of(codec),
                        s.width(), s.height(), s.frameRate(), s.rotation(), s.sampleRate(), s.channels(),
                        s.language(), s.duration()))
                .toList();
        return new MediaProbe(MP4.container(), MP4.formatDuration(), MP4.size(), MP4.bitRate(), streams);
    }

    @Test
    void thePresumedProbeGivesTheCommandOfTheUsualStreams() {
        List<RenderRequest> requests = List.of(
                RenderRequest.builder(MediaId.of("v")).build(),
                RenderRequest.builder(MediaId.of("v")).scaleToHeight(240).build(),
                RenderRequest.builder(MediaId.of("v")).start(Duration.ofSeconds(1)).build(),
                RenderRequest.builder(MediaId.of("v")).subtitles(MediaId.of("s"), SubtitleMode.BURN_IN).build());
        for (RenderRequest r : requests) {
            MediaProbe presumed = RenderCommand.presumedProbe(r, ".mp4").orElseThrow();
            RenderCommand guess = build(r, presumed, BURN);
            RenderCommand real = build(r, MP4, BURN);
            assertTrue(guess.sameWork(real), r + ": " + guess.arguments() + " vs " + real.arguments());
            assertEquals(Optional.empty(), guess.expectedDuration(), "a guess knows no duration");
        }
        RenderRequest webm = RenderRequest.builder(MediaId.of("v")).format(OutputFormat.WEBM).scaleToHeight(240).build();
        RenderCommand guess = build(webm, RenderCommand.presumedProbe(webm, ".WebM").orElseThrow(), null);
        assertTrue(guess.sameWork(build(webm, WEBM, null)));
        assertTrue(guess.audioCopied(), "Opus goes into WebM unchanged");
    }

    @Test
    void describingInputsChangesOnlyTheLogLevel() {
        RenderRequest scaled = RenderRequest.builder(MediaId.of("v")).scaleToHeight(240).build();
        RenderCommand c = build(scaled, MP4, null);
        RenderCommand d = c.describingInputs();
        assertEquals(c.arguments().size(), d.arguments().size());
        for (int i = 0; i < c.arguments().size(); i++) {
            String expected = c.arguments().get(i).equals("level+warning") ? "level+info" : c.arguments().get(i);
            assertEquals(expected, d.arguments().get(i));
        }
        assertSequence(d.arguments(), "-loglevel", InputDump.LOG_LEVEL);
        assertEquals(c.videoCopied(), d.videoCopied());
        assertEquals(c.audioCopied(), d.audioCopied());
        assertEquals(c.expectedDuration(), d.expectedDuration());
    }

    @Test
    void otherStreamsGiveAnotherCommand() {
        RenderRequest scaled = RenderRequest.builder(MediaId.of("v")).scaleToHeight(240).build();
        RenderCommand guess = build(scaled, RenderCommand.presumedProbe(scaled, ".mp4").orElseThrow(), null);
        assertTrue(guess.sameWork(build(scaled, withAudio("mp3"), null)), "MP3 is copied as AAC would be");
        assertFalse(guess.sameWork(build(scaled, withAudio(null), null)), "no audio to map");
        assertFalse(guess.sameWork(build(scaled, withAudio("pcm_s16le"), null)), "PCM is re-encoded");
        // A VP9 video remuxed into MP4 is re-encoded, where the guessed H.264 would be copied.
        RenderRequest remux = RenderRequest.builder(MediaId.of("v")).build();
        assertFalse(build(remux, RenderCommand.presumedProbe(remux, ".mp4").orElseThrow(), null)
                .sameWork(build(remux, WEBM, null)));
    }

    @Test
    void noGuessWhenTheCommandNeedsTheProbe() {
        List<RenderRequest> requests = List.of(
                RenderRequest.builder(MediaId.of("v")).audio(MediaId.of("a"), AudioMode.REPLACE).build(),
                RenderRequest.builder(MediaId.of("v")).audio(MediaId.of("a"), AudioMode.MIX).scaleToHeight(240).build(),
                RenderRequest.builder(MediaId.of("v")).subtitles(MediaId.of("s"), SubtitleMode.SOFT_TRACK).build(),
                RenderRequest.builder(MediaId.of("v")).duration(Duration.ofSeconds(2)).build(),
                RenderRequest.builder(MediaId.of("v")).start(Duration.ofSeconds(1)).end(Duration.ofSeconds(2)).build());
        for (RenderRequest r : requests) {
            assertEquals(Optional.empty(), RenderCommand.presumedProbe(r, ".mp4"), r.toString());
        }
        RenderRequest scaled = RenderRequest.builder(MediaId.of("v")).scaleToHeight(240).build();
        for (String extension : List.of(".mkv", ".bin", "", ".mp4.part")) {
            assertEquals(Optional.empty(), RenderCommand.presumedProbe(scaled, extension), extension);
        }
        assertTrue(RenderCommand.presumedProbe(scaled, ".MOV").isPresent());
    }

    private static void assertSequence(List<String> args, String... expected) {
        assertTrue(Collections.indexOfSubList(args, List.of(expected)) >= 0,
                String.join(" ", expected) + " not in " + args);
    }

    @Test
    void plainRemuxCopiesEverything() {
        RenderCommand c = build(BASE.build(), null, null, null);
        List<String> expected = new ArrayList<>(List.of("/usr/bin/ffmpeg", "-hide_banner", "-nostats",
                "-loglevel", "level+warning", "-progress", "pipe:1", "-y"));
        expected.addAll(RenderCommand.INPUT_OPTIONS);
        expected.addAll(List.of("-i", "file:/store/media/ab/-video: x.mp4", "-map", "0:v:0",
                "-map", "0:a:0", "-c:v", "copy", "-c:a", "copy", "-movflags", "+faststart", "-f", "mp4",
                "file:/tmp/vidstore-render-1.mp4"));
        assertEquals(expected, c.arguments());
        assertTrue(c.videoCopied());
        assertTrue(c.audioCopied());
        assertEquals(Optional.of(Duration.ofSeconds(3)), c.expectedDuration());
    }

    @Test
    void everyInputIsOpenedWithPlaylistsRuledOut() {
        RenderCommand c = build(RenderRequest.builder(MediaId.of("v")).audio(MediaId.of("a"), AudioMode.REPLACE)
                .subtitles(MediaId.of("s"), SubtitleMode.SOFT_TRACK).start(Duration.ofSeconds(1)).build(),
                AUDIO, MP4, SUBS);
        List<String> args = c.arguments();
        int inputs = 0;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("-i")) {
                inputs++;
                int options = args.get(i - 2).equals("-ss") ? i - 2 : i;
                // Subtitles are opened more strictly still: their own demuxer only, forced.
                List<String> expected = args.get(i + 1).equals("file:" + SUBS.file())
                        ? SubtitleFormat.SRT.inputOptions() : RenderCommand.INPUT_OPTIONS;
                assertEquals(expected, args.subList(options - expected.size(), options), args.toString());
            }
        }
        assertEquals(3, inputs);
        List<String> formats = List.of(RenderCommand.INPUT_OPTIONS.get(3).split(","));
        assertTrue(formats.contains("mov") && formats.contains("matroska"), formats.toString());
        for (String playlist : List.of("hls", "applehttp", "dash", "concat")) {
            assertFalse(formats.contains(playlist), playlist);
        }
    }

    @Test
    void softSubtitlesAreReadWithTheirDemuxerForcedAndTheFileProtocolOnly() {
        for (SubtitleFormat format : SubtitleFormat.values()) {
            RenderCommand.Subtitles subs = new RenderCommand.Subtitles(SUBS.file(), format);
            List<String> args = build(RenderRequest.builder(MediaId.of("v"))
                    .subtitles(MediaId.of("s"), SubtitleMode.SOFT_TRACK).build(), null, null, subs).arguments();
            assertSequence(args, "-protocol_whitelist", "file", "-format_whitelist", format.demuxer(),
                    "-f", format.demuxer(), "-i", "file:" + SUBS.file());
        }
        assertEquals(List.of("srt", "webvtt", "ass"),
                List.of(SubtitleFormat.values()).stream().map(SubtitleFormat::demuxer).toList());
    }

    @Test
    void burnedInSubtitlesAreAConvertedAssFileReadByTheAssFilter() {
        RenderRequest r = RenderRequest.builder(MediaId.of("v")).subtitles(MediaId.of("s"), SubtitleMode.BURN_IN)
                .build();
        List<String> args = build(r, MP4, BURN).arguments();
        String graph = args.get(args.indexOf("-filter_complex") + 1);
        assertEquals("[0:v:0]" + FilterEscaping.filterWithOption("ass", "filename", BURN.file().toString())
                + ":shaping=simple[v]", graph);
        assertFalse(graph.contains("subtitles="), "the subtitles filter would probe its file");
        assertEquals(1, Collections.frequency(args, "-i"), "the subtitles are no input of the render");
        assertThrows(IllegalArgumentException.class, () -> build(r, MP4, SUBS), "SRT must be converted first");

        Path target = Path.of("/tmp/vidstore-subtitles-2.ass");
        for (SubtitleFormat format : SubtitleFormat.values()) {
            RenderCommand.Subtitles source = new RenderCommand.Subtitles(Path.of("-subs: x.vtt"), format);
            List<String> expected = new ArrayList<>(List.of("/usr/bin/ffmpeg", "-hide_banner", "-nostats",
                    "-loglevel", "level+warning", "-y", "-protocol_whitelist", "file",
                    "-format_whitelist", format.demuxer(), "-f", format.demuxer(),
                    "-i", "file:" + Path.of("-subs: x.vtt").toAbsolutePath()));
            expected.addAll(List.of("-map", "0:s:0", "-c:s", "ass", "-f", "ass", "file:" + target));
            assertEquals(expected, RenderCommand.assConversion(FFMPEG, source, target));
        }
    }

    @Test
    void everyFileArgumentHasTheFilePrefixAndServedInputsAreKept() {
        RenderCommand c = build(RenderRequest.builder(MediaId.of("v")).audio(MediaId.of("a"), AudioMode.REPLACE)
                .subtitles(MediaId.of("s"), SubtitleMode.SOFT_TRACK).build(), AUDIO, MP4, SUBS);
        List<String> args = c.arguments();
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("-i")) {
                inputs.add(args.get(i + 1));
            }
        }
        assertEquals(List.of("file:" + VIDEO, AUDIO, "file:" + SUBS.file()), inputs);
        assertTrue(args.get(args.size() - 1).startsWith("file:/"));
    }

    @Test
    void replacedAudioBurnedInSubtitlesAndTrim() {
        RenderRequest r = RenderRequest.builder(MediaId.of("v")).audio(MediaId.of("a"), AudioMode.REPLACE)
                .subtitles(MediaId.of("s"), SubtitleMode.BURN_IN).start(Duration.ofMillis(500))
                .end(Duration.ofSeconds(2)).build();
        RenderCommand c = build(r, AUDIO, MP4, BURN);
        List<String> args = c.arguments();
        assertSequence(args, "-ss", "0.5", "-i", "file:" + VIDEO);
        assertSequence(args, "-ss", "0.5", "-i", AUDIO);
        assertSequence(args, "-filter_complex", "[0:v:0]setpts=PTS+0.5/TB,"
                + FilterEscaping.filterWithOption("ass", "filename", BURN.file().toString())
                + ":shaping=simple,setpts=PTS-STARTPTS[v]");
        assertSequence(args, "-map", "[v]", "-map", "1:a:0", "-t", "1.5", "-c:v", "libx264");
        assertSequence(args, "-c:a", "aac");
        assertFalse(c.videoCopied());
        assertFalse(c.audioCopied());
        assertEquals(Optional.of(Duration.ofMillis(1500)), c.expectedDuration());
    }

    @Test
    void replacedAudioNeverMakesTheOutputLongerThanTheVideo() {
        RenderCommand c = build(RenderRequest.builder(MediaId.of("v")).audio(MediaId.of("a"), AudioMode.REPLACE)
                .build(), AUDIO, MP4, null);
        assertSequence(c.arguments(), "-t", "3");
        assertTrue(c.videoCopied());
        assertTrue(c.audioCopied(), "AAC goes into MP4 unchanged");
    }

    @Test
    void durationIsCappedAtTheVideosEnd() {
        RenderCommand c = build(RenderRequest.builder(MediaId.of("v")).start(Duration.ofSeconds(1))
                .duration(Duration.ofHours(1)).build(), null, null, null);
        assertSequence(c.arguments(), "-t", "2");
    }

    @Test
    void mixWithTheVideosOwnAudio() {
        RenderCommand c = build(RenderRequest.builder(MediaId.of("v")).audio(MediaId.of("a"), AudioMode.MIX).build(),
                AUDIO, MP4, null);
        assertSequence(c.arguments(), "-filter_complex",
                "[0:a:0][1:a:0]amix=inputs=2:duration=first:dropout_transition=0[a]", "-map", "0:v:0", "-map", "[a]");
        assertTrue(c.videoCopied());
        assertFalse(c.audioCopied());
    }

    @Test
    void softTrackWithTrimSeeksInTheOutput() {
        RenderCommand c = build(RenderRequest.builder(MediaId.of("v")).subtitles(MediaId.of("s"),
                SubtitleMode.SOFT_TRACK).start(Duration.ofSeconds(1)).build(), null, null, SUBS);
        List<String> args = c.arguments();
        assertEquals(1, Collections.frequency(args, "-ss"));
        assertSequence(args, "-map", "1:s:0", "-ss", "1", "-t", "2");
        assertSequence(args, "-c:s", "mov_text");
    }

    @Test
    void webmOutputFromMp4ReEncodes() {
        RenderCommand c = build(RenderRequest.builder(MediaId.of("v")).format(OutputFormat.WEBM).build(),
                null, null, null);
        assertSequence(c.arguments(), "-c:v", "libvpx-vp9");
        assertSequence(c.arguments(), "-c:a", "libopus");
        assertSequence(c.arguments(), "-f", "webm");
        assertFalse(c.arguments().contains("-movflags"));
    }

    @Test
    void webmIntoWebmIsCopied() {
        RenderCommand c = RenderCommand.build(FFMPEG, RenderRequest.builder(MediaId.of("v"))
                .format(OutputFormat.WEBM).scaleToHeight(120).build(),
                new RenderCommand.Inputs(RenderCommand.fileUrl(VIDEO), WEBM, null, null, null), OUT);
        assertFalse(c.videoCopied(), "scaling re-encodes");
        assertTrue(c.audioCopied());
        assertSequence(c.arguments(), "-filter_complex", "[0:v:0]scale=-2:120[v]");
        assertEquals(Optional.of(Duration.ofMillis(2008)), c.expectedDuration(), "from the container");
    }

    @Test
    void inputWithoutVideoIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RenderCommand.build(FFMPEG, BASE.build(),
                new RenderCommand.Inputs(RenderCommand.fileUrl(VIDEO), SRT, null, null, null), OUT));
    }

    @Test
    void secondsAreExact() {
        assertEquals("0", RenderCommand.seconds(Duration.ZERO));
        assertEquals("3723.000000001", RenderCommand.seconds(Duration.ofSeconds(3723, 1)));
        assertEquals("0.25", RenderCommand.seconds(Duration.ofMillis(250)));
    }
}
