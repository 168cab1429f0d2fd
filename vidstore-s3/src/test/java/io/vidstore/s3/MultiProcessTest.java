package io.vidstore.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two stores in two JVMs on one bucket and database see each other's saves and deletes at once. */
class MultiProcessTest {

    private TestServers servers;
    private Process child;
    private PrintStream toChild;
    private BufferedReader fromChild;

    @BeforeEach
    void start() throws Exception {
        servers = TestServers.create();
        child = ChildJvm.of("128m", StoreShell.class, servers.childArgs()).start();
        toChild = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8);
        fromChild = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", answer());
    }

    @AfterEach
    void stop() throws Exception {
        if (child != null) {
            toChild.println("exit");
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        servers.close();
    }

    /** Reads the child's next line of result, skipping its log lines. */
    private String answer() throws IOException {
        for (String line; (line = fromChild.readLine()) != null; ) {
            if (!line.startsWith("[")) {
                return line;
            }
        }
        throw new IOException("the child ended; exit value " + child.exitValue());
    }

    private String ask(String command) throws IOException {
        toChild.println(command);
        return answer();
    }

    @Test
    void savesAndDeletesInOneProcessAreSeenByTheOther() throws IOException {
        S3MediaStore store = servers.store(servers.builder());
        long size = 7L * 1024 * 1024 + 3;

        // Saved by the child (a multipart upload), seen here.
        MediaId fromChild = MediaId.of(ask("save shared " + size + " 11"));
        Optional<StoredMedia> found = store.find(fromChild);
        assertTrue(found.isPresent(), "the child's media is found here");
        assertEquals(size, found.get().size());
        try (MediaContent content = store.open(fromChild); InputStream in = content.inputStream()) {
            assertEquals(TestStreams.sha256(size, 11), TestStreams.sha256Hex(in));
        }

        // Saved here, seen by the child.
        StoredMedia mine;
        try (InputStream in = TestStreams.generated(300_000, 12)) {
            mine = store.save(MediaUpload.of("shared", "mine.mp4", "video/mp4"), in);
        }
        assertEquals(TestStreams.sha256(300_000, 12), ask("sha " + mine.id().value()));
        assertEquals(List.of(mine.id(), fromChild), store.list("shared").stream().map(StoredMedia::id).toList());

        // Deleted by the child, gone here; deleted here, gone there.
        assertEquals("true", ask("delete " + mine.id().value()));
        assertEquals(Optional.empty(), store.find(mine.id()));
        assertTrue(store.delete(fromChild));
        assertEquals("false", ask("find " + fromChild.value()));
        assertEquals("false", ask("delete " + fromChild.value()));

        assertEquals(List.of(), store.list("shared"));
        assertEquals(List.of(), TestServers.objects(servers.bucket));
        assertNotNull(store.check());
        assertTrue(store.check().isConsistent());
    }

    @Test
    void concurrentSavesFromTwoProcessesNeverCollide() throws Exception {
        S3MediaStore store = servers.store(servers.builder());
        int count = 10;
        toChild.println("save both 1000 1");
        Thread child = new Thread(() -> {
            for (int i = 1; i < count; i++) {
                toChild.println("save both 1000 " + (i + 1));
            }
        });
        child.start();
        for (int i = 0; i < count; i++) {
            try (InputStream in = TestStreams.generated(1000, 100 + i)) {
                store.save(MediaUpload.of("both", "here.mp4", "video/mp4"), in);
            }
        }
        child.join();
        for (int i = 0; i < count; i++) {
            answer();
        }
        assertEquals(2 * count, store.list("both").size());
        assertEquals(2 * count, TestServers.objects(servers.bucket).size());
    }
}
