package io.vidstore.sqlite;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Saves a series of media into a store and reads each back, printing {@code id=sha256} per media.
 * {@link MultiProcessTest} runs it in a second JVM next to writers in its own.
 */
public final class ConcurrentWriter {

    private ConcurrentWriter() {
    }

    /**
     * Writes the media.
     *
     * @param args the store directory, how many media to save, and a seed
     * @throws IOException if the store fails
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        try (SqliteMediaStore store = SqliteMediaStore.builder(dir).chunkSize(64 << 10).build()) {
            for (int i = 0; i < count; i++) {
                StoredMedia media = saveOne(store, "child", i, seed + i);
                try (MediaContent content = store.open(media.id()); InputStream in = content.inputStream()) {
                    if (!TestStreams.sha256Hex(in).equals(media.sha256().orElseThrow())) {
                        throw new IllegalStateException("content of " + media.id() + " read back differs");
                    }
                }
                System.out.println(media.id() + "=" + media.sha256().orElseThrow());
            }
        }
    }

    /** Saves the {@code i}th media of a series: every third a video of about 1 MiB, the rest small files. */
    static StoredMedia saveOne(SqliteMediaStore store, String project, int i, long seed) throws IOException {
        boolean video = i % 3 == 0;
        long size = video ? (1 << 20) + seed % 1000 : 100 + (seed * 37) % 30_000;
        MediaUpload upload = MediaUpload.of(project, (video ? "v" : "s") + i + (video ? ".mp4" : ".bin"),
                video ? "video/mp4" : null);
        try (InputStream in = TestStreams.generated(size, seed)) {
            return store.save(upload, in);
        }
    }
}
