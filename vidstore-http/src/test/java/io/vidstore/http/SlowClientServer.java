package io.vidstore.http;

import com.sun.net.httpserver.HttpServer;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The server {@link SlowClientTest} runs in a JVM of its own, since the JDK reads its limits once
 * per JVM: a store with one media behind {@link MediaHttpHandler} on a fixed pool of workers, set
 * up as the handler's documentation says. Prints the port and the media's id, and stops when its
 * standard input ends.
 */
final class SlowClientServer {

    private SlowClientServer() {
    }

    /**
     * Runs the server.
     *
     * @param args the store directory, the worker count and the request time limit in seconds
     */
    public static void main(String[] args) throws Exception {
        int workers = Integer.parseInt(args[1]);
        MediaHttpHandler.applyServerTimeouts(Duration.ofSeconds(Long.parseLong(args[2])),
                Duration.ofSeconds(60), Duration.ofSeconds(30));
        try (SqliteMediaStore store = SqliteMediaStore.open(Path.of(args[0]))) {
            StoredMedia media = store.save(MediaUpload.of("p", "clip.mp4", "video/mp4"),
                    new ByteArrayInputStream(new byte[10_000]));
            HttpServer server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            server.createContext("/media", new MediaHttpHandler(store));
            server.setExecutor(pool);
            server.start();
            System.out.println(server.getAddress().getPort() + " " + media.id().value());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to close our standard input
            }
            server.stop(0);
            pool.shutdownNow();
        }
    }
}
