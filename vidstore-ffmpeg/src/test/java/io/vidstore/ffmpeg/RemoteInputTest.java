package io.vidstore.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media that are not local files (objects in S3, files kept in a database) are read by ffmpeg and
 * ffprobe over HTTP from the {@link Ffmpeg} instance, with range requests: they read the parts they
 * need, as they would in a file, instead of waiting for a copy of the whole media.
 */
class RemoteInputTest {

    private static final Duration TOLERANCE = Duration.ofMillis(150);
    private static final Logger LOG = LoggerFactory.getLogger(RemoteInputTest.class);

    @TempDir
    Path dir;

    private NoLocalFileStore store;
    private Ffmpeg ffmpeg;
    private StoredMedia video;
    private String testName;

    @BeforeEach
    void open(TestInfo info) throws IOException {
        testName = info.getDisplayName();
        Path file = TestMedia.longVideo();
        store = new NoLocalFileStore(SqliteMediaStore.builder(dir.resolve("store")).build());
        try (InputStream in = Files.newInputStream(file)) {
            video = store.save(MediaUpload.of("inputs", "long.mp4", "video/mp4"), in);
        }
        ffmpeg = Ffmpeg.builder().temporaryDirectory(Files.createDirectories(dir.resolve("work"))).build();
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

    @Test
    void aProbeReadsOnlyWhatFfprobeNeeds() throws Exception {
        MediaProbe remote = ffmpeg.probe(store, video.id());

        assertEquals(ffmpeg.probe(TestMedia.longVideo()), remote);
        // The index is at the end of this MP4: ffprobe reads the start, the end and a few packets.
        LOG.info("{}: {} of {} bytes read", testName, store.bytesRead(), video.size());
        assertTrue(store.bytesRead() < video.size() / 4,
                store.bytesRead() + " of " + video.size() + " bytes were read to probe the video");
    }

    @Test
    void aClipFromTheMiddleReadsOnlyAroundIt() throws Exception {
        Path target = dir.resolve("clip.mp4");
        RenderRequest request = RenderRequest.builder(video.id())
                .start(Duration.ofSeconds(TestMedia.LONG_SECONDS / 2)).duration(Duration.ofSeconds(2)).build();

        RenderResult<Path> result = ffmpeg.render(store, request, target).await();

        StoreRenderTest.assertDuration(Duration.ofSeconds(2), ffmpeg.probe(target).duration().orElseThrow());
        LOG.info("{}: {} of {} bytes read", testName, store.bytesRead(), video.size());
        assertTrue(store.bytesRead() < video.size() / 4,
                store.bytesRead() + " of " + video.size() + " bytes were read for 2 s of a 10-minute video");
        assertTrue(result.command().stream().anyMatch(a -> a.startsWith("http://")), result.command().toString());
    }

    @Test
    void aThumbnailOfAMediaWithoutAFile() throws Exception {
        StoredMedia image = ffmpeg.thumbnail(store, video.id(), Duration.ofSeconds(TestMedia.LONG_SECONDS - 10),
                MediaUpload.of("outputs", "poster.jpg", "image/jpeg")).await().output();

        assertEquals("image/jpeg", image.contentType().orElseThrow());
        assertTrue(image.size() > 0);
        LOG.info("{}: {} of {} bytes read", testName, store.bytesRead(), video.size());
        assertTrue(store.bytesRead() < video.size() / 4,
                store.bytesRead() + " of " + video.size() + " bytes were read for one frame");
    }

    @Test
    void anInputIsServedOnlyWhileItsJobRuns() throws Exception {
        RenderResult<Path> result = ffmpeg.render(store,
                RenderRequest.builder(video.id()).duration(Duration.ofSeconds(1)).build(), dir.resolve("a.mp4")).await();
        String url = result.command().stream().filter(a -> a.startsWith("http://")).findFirst().orElseThrow();
        URI uri = URI.create(url);
        assertEquals("127.0.0.1", uri.getHost());
        assertTrue(uri.getPath().length() > 40, "the path holds 256 random bits: " + uri.getPath());

        assertEquals(404, status(uri));

        ffmpeg.close();
        assertThrows(ConnectException.class, () -> status(uri));
    }

    private static int status(URI uri) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(30_000);
        c.setReadTimeout(30_000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    @Test
    void aReadThatFailsHalfWayFailsTheRenderInsteadOfCuttingTheOutputShort() throws Exception {
        Path target = dir.resolve("whole.mp4");
        // Copying the streams reads the whole video; the storage breaks after a fifth of it.
        store.failReadsAfter(video.size() / 5);
        RenderJob<Path> job = ffmpeg.render(store, RenderRequest.builder(video.id()).build(), target);

        ExecutionException e = assertThrows(ExecutionException.class, () -> job.result().get());
        assertTrue(e.getCause() instanceof IOException, e.getCause().toString());
        assertTrue(e.getCause().getMessage().startsWith("reading media " + video.id() + " for ffmpeg failed"),
                e.getCause().getMessage());
        assertFalse(Files.exists(target), "no output");
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().contains("vidstore-render")).toList());
        }
    }

    @Test
    void aMediaThatCannotBeReadFailsItsProbe() {
        store.failReadsAfter(0);
        IOException e = assertThrows(IOException.class, () -> ffmpeg.probe(store, video.id()));
        assertTrue(e.getMessage().startsWith("reading media " + video.id() + " for ffmpeg failed"), e.toString());
    }

    @Test
    void anUploadedPlaylistCannotMakeFfmpegOpenOtherUrls() throws Exception {
        try (ServerSocket canary = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://127.0.0.1:"
                    + canary.getLocalPort() + "/segment.ts\n#EXT-X-ENDLIST\n";
            StoredMedia upload = store.save(MediaUpload.of("inputs", "clip.mp4", "video/mp4"),
                    new ByteArrayInputStream(playlist.getBytes(StandardCharsets.US_ASCII)));

            assertThrows(FfmpegException.class, () -> ffmpeg.probe(store, upload.id()));

            canary.setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, () -> canary.accept().close(),
                    "ffprobe fetched the URL the playlist named");
        }
    }

    @Test
    void withServingOffSuchMediaAreCopiedWhole() throws Exception {
        try (Ffmpeg copying = Ffmpeg.builder().temporaryDirectory(dir.resolve("work")).serveInputsOverHttp(false)
                .build()) {
            assertEquals(ffmpeg.probe(TestMedia.longVideo()), copying.probe(store, video.id()));
            assertEquals(video.size(), store.bytesRead(), "the whole media, copied");

            RenderResult<Path> result = copying.render(store,
                    RenderRequest.builder(video.id()).duration(Duration.ofSeconds(1)).build(), dir.resolve("b.mp4"))
                    .await();
            assertTrue(result.command().stream().noneMatch(a -> a.startsWith("http:")), result.command().toString());
        }
        try (var left = Files.list(dir.resolve("work"))) {
            assertEquals(0, left.count(), "the copies are deleted");
        }
    }

    @Test
    void renderingAMediaWithoutAFileGivesTheSameOutputAsFromAFile() throws Exception {
        RenderRequest request = RenderRequest.builder(video.id()).start(Duration.ofSeconds(60))
                .duration(Duration.ofSeconds(3)).scaleToHeight(60).build();
        Path fromHttp = dir.resolve("http.mp4");
        Path fromFile = dir.resolve("file.mp4");

        ffmpeg.render(store, request, fromHttp).await();
        try (SqliteMediaStore local = SqliteMediaStore.builder(dir.resolve("store")).build()) {
            ffmpeg.render(local, request, fromFile).await();
        }

        MediaProbe http = ffmpeg.probe(fromHttp);
        MediaProbe file = ffmpeg.probe(fromFile);
        assertEquals(file.streams().size(), http.streams().size());
        Duration difference = http.duration().orElseThrow().minus(file.duration().orElseThrow()).abs();
        assertTrue(difference.compareTo(TOLERANCE) <= 0, http.duration() + " against " + file.duration());
    }
}
