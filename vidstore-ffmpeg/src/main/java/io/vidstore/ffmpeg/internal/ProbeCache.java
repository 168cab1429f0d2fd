package io.vidstore.ffmpeg.internal;

import io.vidstore.api.StoredMedia;
import io.vidstore.ffmpeg.MediaProbe;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Probe results of stored media, by content: a stored media never changes, so what ffprobe found
 * in it stays true. The key is the media's SHA-256, size and file name extension (which ffprobe may
 * use to tell the format), so the same content stored twice is probed once, and a media whose
 * SHA-256 the store does not know is never cached. Keeps the most recently used {@code capacity}
 * results. Thread-safe.
 */
public final class ProbeCache {

    private final int capacity;
    private final Map<String, MediaProbe> probes = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * Creates an empty cache.
     *
     * @param capacity how many results to keep at most; 0 keeps none
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public ProbeCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative but was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Looks a media up.
     *
     * @param media the media
     * @return what ffprobe found in the same content before, if it is kept
     */
    public synchronized Optional<MediaProbe> get(StoredMedia media) {
        return key(media).map(probes::get);
    }

    /**
     * Keeps what ffprobe found in a media, dropping the least recently used result when full.
     *
     * @param media the media
     * @param probe what ffprobe found in it
     */
    public synchronized void put(StoredMedia media, MediaProbe probe) {
        Objects.requireNonNull(probe, "probe");
        Optional<String> key = key(media);
        if (key.isEmpty() || capacity == 0) {
            return;
        }
        probes.put(key.get(), probe);
        Iterator<String> eldest = probes.keySet().iterator();
        while (probes.size() > capacity) {
            eldest.next();
            eldest.remove();
        }
    }

    /** {@return how many results are kept} */
    public synchronized int size() {
        return probes.size();
    }

    private static Optional<String> key(StoredMedia media) {
        String name = media.filename();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
        return media.sha256().map(sha -> sha + " " + media.size() + " " + extension);
    }
}
