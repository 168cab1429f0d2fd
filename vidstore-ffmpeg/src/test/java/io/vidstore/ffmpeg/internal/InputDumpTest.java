package io.vidstore.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.ffmpeg.MediaProbe;
import io.vidstore.ffmpeg.MediaStream;
import io.vidstore.ffmpeg.StreamType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ffmpeg 5.1's description of its input at {@code -loglevel level+info}, recorded. */
class InputDumpTest {

    private static InputDump read(String resource) {
        InputDump dump = new InputDump();
        Resources.text(resource).lines().forEach(dump);
        return dump;
    }

    private static List<String> types(MediaProbe p) {
        return p.streams().stream().map(s -> s.index() + " " + s.type() + " " + s.codec().orElse("?")).toList();
    }

    @Test
    void mp4WithAnOddName() {
        MediaProbe p = read("dump-mp4.txt").result().getNow(null);
        assertEquals("mov,mp4,m4a,3gp,3g2,mj2", p.container(), "the name holds \", from '\" as well");
        assertEquals(Optional.of(Duration.ofSeconds(6)), p.formatDuration());
        assertEquals(Optional.of(Duration.ofSeconds(6)), p.duration());
        assertEquals(List.of("0 VIDEO h264", "1 AUDIO aac"), types(p), "metadata and the output's streams are not the input's");
    }

    @Test
    void webmAndMpegts() {
        MediaProbe webm = read("dump-webm.txt").result().getNow(null);
        assertEquals("matroska,webm", webm.container());
        assertEquals(Optional.of(Duration.ofMillis(4010)), webm.duration(), "the stream's DURATION tag is not it");
        assertEquals(List.of("0 VIDEO vp9", "1 AUDIO opus"), types(webm));

        MediaProbe ts = read("dump-mpegts.txt").result().getNow(null);
        assertEquals("mpegts", ts.container());
        assertEquals(Optional.of(Duration.ofMillis(6020)), ts.duration());
        assertEquals(List.of("0 VIDEO h264", "1 AUDIO aac"), types(ts), "streams under a program");
    }

    @Test
    void anErrorEndsTheDescription() {
        MediaProbe p = read("dump-no-audio.txt").result().getNow(null);
        assertEquals(List.of("0 VIDEO h264"), types(p));
        assertTrue(p.firstAudio().isEmpty());
    }

    @Test
    void noDescriptionNoResult() {
        assertFalse(read("dump-broken.txt").result().isDone(), "ffmpeg could not open the input");
        InputDump partial = new InputDump();
        Resources.text("dump-mp4.txt").lines().limit(8).forEach(partial);
        assertFalse(partial.result().isDone(), "more streams may follow");
        partial.accept("[info]   Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz");
        partial.accept("[info] Stream mapping:");
        assertEquals(List.of("0 VIDEO h264", "1 AUDIO aac"), types(partial.result().getNow(null)));
    }

    @Test
    void unknownDurationAndOtherStreamTypes() {
        InputDump dump = new InputDump();
        List.of("[info] Input #0, matroska,webm, from 'file:x.mkv':",
                "[info]   Duration: N/A, start: 0.000000, bitrate: N/A",
                "[info]   Stream #0:0: Attachment: ttf",
                "[info]   Stream #0:1(eng): Subtitle: subrip (default)",
                "[info]   Stream #0:2: Video: mjpeg (Baseline), yuvj420p(pc), 600x600 (attached pic)",
                "[info]   Stream #0:3: Data: none",
                "[info] Input #1, srt, from 'file:y.srt':")
                .forEach(dump);
        MediaProbe p = dump.result().getNow(null);
        assertEquals(Optional.empty(), p.formatDuration());
        assertEquals(List.of("0 ATTACHMENT ttf", "1 SUBTITLE subrip", "2 VIDEO mjpeg", "3 DATA none"), types(p));
        MediaStream video = p.firstVideo().orElseThrow();
        assertEquals(2, video.index());
    }

    @Test
    void linesAfterTheResultChangeNothing() {
        InputDump dump = read("dump-mp4.txt");
        MediaProbe p = dump.result().getNow(null);
        dump.accept("[info] Input #0, avi, from 'file:z.avi':");
        dump.accept("[info]   Stream #0:0: Video: mpeg4");
        assertEquals(p, dump.result().getNow(null));
        assertEquals(StreamType.AUDIO, p.streams().get(1).type());
    }

    @Test
    void chatterIsInformationOnly() {
        assertTrue(InputDump.isChatter("[info] Stream mapping:"));
        assertTrue(InputDump.isChatter("[libx264 @ 0x55f2cfc03340] [info] using SAR=640/639"));
        assertTrue(InputDump.isChatter("[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d8a85210c0] [verbose] x"));
        assertFalse(InputDump.isChatter("[fatal] Stream map '0:a:0' matches no streams."));
        assertFalse(InputDump.isChatter("[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d8a85210c0] [error] moov atom not found"));
        assertFalse(InputDump.isChatter("[libvpx-vp9 @ 0x55609c86b000] [warning] using default CRF"));
        assertFalse(InputDump.isChatter("file:broken.mp4: Invalid data found when processing input"));
        assertFalse(InputDump.isChatter("To ignore this, add a trailing '?' to the map."));
    }
}
