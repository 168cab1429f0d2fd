package io.vidstore.s3;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import java.io.IOException;
import java.io.InputStream;

/**
 * Saves a generated stream into an S3 store with 8 MiB parts and reads it back, printing the
 * SHA-256 seen at each step. The stream's length is unknown (a multipart upload), or declared
 * when a seventh argument {@code declared} is given (one streaming {@code PutObject}). {@link
 * SmallHeapTest} runs it in a JVM with a small heap.
 */
public final class LargeRoundTrip {

    private LargeRoundTrip() {
    }

    /**
     * Runs the round trip.
     *
     * @param args the servers (endpoint, JDBC URL, schema, bucket), the size in bytes, the seed
     *     and optionally {@code declared}
     * @throws IOException if the store fails
     */
    public static void main(String[] args) throws IOException {
        long size = Long.parseLong(args[4]);
        long seed = Long.parseLong(args[5]);
        MediaUpload upload = MediaUpload.of("big", "long.mp4", "video/mp4");
        if (args.length > 6 && args[6].equals("declared")) {
            upload = upload.toBuilder().expectedSize(size).build();
        }
        try (S3MediaStore store = TestServers.builder(args[0], args[1], args[2], args[3])
                .partSize(8 << 20).uploadParallelism(4).build()) {
            StoredMedia media;
            try (InputStream in = TestStreams.generated(size, seed)) {
                media = store.save(upload, in);
            }
            System.out.println("size=" + media.size());
            System.out.println("saved=" + media.sha256().orElseThrow());
            try (MediaContent content = store.open(media.id())) {
                try (InputStream in = content.inputStream()) {
                    System.out.println("stream=" + TestStreams.sha256Hex(in));
                }
            }
        }
        System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    }
}
