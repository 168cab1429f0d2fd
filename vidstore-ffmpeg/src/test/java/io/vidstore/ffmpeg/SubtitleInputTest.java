package io.vidstore.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaStore;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.ffmpeg.internal.RenderCommand;
import io.vidstore.ffmpeg.internal.SubtitleFormat;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Subtitles are an attack surface: ffmpeg picks a demuxer by content, and a playlist uploaded as
 * {@code subs.srt} names other files and URLs. Burned in with the {@code subtitles} filter, an HLS
 * playlist or an {@code ffconcat} script read a private file into the picture. Such uploads are
 * now refused before ffmpeg runs, in both subtitle modes, whether the store keeps them in its
 * database or in a file, and what is accepted is read with its demuxer forced. Real subtitles of
 * each accepted format still work.
 */
class SubtitleInputTest {

    private static final String INPUTS = "inputs";

    @TempDir
    Path dir;

    private Path work;
    private MediaStore store;
    private Ffmpeg ffmpeg;

    /** Opens a store that keeps small files in its database, or every file on disk. */
    private void open(boolean inDatabase) throws IOException {
        FfmpegTools.shared();
        work = Files.createDirectories(dir.resolve("work"));
        store = SqliteMediaStore.builder(dir.resolve("store")).inlineLimit(inDatabase ? 1 << 20 : 0).build();
        ffmpeg = Ffmpeg.builder().temporaryDirectory(work).build();
    }

