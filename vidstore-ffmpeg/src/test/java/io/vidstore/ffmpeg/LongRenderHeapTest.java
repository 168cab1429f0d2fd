package io.vidstore.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaStore;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the ten-minute test video and checks that the JVM's heap stays flat: ffmpeg reads the
 * input from disk and the output is streamed into the store, so the live heap after a full
 * collection must not grow with the length of the video.
 */
class LongRenderHeapTest {

    /** Allowed growth of the live heap: far less than the output, which is over 10 MB. */
    private static final long MAX_GROWTH = 8L * 1024 * 1024;

    @TempDir
    Path dir;

    @BeforeEach
    void requireFfmpeg() {
        FfmpegTools.shared();
    }

    private static long liveHeap() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void heapStaysFlatWhileRenderingTenMinutes() throws Exception {
        Path video = TestMedia.longVideo();
        try (MediaStore store = SqliteMediaStore.builder(dir.resolve("store")).chunkSize(256 * 1024).build();
                Ffmpeg ffmpeg = Ffmpeg.builder().temporaryDirectory(dir).build()) {
            StoredMedia input;
            try (InputStream in = Files.newInputStream(video)) {
                input = store.save(MediaUpload.of("p", "long.mp4", "video/mp4"), in);
            }
            long baseline = liveHeap();
            List<Long> samples = new CopyOnWriteArrayList<>();
            // Scaling forces a full re-encode, so ffmpeg works for a while and reports often.
            RenderRequest request = RenderRequest.builder(input.id())
                    .scaleToHeight(120)
                    .encodingSpeed(EncodingSpeed.FASTEST)
                    // A full collection at each progress report (about two a second).
                    .progressListener(p -> samples.add(liveHeap()))
                    .build();

            RenderResult<StoredMedia> result = ffmpeg.render(store, request, MediaUpload.of("p", "out.mp4", null))
                    .await();
            samples.add(liveHeap());

            StoredMedia out = result.output();
            assertTrue(out.size() > 10_000_000, "output size " + out.size());
            MediaProbe probe = ffmpeg.probe(store, out.id());
            ProbeTest.assertDuration(Duration.ofSeconds(TestMedia.LONG_SECONDS), probe.duration().orElseThrow(),
                    Duration.ofMillis(200));
            assertTrue(samples.size() >= 3, "samples " + samples);
            long max = samples.stream().mapToLong(Long::longValue).max().orElseThrow();
            System.out.printf("heap check: baseline %,d bytes, max live heap during render %,d bytes (+%,d),"
                    + " %d samples, output %,d bytes%n", baseline, max, max - baseline, samples.size(), out.size());
            assertTrue(max - baseline < MAX_GROWTH, "live heap grew from " + baseline + " to " + max
                    + " bytes while rendering " + out.size() + " bytes: " + samples);
            assertEquals(List.of(out), store.list("p").stream().filter(m -> m.id().equals(out.id())).toList());
        }
    }
}
