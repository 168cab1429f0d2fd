package io.vidstore.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.ffmpeg.Ffmpeg;
import io.vidstore.ffmpeg.MediaProbe;
import io.vidstore.ffmpeg.RenderRequest;
import io.vidstore.ffmpeg.ToolUnavailableException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ffmpeg adapter works with media that live in object storage ({@code localPath()} empty):
 * ffprobe and ffmpeg read them over HTTP from the adapter, which reads the object with ranged GETs.
 */
class FfmpegProbeTest {

    @TempDir
    Path dir;

    @Test
    void aVideoInObjectStorageIsProbed() throws Exception {
        Ffmpeg ffmpeg;
        try {
            ffmpeg = Ffmpeg.locate();
        } catch (ToolUnavailableException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("ffmpeg and ffprobe are required when CI=true: " + e.getMessage(), e);
            }
            Assumptions.abort("skipped, ffmpeg/ffprobe not usable (install with: apt-get install ffmpeg): "
                    + e.getMessage());
            return;
        }
        Path video = dir.resolve("clip.mp4");
        Process make = new ProcessBuilder(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin",
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2",
                "-c:v", "libx264", "-pix_fmt", "yuv420p", "-y", video.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
        assertTrue(make.waitFor(60, TimeUnit.SECONDS) && make.exitValue() == 0,
                Files.readString(dir.resolve("ffmpeg.log")));

        try (TestServers servers = TestServers.create(); Ffmpeg tools = ffmpeg) {
            S3MediaStore store = servers.store(servers.builder());
            StoredMedia saved;
            try (InputStream in = Files.newInputStream(video)) {
                saved = store.save(MediaUpload.of("p", "clip.mp4", "video/mp4"), in);
            }
            try (MediaContent content = store.open(saved.id())) {
                assertEquals(Optional.empty(), content.localPath());
            }

            MediaProbe probe = tools.probe(store, saved.id());

            assertEquals(320, probe.firstVideo().orElseThrow().width().orElseThrow());
            Duration duration = probe.duration().orElseThrow();
            assertTrue(duration.compareTo(Duration.ofMillis(1900)) > 0
                    && duration.compareTo(Duration.ofMillis(2100)) < 0, duration.toString());

            // ffmpeg seeks into the object: half a second from its middle, scaled.
            Path cut = dir.resolve("cut.mp4");
            tools.render(store, RenderRequest.builder(saved.id()).start(Duration.ofSeconds(1))
                    .duration(Duration.ofMillis(500)).scaleToHeight(120).build(), cut).await();
            MediaProbe cutProbe = tools.probe(cut);
            assertEquals(120, cutProbe.firstVideo().orElseThrow().height().orElseThrow());
            Duration cutDuration = cutProbe.duration().orElseThrow();
            assertTrue(cutDuration.compareTo(Duration.ofMillis(400)) > 0
                    && cutDuration.compareTo(Duration.ofMillis(600)) < 0, cutDuration.toString());
        }
    }
}
