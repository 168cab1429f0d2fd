package io.vidstore.s3;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A store in a process of its own, driven line by line through standard input, for {@link
 * MultiProcessTest}: {@code save <project> <size> <seed>}, {@code sha <id>}, {@code find <id>},
 * {@code delete <id>}, {@code exit}. Each command prints one line of result.
 */
public final class StoreShell {

    private StoreShell() {
    }

    /**
     * Runs the shell.
     *
     * @param args the servers: endpoint, JDBC URL, schema, bucket
     * @throws IOException if the store fails
     */
    public static void main(String[] args) throws IOException {
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (S3MediaStore store = TestServers.builder(args[0], args[1], args[2], args[3]).build()) {
            System.out.println("ready");
            for (String line; (line = commands.readLine()) != null; ) {
                String[] w = line.split(" ");
                switch (w[0]) {
                    case "save" -> {
                        long size = Long.parseLong(w[2]);
                        try (InputStream in = TestStreams.generated(size, Long.parseLong(w[3]))) {
                            StoredMedia media = store.save(MediaUpload.of(w[1], "clip.mp4", "video/mp4"), in);
                            System.out.println(media.id().value());
                        }
                    }
                    case "sha" -> {
                        try (MediaContent content = store.open(MediaId.of(w[1]));
                                InputStream in = content.inputStream()) {
                            System.out.println(TestStreams.sha256Hex(in));
                        }
                    }
                    case "find" -> System.out.println(store.find(MediaId.of(w[1])).isPresent());
                    case "delete" -> System.out.println(store.delete(MediaId.of(w[1])));
                    case "exit" -> {
                        return;
                    }
                    default -> System.out.println("unknown command " + w[0]);
                }
            }
        }
    }
}
