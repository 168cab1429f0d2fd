package io.vidstore.sqlite;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Saves a generated stream of the given size into a store and reads it back twice, printing the
 * SHA-256 seen at each step. {@link SmallHeapTest} runs it in a JVM with a small heap.
 */
public final class LargeRoundTrip {

    private LargeRoundTrip() {
    }

    /**
     * Runs the round trip.
     *
     * @param args the store directory, the size in bytes and the generator's seed
     * @throws IOException if the store fails
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long size = Long.parseLong(args[1]);
        long seed = Long.parseLong(args[2]);
        try (SqliteMediaStore store = SqliteMediaStore.open(dir)) {
            StoredMedia media;
            try (InputStream in = TestStreams.generated(size, seed)) {
                media = store.save(MediaUpload.of("big", "long.mp4", "video/mp4"), in);
            }
            System.out.println("size=" + media.size());
            System.out.println("saved=" + media.sha256().orElseThrow());
            try (MediaContent content = store.open(media.id())) {
                try (InputStream in = content.inputStream()) {
                    System.out.println("stream=" + TestStreams.sha256Hex(in));
                }
                TestStreams.Sha256OutputStream sink = TestStreams.sha256Sink();
                long written = content.transferTo(sink);
                System.out.println("transferred=" + written);
                System.out.println("transfer=" + sink.hex());
            }
        }
        System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    }
}
