package io.vidstore.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaStore;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.NoSuchMediaException;
import io.vidstore.api.StoredMedia;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probes and renders media held by a real {@link SqliteMediaStore}, with the real ffmpeg. */
class StoreRenderTest {

    private static final String INPUTS = "inputs";
    private static final String OUTPUTS = "outputs";
    private static final Duration TOLERANCE = Duration.ofMillis(150);

    @TempDir
    Path dir;

    private Path work;
    private MediaStore store;
    private Ffmpeg ffmpeg;

    @BeforeEach
    void open() throws IOException {
        FfmpegTools.shared();
        work = Files.createDirectories(dir.resolve("work"));
        // An inline limit large enough that the short audio track stays in the database, so that
        // renders meet inputs that have no file of their own.
        store = SqliteMediaStore.builder(dir.resolve("store")).chunkSize(256 * 1024).inlineLimit(1 << 20).build();
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

    private StoredMedia put(Path file, String name, String type) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return store.save(MediaUpload.of(INPUTS, name, type), in);
        }
    }

    private StoredMedia putSubtitles() throws IOException {
        try (InputStream in = new java.io.ByteArrayInputStream(TestMedia.subtitles().getBytes(StandardCharsets.UTF_8))) {
            return store.save(MediaUpload.of(INPUTS, "subs: it's [en].srt", "application/x-subrip"), in);
        }
    }

    private Optional<Path> localPath(StoredMedia m) throws IOException {
        try (MediaContent c = store.open(m.id())) {
            return c.localPath();
        }
    }

    private MediaProbe probeOutput(StoredMedia m) throws IOException {
        return ffmpeg.probe(store, m.id());
    }

    private static MediaUpload output(String name) {
        return MediaUpload.of(OUTPUTS, name, null);
    }

    private void assertNothingLeftBehind() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            assertEquals(List.of(), files.toList(), "temporary files left in " + work);
        }
        assertEquals(List.of(), ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList(), "child processes left");
    }

    static void assertDuration(Duration expected, Duration actual) {
        ProbeTest.assertDuration(expected, actual, TOLERANCE);
    }

    private static String videoChecksum(Ffmpeg ffmpeg, Path file) throws Exception {
        Process p = new ProcessBuilder(ffmpeg.ffmpegPath().toString(), "-hide_banner", "-nostdin", "-loglevel",
                "error", "-i", "file:" + file, "-map", "0:v:0", "-c", "copy", "-f", "md5", "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String md5 = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue());
        return md5;
    }

    @Test
    void probesDiskBackedAndDatabaseMedia() throws IOException {
        StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
        StoredMedia subs = putSubtitles();
        assertTrue(localPath(video).isPresent(), "videos live on disk");
        assertTrue(localPath(subs).isEmpty(), "small files live in the database");

        MediaProbe v = ffmpeg.probe(store, video.id());
        assertEquals(OptionalInt.of(320), v.firstVideo().orElseThrow().width());
        MediaProbe s = ffmpeg.probe(store, subs.id());
        assertEquals(StreamType.SUBTITLE, s.streams().get(0).type());
        assertNothingLeftBehind();
    }

    @Test
    void replacedAudioBurnedInSubtitlesAndTrim() throws Exception {
        StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
        StoredMedia voice = put(TestMedia.voice(), "voice.m4a", "audio/mp4");
        StoredMedia subs = putSubtitles();
        assertTrue(localPath(voice).isEmpty(), "the audio is kept in the database and must be staged");
        List<RenderProgress> progress = new CopyOnWriteArrayList<>();
        RenderRequest request = RenderRequest.builder(video.id())
                .audio(voice.id(), AudioMode.REPLACE)
                .subtitles(subs.id(), SubtitleMode.BURN_IN)
                .start(Duration.ofSeconds(1))
                .end(Duration.ofSeconds(4))
                .encodingSpeed(EncodingSpeed.FASTEST)
                .progressListener(progress::add)
                .build();

        RenderResult<StoredMedia> result = ffmpeg.render(store, request, output("final.mp4")).await();

        StoredMedia out = result.output();
        assertEquals(Optional.of(OUTPUTS), out.projectId());
        assertEquals(Optional.of("video/mp4"), out.contentType());
        assertTrue(out.isVideo());
        assertEquals(List.of(out), store.list(OUTPUTS));
        assertFalse(result.videoCopied());
        assertFalse(result.audioCopied());
        // Burned in by the ass filter, from an ASS file converted with the demuxer forced.
        assertTrue(result.command().stream().anyMatch(a -> a.contains("ass=filename=")), result.command().toString());
        assertFalse(result.command().stream().anyMatch(a -> a.contains("subtitles=")), result.command().toString());
        assertFalse(String.join(" ", result.command()).contains("it's [en]"), "the user's name never reaches ffmpeg");

        MediaProbe p = probeOutput(out);
        assertDuration(Duration.ofSeconds(3), p.duration().orElseThrow());
        assertEquals(2, p.streams().size());
        MediaStream v = p.firstVideo().orElseThrow();
        assertEquals(Optional.of("h264"), v.codec());
        assertEquals(OptionalInt.of(240), v.height());
        MediaStream a = p.firstAudio().orElseThrow();
        assertEquals(Optional.of("aac"), a.codec());
        assertEquals(OptionalInt.of(2), a.channels(), "the stereo voice replaced the mono original");
        assertEquals(OptionalInt.of(44100), a.sampleRate());

        assertFalse(progress.isEmpty());
        RenderProgress last = progress.get(progress.size() - 1);
        assertTrue(last.finished());
        assertEquals(100.0, last.percent().orElseThrow());
        assertNothingLeftBehind();
    }

    @Test
    void burnedInSubtitlesChangeThePicture() throws Exception {
        StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
        StoredMedia subs = putSubtitles();
        Path plain = dir.resolve("plain.mp4");
        Path burned = dir.resolve("burned.mp4");
        RenderRequest.Builder b = RenderRequest.builder(video.id()).scaleToHeight(240)
                .encodingSpeed(EncodingSpeed.FASTEST).duration(Duration.ofSeconds(1));
        ffmpeg.render(store, b.build(), plain).await();
        ffmpeg.render(store, b.subtitles(subs.id(), SubtitleMode.BURN_IN).build(), burned).await();
        assertFalse(videoChecksum(ffmpeg, plain).equals(videoChecksum(ffmpeg, burned)));
        assertNothingLeftBehind();
    }

    @Test
    void softSubtitleTrackInMp4() throws Exception {
        StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
        StoredMedia subs = putSubtitles();
        RenderResult<StoredMedia> result = ffmpeg.render(store, RenderRequest.builder(video.id())
                .subtitles(subs.id(), SubtitleMode.SOFT_TRACK).build(), output("soft.mp4")).await();
        assertTrue(result.videoCopied(), "a subtitle track needs no video re-encoding");
        assertTrue(result.audioCopied());
        MediaProbe p = probeOutput(result.output());
        List<MediaStream> s = p.streams(StreamType.SUBTITLE);
        assertEquals(1, s.size());
        assertEquals(Optional.of("mov_text"), s.get(0).codec());
        assertDuration(Duration.ofSeconds(TestMedia.CLIP_SECONDS), p.duration().orElseThrow());
        assertNothingLeftBehind();
    }

    @Test
    void softSubtitleTrackStaysInSyncWhenTrimmed() throws Exception {
        StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
        StoredMedia subs = putSubtitles();
        RenderResult<StoredMedia> result = ffmpeg.render(store, RenderRequest.builder(video.id())
                .subtitles(subs.id(), SubtitleMode.SOFT_TRACK).start(Duration.ofSeconds(2))
                .encodingSpeed(EncodingSpeed.FASTEST).build(), output("soft-trimmed.mp4")).await();
        assertDuration(Duration.ofSeconds(4), probeOutput(result.output()).duration().orElseThrow());
        Path out = localPath(result.output()).orElseThrow();
        Process p = new ProcessBuilder(ffmpeg.ffmpegPath().toString(), "-hide_banner", "-nostdin", "-loglevel",
                "error", "-i", "file:" + out, "-map", "0:s:0", "-f", "srt", "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String srt = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertTrue(srt.startsWith("1\n00:00:00,000 --> 00:00:02,000\nSecond line"), srt);
        assertTrue(srt.contains("00:00:02,000 --> 00:00:04,000\nThird line"), srt);
    }

    @Test
    void burnInWorksFromATemporaryDirectoryWithAnOddName() throws Exception {
        Path odd = Files.createDirectories(dir.resolve(" it's: [odd], a; b \\ ünï "));
        StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
        StoredMedia subs = putSubtitles();
        try (Ffmpeg oddFfmpeg = Ffmpeg.builder().temporaryDirectory(odd).build()) {
            RenderResult<Path> result = oddFfmpeg.render(store, RenderRequest.builder(video.id())
                    .subtitles(subs.id(), SubtitleMode.BURN_IN).duration(Duration.ofSeconds(1))
                    .encodingSpeed(EncodingSpeed.FASTEST).build(), dir.resolve("out.mp4")).await();
            assertDuration(Duration.ofSeconds(1), ffmpeg.probe(result.output()).duration().orElseThrow());
        }
        try (Stream<Path> files = Files.list(odd)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void softSubtitleTrackInWebm() throws Exception {
        StoredMedia video = put(TestMedia.webm(), "clip.webm", "video/webm");
        StoredMedia subs = putSubtitles();
        RenderResult<StoredMedia> result = ffmpeg.render(store, RenderRequest.builder(video.id())
                .subtitles(subs.id(), SubtitleMode.SOFT_TRACK).format(OutputFormat.WEBM).build(),
                output("soft.webm")).await();
        assertTrue(result.videoCopied());
        assertEquals(Optional.of("video/webm"), result.output().contentType());
        MediaProbe p = probeOutput(result.output());
        assertEquals(Optional.of("webvtt"), p.streams(StreamType.SUBTITLE).get(0).codec());
        assertEquals(Optional.of("vp9"), p.firstVideo().orElseThrow().codec());
        assertNothingLeftBehind();
    }

    @Test
    void remuxCopiesTheStreamsUnchanged() throws Exception {
        StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
        RenderResult<StoredMedia> result = ffmpeg.render(store, RenderRequest.builder(video.id()).build(),
                output("copy.mp4")).await();
        assertTrue(result.videoCopied());
        assertTrue(result.audioCopied());
        assertTrue(result.command().containsAll(List.of("-c:v", "copy", "-c:a", "copy")));
        assertFalse(result.command().contains("libx264"));
        Path in = localPath(video).orElseThrow();
        Path out = localPath(result.output()).orElseThrow();
        assertEquals(videoChecksum(ffmpeg, in), videoChecksum(ffmpeg, out), "the video packets are identical");
        assertNothingLeftBehind();
    }

    @Test
    void mixedAudioAndScaling() throws Exception {
        StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
        StoredMedia voice = put(TestMedia.voice(), "voice.m4a", "audio/mp4");
        RenderResult<StoredMedia> result = ffmpeg.render(store, RenderRequest.builder(video.id())
                .audio(voice.id(), AudioMode.MIX).scaleToHeight(120).encodingSpeed(EncodingSpeed.FASTEST).build(),
                output("mixed.mp4")).await();
        assertTrue(result.command().stream().anyMatch(a -> a.contains("amix=")));
        MediaProbe p = probeOutput(result.output());
        assertEquals(OptionalInt.of(160), p.firstVideo().orElseThrow().width());
        assertEquals(OptionalInt.of(120), p.firstVideo().orElseThrow().height());
        assertEquals(1, p.streams(StreamType.AUDIO).size());
        assertDuration(Duration.ofSeconds(TestMedia.CLIP_SECONDS), p.duration().orElseThrow());
        assertNothingLeftBehind();
    }

    @Test
    void renderOfAUsualVideoReportsPercentFromFfmpegsOwnDescription() throws Exception {
        StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
        List<RenderProgress> reports = new CopyOnWriteArrayList<>();
        RenderResult<StoredMedia> result = ffmpeg.render(store, RenderRequest.builder(video.id()).scaleToHeight(120)
                .encodingSpeed(EncodingSpeed.FASTEST).progressListener(reports::add).build(), output("scaled.mp4"))
                .await();
        assertFalse(result.videoCopied());
        assertTrue(result.audioCopied(), "the AAC ffmpeg found is copied");
        assertTrue(result.command().containsAll(List.of("-map", "0:a:0", "-c:a", "copy")), result.command().toString());
        assertFalse(reports.isEmpty());
        assertTrue(reports.stream().allMatch(r -> r.percent().isPresent()), "every report knows the duration: " + reports);
        RenderProgress last = reports.get(reports.size() - 1);
        assertTrue(last.finished());
        assertEquals(100.0, last.percent().orElseThrow(), 1e-9);
        MediaProbe p = probeOutput(result.output());
        assertEquals(OptionalInt.of(120), p.firstVideo().orElseThrow().height());
        assertEquals(Optional.of("aac"), p.firstAudio().orElseThrow().codec());
        assertDuration(Duration.ofSeconds(TestMedia.CLIP_SECONDS), p.duration().orElseThrow());
        assertNothingLeftBehind();
    }

    @Test
    void videoWithoutTheUsualStreamsGetsTheCommandBuiltForIt() throws Exception {
        // An MP4 without audio: the command started for the usual streams maps an audio stream that
        // is not there, so it must give way to the one built from the probe.
        StoredMedia video = put(TestMedia.silent(), "silent.mp4", "video/mp4");
        List<RenderProgress> reports = new CopyOnWriteArrayList<>();
        RenderResult<StoredMedia> result = ffmpeg.render(store, RenderRequest.builder(video.id()).scaleToHeight(120)
                .encodingSpeed(EncodingSpeed.FASTEST).progressListener(reports::add).build(), output("silent-out.mp4"))
                .await();
        assertFalse(result.command().contains("0:a:0"), result.command().toString());
        assertFalse(result.audioCopied());
        MediaProbe p = probeOutput(result.output());
        assertEquals(OptionalInt.of(120), p.firstVideo().orElseThrow().height());
        assertEquals(List.of(), p.streams(StreamType.AUDIO));
        assertDuration(Duration.ofSeconds(TestMedia.CLIP_SECONDS), p.duration().orElseThrow());
        assertTrue(reports.get(reports.size() - 1).finished());
        assertEquals(1, store.list(OUTPUTS).size());
        assertNothingLeftBehind();
    }

    @Test
    void audioOnlyMp4HasNoVideoStream() throws Exception {
        StoredMedia audio = put(TestMedia.voice(), "voice.mp4", "audio/mp4");
        RenderJob<StoredMedia> job = ffmpeg.render(store, RenderRequest.builder(audio.id()).scaleToHeight(120).build(),
                output("x.mp4"));
        FfmpegException e = assertThrows(FfmpegException.class, job::await);
        assertTrue(e.getMessage().contains("has no video stream"), e.getMessage());
        assertEquals(List.of(), store.list(OUTPUTS));
        assertNothingLeftBehind();
    }

    @Test
    void unreadableMp4FailsWithFfprobesReport() throws Exception {
        StoredMedia broken;
        try (InputStream in = new java.io.ByteArrayInputStream(new byte[200_000])) {
            broken = store.save(MediaUpload.of(INPUTS, "broken.mp4", "video/mp4"), in);
        }
        RenderJob<StoredMedia> job = ffmpeg.render(store, RenderRequest.builder(broken.id()).scaleToHeight(120).build(),
                output("x.mp4"));
        FfmpegException e = assertThrows(FfmpegException.class, job::await);
        assertTrue(e.exitCode() > 0, "exit code " + e.exitCode());
        assertTrue(e.command().get(0).endsWith("ffprobe"), e.command().toString());
        assertTrue(e.getMessage().contains("Invalid data found"), e.getMessage());
        assertEquals(List.of(), store.list(OUTPUTS));
        assertNothingLeftBehind();
    }

    /** An ffprobe that writes its arguments to {@code runs} before it runs the real one. */
    private Path countingFfprobe(Path runs) throws IOException {
        Path counting = dir.resolve("counting-ffprobe");
        Files.writeString(counting, "#!/bin/sh\necho \"$*\" >> '" + runs + "'\nexec '" + ffmpeg.ffprobePath()
                + "' \"$@\"\n");
        assertTrue(counting.toFile().setExecutable(true));
        return counting;
    }

    @Test
    void aUsualVideoIsRenderedWithoutFfprobe() throws Exception {
        Path runs = dir.resolve("ffprobe-runs.txt");
        try (Ffmpeg counted = Ffmpeg.builder().temporaryDirectory(work).ffprobePath(countingFfprobe(runs)).build()) {
            StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
            RenderResult<StoredMedia> result = counted.render(store, RenderRequest.builder(video.id())
                    .scaleToHeight(120).encodingSpeed(EncodingSpeed.FASTEST).build(), output("usual.mp4")).await();
            assertEquals(0, probeRuns(runs), "ffmpeg's own description of the input was enough");
            assertTrue(Collections.indexOfSubList(result.command(), List.of("-loglevel", "level+info")) >= 0,
                    result.command().toString());

            StoredMedia silent = put(TestMedia.silent(), "silent.mp4", "video/mp4");
            counted.render(store, RenderRequest.builder(silent.id()).scaleToHeight(120)
                    .encodingSpeed(EncodingSpeed.FASTEST).build(), output("unusual.mp4")).await();
            assertEquals(1, probeRuns(runs), "a video without audio is probed, then rendered");
        }
        assertNothingLeftBehind();
    }

    @Test
    void storedContentIsProbedOnce() throws Exception {
        Path runs = dir.resolve("ffprobe-runs.txt");
        try (Ffmpeg counted = Ffmpeg.builder().temporaryDirectory(work).ffprobePath(countingFfprobe(runs)).build()) {
            StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
            StoredMedia voice = put(TestMedia.voice(), "voice.m4a", "audio/mp4");
            MediaProbe first = counted.probe(store, video.id());
            assertEquals(1, probeRuns(runs));
            assertEquals(first, counted.probe(store, video.id()));
            StoredMedia copy = put(TestMedia.clip(), "copy.mp4", "video/mp4");
            assertEquals(first, counted.probe(store, copy.id()), "the same content under another id");
            assertEquals(1, probeRuns(runs));

            RenderRequest request = RenderRequest.builder(video.id()).audio(voice.id(), AudioMode.REPLACE).build();
            RenderResult<StoredMedia> result = counted.render(store, request, output("kept.mp4")).await();
            assertEquals(2, probeRuns(runs), "only the audio is probed");
            // The video's length, from the kept probe, still bounds the output.
            int t = result.command().indexOf("-t");
            assertTrue(t > 0, result.command().toString());
            assertEquals(TestMedia.CLIP_SECONDS, Double.parseDouble(result.command().get(t + 1)), 0.2);
            counted.render(store, request, output("kept-again.mp4")).await();
            assertEquals(2, probeRuns(runs));
            counted.render(store, RenderRequest.builder(video.id()).scaleToHeight(120)
                    .encodingSpeed(EncodingSpeed.FASTEST).build(), output("scaled.mp4")).await();
            assertEquals(2, probeRuns(runs));
        }
        assertNothingLeftBehind();
    }

    private static long probeRuns(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains("-show_streams")).count();
    }

    @Test
    void webmOutputReEncodesToVp9AndOpus() throws Exception {
        StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
        RenderResult<StoredMedia> result = ffmpeg.render(store, RenderRequest.builder(video.id())
                .format(OutputFormat.WEBM).encodingSpeed(EncodingSpeed.FASTEST).duration(Duration.ofSeconds(2))
                .build(), output("out.webm")).await();
        assertFalse(result.videoCopied(), "h264 does not go into WebM");
        MediaProbe p = probeOutput(result.output());
        assertEquals(Optional.of("vp9"), p.firstVideo().orElseThrow().codec());
        assertEquals(Optional.of("opus"), p.firstAudio().orElseThrow().codec());
        assertDuration(Duration.ofSeconds(2), p.duration().orElseThrow());
    }

    @Test
    void renderToAPathWithAnOddName() throws Exception {
        StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
        Path target = dir.resolve("-out: it's [x], ünï.mp4");
        RenderResult<Path> result = ffmpeg.render(store, RenderRequest.builder(video.id())
                .duration(Duration.ofSeconds(2)).build(), target).await();
        assertEquals(target, result.output());
        assertDuration(Duration.ofSeconds(2), ffmpeg.probe(target).duration().orElseThrow());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith(".vidstore-")).toList());
        }
        assertEquals(List.of(), store.list(OUTPUTS), "nothing saved into the store");
    }

    @Test
    void thumbnail() throws Exception {
        StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
        StoredMedia image = ffmpeg.thumbnail(store, video.id(), Duration.ofSeconds(2), output("poster.jpg"))
                .await().output();
        assertEquals(Optional.of("image/jpeg"), image.contentType());
        assertFalse(image.isVideo());
        MediaStream s = probeOutput(image).streams().get(0);
        assertEquals(Optional.of("mjpeg"), s.codec());
        assertEquals(OptionalInt.of(320), s.width());
        assertNothingLeftBehind();
    }

    @Test
    void thumbnailPastTheEndFails() throws Exception {
        StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
        RenderJob<StoredMedia> job = ffmpeg.thumbnail(store, video.id(), Duration.ofMinutes(5), output("poster.jpg"));
        FfmpegException e = assertThrows(FfmpegException.class, job::await);
        assertTrue(e.getMessage().contains("no frame"), e.getMessage());
        assertEquals(List.of(), store.list(OUTPUTS));
        assertNothingLeftBehind();
    }

    @Test
    void missingInputFailsBeforeFfmpegStarts() throws IOException {
        StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
        MediaId missing = MediaId.of("no-such-media");
        NoSuchMediaException e = assertThrows(NoSuchMediaException.class, () -> ffmpeg.render(store,
                RenderRequest.builder(video.id()).audio(missing, AudioMode.MIX).build(), output("x.mp4")));
        assertEquals(missing, e.id());
        assertThrows(NoSuchMediaException.class, () -> ffmpeg.probe(store, missing));
        assertNothingLeftBehind();
    }

    @Test
    void unreadableVideoFailsWithExitCodeCommandAndStderr() throws Exception {
        StoredMedia broken;
        try (InputStream in = new java.io.ByteArrayInputStream(new byte[200_000])) {
            broken = store.save(MediaUpload.of(INPUTS, "broken.mkv", null), in);
        }
        RenderJob<StoredMedia> job = ffmpeg.render(store, RenderRequest.builder(broken.id()).build(), output("x.mp4"));
        FfmpegException e = assertThrows(FfmpegException.class, job::await);
        assertTrue(e.exitCode() > 0, "exit code " + e.exitCode());
        assertTrue(e.command().get(0).endsWith("ffprobe"));
        assertFalse(e.stderrTail().isEmpty());
        assertTrue(e.getMessage().contains("Invalid data found"), e.getMessage());
        assertEquals(List.of(), store.list(OUTPUTS));
        assertNothingLeftBehind();
    }

    @Test
    void badRequestsAreRefusedAtOnce() throws IOException {
        StoredMedia video = put(TestMedia.clip(), "clip.mp4", "video/mp4");
        assertThrows(IllegalArgumentException.class, () -> ffmpeg.render(store,
                RenderRequest.builder(video.id()).build(), dir.resolve("no-such-dir").resolve("x.mp4")));
        assertThrows(IllegalArgumentException.class, () -> ffmpeg.thumbnail(store, video.id(),
                Duration.ofSeconds(-1), output("x.jpg")));
        ffmpeg.close();
        assertThrows(IllegalStateException.class, () -> ffmpeg.probe(TestMedia.clip()));
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Starts a render of the ten-minute video that takes a while (scaled, slowest preset) and
     * counts down {@code started} at its first progress report, while ffmpeg runs.
     */
    private RenderJob<StoredMedia> longRender(Duration timeout, CountDownLatch started) throws IOException {
        StoredMedia video = put(TestMedia.longVideo(), "long.mp4", "video/mp4");
        RenderRequest.Builder b = RenderRequest.builder(video.id()).scaleToHeight(96)
                .encodingSpeed(EncodingSpeed.SMALLEST).progressListener(p -> started.countDown());
        if (timeout != null) {
            b.timeout(timeout);
        }
        return ffmpeg.render(store, b.build(), output("long-out.mp4"));
    }

    private static long awaitRunning(RenderJob<?> job, CountDownLatch started) throws InterruptedException {
        assertTrue(started.await(60, TimeUnit.SECONDS), "ffmpeg did not report progress within 60 s");
        return job.pid().orElseThrow(() -> new AssertionError("no process while progress is reported: " + job.result()));
    }

    @Test
    void cancelStopsFfmpegAndLeavesNothing() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        RenderJob<StoredMedia> job = longRender(null, started);
        long pid = awaitRunning(job, started);
        assertTrue(alive(pid));

        assertTrue(job.cancel());
        assertThrows(CancellationException.class, job::await);

        assertFalse(alive(pid), "ffmpeg (pid " + pid + ") must be gone");
        assertTrue(job.result().isCancelled());
        assertFalse(job.cancel(), "a second cancel does nothing");
        assertEquals(List.of(), store.list(OUTPUTS), "no output row");
        assertNothingLeftBehind();
    }

    @Test
    void timeoutStopsFfmpegAndLeavesNothing() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        RenderJob<StoredMedia> job = longRender(Duration.ofSeconds(4), started);
        long pid = awaitRunning(job, started);

        FfmpegTimeoutException e = assertThrows(FfmpegTimeoutException.class, job::await);
        assertEquals(Duration.ofSeconds(4), e.timeout());
        assertTrue(e.command().get(0).endsWith("ffmpeg"), e.command().toString());

        assertFalse(alive(pid), "ffmpeg (pid " + pid + ") must be gone");
        assertEquals(List.of(), store.list(OUTPUTS));
        assertNothingLeftBehind();
    }

    @Test
    void closingFfmpegCancelsItsJobs() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        RenderJob<StoredMedia> job = longRender(null, started);
        long pid = awaitRunning(job, started);
        ffmpeg.close();
        assertTrue(job.isDone());
        assertTrue(job.result().isCancelled());
        assertFalse(alive(pid));
        assertEquals(List.of(), store.list(OUTPUTS));
        assertNothingLeftBehind();
    }
}