    @AfterEach
    void close() throws IOException {
        if (ffmpeg != null) {
            ffmpeg.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private StoredMedia video() throws IOException {
        try (InputStream in = Files.newInputStream(TestMedia.clip())) {
            return store.save(MediaUpload.of(INPUTS, "clip.mp4", "video/mp4"), in);
        }
    }

    private StoredMedia text(String filename, String contentType, byte[] content) throws IOException {
        return store.save(MediaUpload.of(INPUTS, filename, contentType), new ByteArrayInputStream(content));
    }

    private StoredMedia srt(String content) throws IOException {
        return text("subs.srt", "application/x-subrip", content.getBytes(StandardCharsets.UTF_8));
    }

    private static RenderRequest request(StoredMedia video, StoredMedia subtitles, SubtitleMode mode) {
        return RenderRequest.builder(video.id()).subtitles(subtitles.id(), mode).duration(Duration.ofSeconds(1))
                .encodingSpeed(EncodingSpeed.FASTEST).timeout(Duration.ofSeconds(30)).build();
    }

    /** Asserts that the render is refused at once, naming the subtitles and what they are. */
    private void assertRefused(RenderRequest request, StoredMedia subtitles, String found) throws IOException {
        Path target = dir.resolve("out.mp4");
        UnsupportedSubtitlesException e = assertThrows(UnsupportedSubtitlesException.class,
                () -> ffmpeg.render(store, request, target));
        assertEquals(subtitles.id(), e.id());
        assertEquals(found, e.found());
        assertTrue(e.getMessage().startsWith("media " + subtitles.id() + " cannot be used as subtitles: its content is "
                + found), e.getMessage());
        assertFalse(Files.exists(target), "no output");
        assertNothingLeftBehind();
    }

    private void assertNothingLeftBehind() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("vidstore-")).toList(),
                    "temporary files left in " + work);
        }
        assertEquals(List.of(), ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList(), "child processes left");
    }

    @ParameterizedTest(name = "{0}, kept in the database: {1}")
    @CsvSource({"BURN_IN, true", "BURN_IN, false", "SOFT_TRACK, true", "SOFT_TRACK, false"})
    void anHlsPlaylistNamingAFileOutsideTheStoreIsRefused(SubtitleMode mode, boolean inDatabase) throws Exception {
        open(inDatabase);
        Path secret = Files.copy(TestMedia.secret(), Files.createDirectories(dir.resolve("private")).resolve("a.mkv"));
        StoredMedia video = video();
        StoredMedia playlist = srt("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\nfile:" + secret + "\n#EXT-X-ENDLIST\n");

        assertRefused(request(video, playlist, mode), playlist, "an HLS playlist (#EXTM3U)");
    }

    @ParameterizedTest
    @EnumSource(SubtitleMode.class)
    void aPlaylistNamingAListeningSocketMakesNoConnection(SubtitleMode mode) throws Exception {
        open(true);
        StoredMedia video = video();
        try (ServerSocket canary = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (true) {
                    try {
                        Socket s = canary.accept();
                        connections.incrementAndGet();
                        s.close();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "canary");
            acceptor.setDaemon(true);
            acceptor.start();
            StoredMedia playlist = srt("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://127.0.0.1:"
                    + canary.getLocalPort() + "/segment.ts\n#EXT-X-ENDLIST\n");

            UnsupportedSubtitlesException refused = null;
            try (RenderJob<Path> job = ffmpeg.render(store, request(video, playlist, mode), dir.resolve("out.mp4"))) {
                // Not refused: whatever ffmpeg does with the playlist, it has a bounded time to do it.
                try {
                    job.result().get(40, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // What counts is what reached the socket.
                }
            } catch (UnsupportedSubtitlesException e) {
                refused = e;
            }
            assertEquals(0, connections.get(), "connections to the URL the playlist named");
            assertNotNull(refused, "the playlist was not refused");
            assertEquals("an HLS playlist (#EXTM3U)", refused.found());
            // No ffmpeg is left that could still connect.
            assertNothingLeftBehind();
        }
    }

    @ParameterizedTest(name = "{0}, kept in the database: {1}")
    @CsvSource({"BURN_IN, true", "BURN_IN, false", "SOFT_TRACK, true", "SOFT_TRACK, false"})
    void anFfconcatScriptNamingAFileOutsideTheStoreIsRefused(SubtitleMode mode, boolean inDatabase) throws Exception {
        open(inDatabase);
        // ffconcat's safe mode allows relative names: a file next to where ffmpeg reads the script,
        // the temporary directory, is one it would read.
        Files.copy(TestMedia.secret(), work.resolve("secret.mkv"));
        StoredMedia video = video();
        StoredMedia script = srt("ffconcat version 1.0\nfile secret.mkv\n");

        assertRefused(request(video, script, mode), script, "an ffconcat script, which names other files");
    }

    @ParameterizedTest
    @EnumSource(SubtitleMode.class)
    void xmlAndBinaryContentIsRefused(SubtitleMode mode) throws Exception {
        open(false);
        StoredMedia video = video();
        StoredMedia dash = text("subs.vtt", "text/vtt", ("<?xml version=\"1.0\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\">"
                + "<Period><AdaptationSet><Representation><BaseURL>file:/etc/passwd</BaseURL></Representation>"
                + "</AdaptationSet></Period></MPD>\n").getBytes(StandardCharsets.UTF_8));
        assertRefused(request(video, dash, mode), dash, "a DASH manifest (XML), which names other files");
        StoredMedia mkv;
        try (InputStream in = Files.newInputStream(TestMedia.secret())) {
            mkv = store.save(MediaUpload.of(INPUTS, "subs.ass", "text/x-ssa"), in);
        }
        UnsupportedSubtitlesException e = assertThrows(UnsupportedSubtitlesException.class,
                () -> ffmpeg.render(store, request(video, mkv, mode), dir.resolve("out.mp4")));
        assertTrue(e.found().startsWith("binary data (a control character at offset 0; the first bytes are 1a 45 df a3"),
                e.found());
    }

    @ParameterizedTest(name = "{0}, kept in the database: {2}")
    @CsvSource({
        "SRT, subs.srt, true", "WEBVTT, subs.vtt, false", "ASS, subs.ass, true", "SRT_BOM_CRLF, subs.srt, false",
    })
    void validSubtitlesStillBurnInAndMuxAsATrack(String format, String filename, boolean inDatabase) throws Exception {
        open(inDatabase);
        byte[] content = switch (format) {
            case "SRT" -> TestMedia.subtitles().getBytes(StandardCharsets.UTF_8);
            case "WEBVTT" -> TestMedia.webVttSubtitles().getBytes(StandardCharsets.UTF_8);
            case "ASS" -> TestMedia.assSubtitles().getBytes(StandardCharsets.UTF_8);
            default -> ("\uFEFF" + TestMedia.subtitles().replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8);
        };
        StoredMedia video = video();
        StoredMedia subs = text(filename, null, content);

        Path plain = dir.resolve("plain.mp4");
        Path burned = dir.resolve("burned.mp4");
        RenderRequest.Builder b = RenderRequest.builder(video.id()).scaleToHeight(240)
                .encodingSpeed(EncodingSpeed.FASTEST).duration(Duration.ofSeconds(1));
        ffmpeg.render(store, b.build(), plain).await();
        RenderResult<Path> result = ffmpeg.render(store, b.subtitles(subs.id(), SubtitleMode.BURN_IN).build(), burned)
                .await();
        assertTrue(result.command().stream().anyMatch(a -> a.contains("ass=filename=")), result.command().toString());
        assertNotEquals(videoChecksum(plain), videoChecksum(burned), "the subtitles are drawn");

        Path soft = dir.resolve("soft.mp4");
        ffmpeg.render(store, RenderRequest.builder(video.id()).subtitles(subs.id(), SubtitleMode.SOFT_TRACK).build(),
                soft).await();
        // ASS styles come out as tags; the cues and their text are what must survive.
        String track = subtitleTrack(soft).replaceAll("</?[a-z]+[^>]*>", "");
        assertTrue(track.startsWith("1\n00:00:00,000 --> 00:00:02,000\nFirst line: it's [here], yes; ünïcödé\n"), track);
        assertTrue(track.contains("00:00:04,000 --> 00:00:06,000\nThird line"), track);
        assertNothingLeftBehind();
    }

    @Test
    void aPlaylistReadWithTheSrtDemuxerForcedNamesNothing() throws Exception {
        open(true);
        Path secret = Files.copy(TestMedia.secret(), Files.createDirectories(dir.resolve("private")).resolve("a.mkv"));
        Path playlist = Files.writeString(dir.resolve("playlist.srt"),
                "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\nfile:" + secret + "\n#EXT-X-ENDLIST\n");
        // Probed, as the subtitles filter read its file, the playlist's segment is read.
        String probed = run("-i", "file:" + playlist, "-map", "0:s:0", "-c:s", "ass", "-f", "ass", "-");
        assertTrue(probed.contains(TestMedia.SECRET_CUE), probed);

        // With the demuxer forced, as every subtitle input is now, the file is only text: even
        // content that got past the check could not name another file.
        Path converted = dir.resolve("converted.ass");
        List<String> command = RenderCommand.assConversion(ffmpeg.ffmpegPath(),
                new RenderCommand.Subtitles(playlist, SubtitleFormat.SRT), converted);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertFalse(log.contains(secret.toString()), log);
        assertFalse(Files.exists(converted) && Files.readString(converted).contains(TestMedia.SECRET_CUE));
    }

    private String videoChecksum(Path file) throws Exception {
        return run("-i", "file:" + file, "-map", "0:v:0", "-c", "copy", "-f", "md5", "-");
    }

    private String subtitleTrack(Path file) throws Exception {
        return run("-i", "file:" + file, "-map", "0:s:0", "-f", "srt", "-");
    }

    private String run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(ffmpeg.ffmpegPath().toString(), "-hide_banner",
                "-nostdin", "-loglevel", "error"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), command.toString());
        return out;
    }
}
