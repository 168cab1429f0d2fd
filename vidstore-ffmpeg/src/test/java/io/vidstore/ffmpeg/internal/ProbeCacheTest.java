package io.vidstore.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vidstore.api.MediaId;
import io.vidstore.api.StoredMedia;
import io.vidstore.ffmpeg.MediaProbe;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbeCacheTest {

    private static final MediaProbe MP4 = ProbeParser.parse(Resources.text("probe-mp4.json"));
    private static final MediaProbe WEBM = ProbeParser.parse(Resources.text("probe-webm.json"));

    private static StoredMedia media(String id, String filename, long size, String sha256) {
        return StoredMedia.builder(MediaId.of(id)).filename(filename).size(size).createdAt(Instant.EPOCH)
                .sha256(sha256).build();
    }

    private static String sha(char c) {
        return String.valueOf(c).repeat(64);
    }

    @Test
    void theSameContentIsFoundUnderAnyId() {
        ProbeCache cache = new ProbeCache(10);
        cache.put(media("a", "clip.mp4", 100, sha('a')), MP4);
        assertEquals(Optional.of(MP4), cache.get(media("a", "clip.mp4", 100, sha('a'))));
        assertEquals(Optional.of(MP4), cache.get(media("b", "copy.MP4", 100, sha('a'))), "same bytes, same kind");
    }

    @Test
    void otherContentOrAnotherKindOfFileIsNotFound() {
        ProbeCache cache = new ProbeCache(10);
        cache.put(media("a", "clip.mp4", 100, sha('a')), MP4);
        assertEquals(Optional.empty(), cache.get(media("a", "clip.mp4", 100, sha('b'))));
        assertEquals(Optional.empty(), cache.get(media("a", "clip.mp4", 101, sha('a'))));
        assertEquals(Optional.empty(), cache.get(media("a", "clip.mkv", 100, sha('a'))), "ffprobe may go by the name");
        assertEquals(Optional.empty(), cache.get(media("a", "clip", 100, sha('a'))));
    }

    @Test
    void mediaWithoutAChecksumAreNeverKept() {
        ProbeCache cache = new ProbeCache(10);
        cache.put(media("a", "clip.mp4", 100, null), MP4);
        assertEquals(0, cache.size());
        assertEquals(Optional.empty(), cache.get(media("a", "clip.mp4", 100, null)));
    }

    @Test
    void theLeastRecentlyUsedGoesFirst() {
        ProbeCache cache = new ProbeCache(2);
        StoredMedia a = media("a", "a.mp4", 1, sha('a'));
        StoredMedia b = media("b", "b.webm", 2, sha('b'));
        StoredMedia c = media("c", "c.mp4", 3, sha('c'));
        cache.put(a, MP4);
        cache.put(b, WEBM);
        cache.get(a);
        cache.put(c, MP4);
        assertEquals(2, cache.size());
        assertEquals(Optional.of(MP4), cache.get(a));
        assertEquals(Optional.empty(), cache.get(b));
        assertEquals(Optional.of(MP4), cache.get(c));
    }

    @Test
    void capacityZeroKeepsNothing() {
        ProbeCache cache = new ProbeCache(0);
        cache.put(media("a", "a.mp4", 1, sha('a')), MP4);
        assertEquals(0, cache.size());
        assertThrows(IllegalArgumentException.class, () -> new ProbeCache(-1));
    }
}
