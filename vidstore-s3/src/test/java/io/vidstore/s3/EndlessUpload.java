package io.vidstore.s3;

import io.vidstore.api.MediaUpload;
import io.vidstore.api.testing.TestStreams;
import java.io.IOException;
import java.io.InputStream;

/**
 * Saves a stream that never ends, printing {@code uploading} once several parts have been read,
 * so that {@link CrashRecoveryTest} can kill the process in the middle of a multipart upload; or,
 * with a fifth argument {@code declared}, in the middle of a streaming {@code PutObject} of a
 * declared 4 GiB.
 */
public final class EndlessUpload {

    private EndlessUpload() {
    }

    /**
     * Runs the upload until the process is killed.
     *
     * @param args the servers: endpoint, JDBC URL, schema, bucket; optionally {@code declared}
     * @throws IOException if the store fails
     */
    public static void main(String[] args) throws IOException {
        try (S3MediaStore store = TestServers.builder(args[0], args[1], args[2], args[3]).build();
                InputStream endless = TestStreams.generated(Long.MAX_VALUE, 5)) {
            boolean[] told = {false};
            MediaUpload.Builder upload = MediaUpload.builder("endless.mp4").projectId("crash")
                    .progressListener((read, total) -> {
                        if (!told[0] && read > 3L * S3MediaStore.MIN_PART_SIZE) {
                            told[0] = true;
                            System.out.println("uploading");
                        }
                    });
            if (args.length > 4 && args[4].equals("declared")) {
                upload.expectedSize(4L << 30);
            }
            store.save(upload.build(), endless);
        }
    }
}
