package io.vidstore.sqlite;

import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

/**
 * Saves and deletes media in a loop until it is killed; {@link KillTest} kills it with SIGKILL at
 * random moments. Prints {@code ready} once the store is open.
 */
public final class CrashingWriter {

    private CrashingWriter() {
    }

    /**
     * Runs until killed.
     *
     * @param args the store directory and a seed
     * @throws IOException if the store fails
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        try (SqliteMediaStore store = SqliteMediaStore.builder(dir).chunkSize(256 << 10)
                .inlineLimit(16 << 10).build()) {
            System.out.println("ready");
            System.out.flush();
            Deque<StoredMedia> saved = new ArrayDeque<>();
            for (long i = 0; ; i++) {
                int kind = random.nextInt(10);
                long seed = random.nextLong();
                long size;
                MediaUpload upload;
                if (kind < 4) {
                    size = 100_000 + random.nextInt(3_000_000);
                    upload = MediaUpload.of("crash", "video" + i + ".mp4", "video/mp4");
                } else if (kind == 4) {
                    size = 20_000_000 + random.nextInt(20_000_000);
                    upload = MediaUpload.of("crash", "large" + i + ".mkv", null);
                } else if (kind < 9) {
                    size = random.nextInt(16 << 10);
                    upload = MediaUpload.of("crash", "small" + i + ".srt", null);
                } else {
                    size = 20_000 + random.nextInt(200_000);
                    upload = MediaUpload.of("crash", "spill" + i + ".bin", null);
                }
                try (InputStream in = TestStreams.generated(size, seed)) {
                    saved.add(store.save(upload, in));
                }
                if (random.nextInt(4) == 0 && !saved.isEmpty()) {
                    store.delete(saved.poll().id());
                }
            }
        }
    }
}
