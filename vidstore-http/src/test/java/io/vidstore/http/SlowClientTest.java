package io.vidstore.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * As many slow clients as the JDK server has workers, each sending its request a byte per second
 * (and reconnecting whenever the server closes it), do not stop a normal client from being served
 * within a few seconds, and the server closes their stalled connections. The server runs in a JVM
 * of its own ({@link SlowClientServer}), since the JDK reads its limits once per JVM.
 */
class SlowClientTest {

    static final int WORKERS = 2;
    static final int MAX_REQUEST_SECONDS = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void slowClientsAtTheWorkerCountDoNotStopANormalClient() throws Exception {
        String classPath = System.getProperty("jdk.module.path", "") + File.pathSeparator
                + System.getProperty("java.class.path");
        Path err = dir.resolve("server.err");
        Process server = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", classPath, SlowClientServer.class.getName(),
                dir.resolve("store").toString(), Integer.toString(WORKERS),
                Integer.toString(MAX_REQUEST_SECONDS))
                .redirectError(err.toFile()).start();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> slow = new ArrayList<>();
        List<Long> closedAfterMillis = new CopyOnWriteArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null, () -> "the server did not start: " + read(err));
            String[] portAndId = line.split(" ");
            int port = Integer.parseInt(portAndId[0]);
            for (int i = 0; i < WORKERS; i++) {
                Thread t = new Thread(() -> trickle(port, stop, closedAfterMillis), "slow-client-" + i);
                t.setDaemon(true);
                t.start();
                slow.add(t);
            }
            // Let the slow clients take every worker.
            Thread.sleep(1500);

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            long start = System.nanoTime();
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/media/" + portAndId[1]))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(200, r.statusCode());
            assertEquals(10_000, r.body().length);
            // The limit plus the JDK's once-a-second check, with room for a loaded machine.
            assertTrue(millis < (MAX_REQUEST_SECONDS + 7) * 1000L,
                    "the normal client waited " + millis + " ms");

            // The stalled connections were closed by the server, not left open for minutes.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_REQUEST_SECONDS + 10);
            while (closedAfterMillis.size() < WORKERS && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(closedAfterMillis.size() >= WORKERS, "closed: " + closedAfterMillis);
            for (long closed : closedAfterMillis) {
                assertTrue(closed < (MAX_REQUEST_SECONDS + 7) * 1000L, "closed after " + closed + " ms");
            }
        } finally {
            stop.set(true);
            for (Thread t : slow) {
                t.interrupt();
            }
            server.getOutputStream().close();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** Sends a request a byte per second, again on a new connection whenever the server closes it. */
    static void trickle(int port, AtomicBoolean stop, List<Long> closedAfterMillis) {
        byte[] request = ("GET /media/slow HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "
                + "x".repeat(200) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (!stop.get()) {
            long opened = System.nanoTime();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < request.length && !stop.get(); i++) {
                    out.write(request[i]);
                    out.flush();
                    Thread.sleep(1000);
                }
            } catch (IOException e) {
                // The server closed the connection: what the limit is for.
                closedAfterMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
