package io.vidstore.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaUpload;
import io.vidstore.http.MediaHttpHandler;
import io.vidstore.http.MediaServlet;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Serving a stored video over HTTP on the loopback interface: vidstore-http in the JDK's {@code
 * HttpServer} ({@link MediaHttpHandler}) and in an embedded Jetty 12 ({@link MediaServlet}),
 * against nginx serving the very same file from disk with {@code sendfile on}.
 *
 * <p>Each trial stores one video of {@code fileSize} bytes and starts all three servers. {@code
 * mode} says what one request gets: {@code whole} the whole video (a 200), {@code range} one range
 * of {@value #RANGE_SIZE} bytes (1 MiB; a 206) starting at a pseudo-random byte offset, not aligned
 * to pages, from a fixed seed. The methods {@link #jdk}, {@link #jetty} and {@link #nginx} measure
 * one server each, one after the other, in operations (requests) per second: for {@code range}
 * that is MiB/s, for {@code whole} multiply by the file size in MiB.
 *
 * <h2>Interleaved</h2>
 * On a machine shared with other work, the load changes between those three measurements by more
 * than the servers differ. {@link #interleaved} therefore sends each request to all three servers
 * in turn (starting with a different one each round) and adds up each server's time in {@link
 * Ratios}: every server is measured under the same load, request by request. Its {@code
 * nginxMillis / jdkMillis} and {@code nginxMillis / jettyMillis} are the ratios to read; the
 * suite's report prints them.
 *
 * <p>The file is stored once per trial and then served many times, so it comes from the page
 * cache: the numbers measure each server's copies, system calls and per-request work, not the
 * disk. nginx serves the store's own file ({@link MediaContent#localPath()}), so all three serve
 * the same bytes from the same pages. The JDK's server runs with a pool of 4 threads, Jetty and
 * nginx (one worker process) with their defaults.
 *
 * <h2>The client</h2>
 * All servers get the same client, {@link LoopbackHttpClient}: one kept-alive connection per
 * server on a blocking {@code SocketChannel}, reading into a direct buffer of 1 MiB and discarding,
 * on the benchmark's thread. It checks each response's status, {@code Content-Length} and {@code
 * Content-Range} and the exact body length, and setup compares the bytes of a whole response and of
 * a range with the file. The JDK's {@code java.net.http.HttpClient} with {@code
 * BodyHandlers.discarding()} was measured against it, both fetching from nginx in turn, and not
 * used: it took 1.5 s of CPU per GiB of whole-file responses and 1.5 to 2.4 s per GiB of 1 MiB
 * ranges, where this client took 0.3 s and 0.35 to 0.65 s, and it fetched more slowly. It reads
 * on a selector thread into heap buffers of 16 KiB (one more copy per byte, and 64 times more
 * read calls) and passes them on through reactive-streams subscribers and thread hand-offs; on 2
 * cores that competes with the server for the cores and measures the client as much as the
 * server. The kernel's copy into the client's buffer remains, for every server alike.
 *
 * <h2>Running it</h2>
 * Needs nginx (Debian and Ubuntu: {@code apt-get install nginx}); the benchmark starts it with a
 * configuration of its own (see {@link Nginx}) and stops it after each trial.
 *
 * <pre>java -jar vidstore-benchmarks/target/benchmarks.jar HttpServeBenchmark -p fileSize=1GiB</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class HttpServeBenchmark {

    /** The size of one range in {@code range} mode: 1 MiB. */
    public static final int RANGE_SIZE = 1 << 20;

    /** The servers, in the order of {@link #interleaved}'s first round. */
    static final List<String> SERVERS = List.of("jdk", "jetty", "nginx");

    /** What one request gets: {@code whole} (the whole file) or {@code range} (1 MiB at a random offset). */
    @Param({"whole", "range"})
    public String mode;

    /** The size of the stored video: bytes, or with a KiB, MiB or GiB suffix; at least 1 MiB. */
    @Param({"1GiB"})
    public String fileSize;

    private long size;
    private ScratchDirectory dir;
    private SqliteMediaStore store;
    private String path;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final Map<String, LoopbackHttpClient> clients = new LinkedHashMap<>();
    private SplittableRandom offsets;
    private long round;

    /**
     * Stores the video, starts the three servers, and checks from each a whole response and a
     * range byte by byte.
     *
     * @throws Exception if the store, a server or a check fails
     */
    @Setup(Level.Trial)
    public void start() throws Exception {
        size = ByteSize.parse(fileSize);
        if (size < RANGE_SIZE) {
            throw new IllegalArgumentException("fileSize must be at least 1 MiB but was " + fileSize);
        }
        if (!mode.equals("whole") && !mode.equals("range")) {
            throw new IllegalArgumentException("mode must be whole or range but was " + mode);
        }
        dir = ScratchDirectory.create("http-");
        store = SqliteMediaStore.open(dir.path().resolve("store"));
        MediaId id = store.save(MediaUpload.of("benchmark", "clip.mp4", "video/mp4"),
                new PatternInputStream(size)).id();
        Path file;
        try (MediaContent content = store.open(id)) {
            file = content.localPath().orElseThrow(
                    () -> new IllegalStateException("the benchmark video was not stored as a file"));
        }
        if (!id.value().matches("[A-Za-z0-9._~-]+")) {
            // Generated ids are; anything else would need percent-encoding, and nginx a decoded alias.
            throw new IllegalStateException("the store generated an id that is not URL-safe: " + id);
        }
        path = "/media/" + id.value();
        clients.put("jdk", new LoopbackHttpClient(startJdk()));
        clients.put("jetty", new LoopbackHttpClient(startJetty()));
        Nginx nginx = Nginx.start(Files.createDirectory(dir.path().resolve("nginx")), path, file);
        running.add(nginx);
        clients.put("nginx", new LoopbackHttpClient(nginx.address()));
        for (Map.Entry<String, LoopbackHttpClient> e : clients.entrySet()) {
            check(e.getKey(), e.getValue(), file);
        }
        offsets = new SplittableRandom(2026);
    }

    private InetSocketAddress startJdk() throws IOException {
        HttpServer jdk = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        jdk.createContext("/media", new MediaHttpHandler(store));
        jdk.setExecutor(executor);
        jdk.start();
        running.add(() -> {
            jdk.stop(0);
            executor.shutdownNow();
        });
        return new InetSocketAddress("127.0.0.1", jdk.getAddress().getPort());
    }

    private InetSocketAddress startJetty() throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new MediaServlet(store)), "/media/*");
        jetty.setHandler(context);
        jetty.start();
        running.add(jetty::stop);
        return new InetSocketAddress("127.0.0.1", connector.getLocalPort());
    }

    /** Compares the first MiB of a whole response, and a range in the middle, with the file. */
    private void check(String server, LoopbackHttpClient client, Path file) throws IOException {
        byte[] got = new byte[RANGE_SIZE];
        if (client.get(path, size, got) != size || !Arrays.equals(got, read(file, 0))) {
            throw new IOException(server + " sent other bytes than the file's for the whole file");
        }
        long middle = Math.max(0, Math.min(size / 2 - 12_345, size - RANGE_SIZE));
        if (client.getRange(path, middle, RANGE_SIZE, size, got) != RANGE_SIZE
                || !Arrays.equals(got, read(file, middle))) {
            throw new IOException(server + " sent other bytes than the file's for a range at " + middle);
        }
    }

    private static byte[] read(Path file, long offset) throws IOException {
        byte[] bytes = new byte[RANGE_SIZE];
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            in.readNBytes(bytes, 0, bytes.length);
        }
        return bytes;
    }

    /** Gets the whole file, or the range at {@code first}, from one server. */
    private long get(String server, long first) throws IOException {
        LoopbackHttpClient client = clients.get(server);
        return mode.equals("whole") ? client.get(path, size, null)
                : client.getRange(path, first, RANGE_SIZE, size, null);
    }

    private long nextOffset() {
        return offsets.nextLong(size - RANGE_SIZE + 1);
    }

    /**
     * One request to vidstore-http in the JDK's {@code HttpServer}.
     *
     * @return the number of body bytes received
     * @throws IOException if the exchange fails or the response is not the expected one
     */
    @Benchmark
    public long jdk() throws IOException {
        return get("jdk", nextOffset());
    }

    /**
     * One request to vidstore-http in Jetty.
     *
     * @return the number of body bytes received
     * @throws IOException if the exchange fails or the response is not the expected one
     */
    @Benchmark
    public long jetty() throws IOException {
        return get("jetty", nextOffset());
    }

    /**
     * One request to nginx.
     *
     * @return the number of body bytes received
     * @throws IOException if the exchange fails or the response is not the expected one
     */
    @Benchmark
    public long nginx() throws IOException {
        return get("nginx", nextOffset());
    }

    /**
     * One round: the same request to each of the three servers in turn, starting with a different
     * server each round, with each request's time added to {@code times}: the servers' ratios,
     * measured under the very same load.
     *
     * @param times the per-server times
     * @return the number of body bytes received
     * @throws IOException if an exchange fails or a response is not the expected one
     */
    @Benchmark
    @Measurement(iterations = 10, time = 5)
    public long interleaved(Ratios times) throws IOException {
        long first = nextOffset();
        long bytes = 0;
        int start = (int) (round++ % SERVERS.size());
        for (int i = 0; i < SERVERS.size(); i++) {
            String server = SERVERS.get((start + i) % SERVERS.size());
            long t0 = System.nanoTime();
            long n = get(server, first);
            times.add(server, System.nanoTime() - t0, n);
            bytes += n;
        }
        return bytes;
    }

    /**
     * What {@link #interleaved} measures: the time each server took for its requests, in
     * milliseconds, and the MiB each of them sent, summed over the measured iterations (JMH sums
     * such counters). All three got the very same requests, so a server's throughput relative to
     * nginx is {@code nginxMillis / serverMillis}, and its MiB/s {@code mebibytes * 1000 /
     * serverMillis}.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Ratios {

        /** The time vidstore-http in the JDK's HttpServer took, in milliseconds. */
        public double jdkMillis;

        /** The time vidstore-http in Jetty took, in milliseconds. */
        public double jettyMillis;

        /** The time nginx took, in milliseconds. */
        public double nginxMillis;

        /** The MiB each server sent. */
        public double mebibytes;

        /** Starts an iteration's sums afresh. */
        @Setup(Level.Iteration)
        public void reset() {
            jdkMillis = 0;
            jettyMillis = 0;
            nginxMillis = 0;
            mebibytes = 0;
        }

        void add(String server, long nanos, long bytes) {
            double millis = nanos / 1e6;
            switch (server) {
                case "jdk" -> jdkMillis += millis;
                case "jetty" -> jettyMillis += millis;
                case "nginx" -> {
                    nginxMillis += millis;
                    // Counted once per round, for the server that is always there.
                    mebibytes += bytes / (double) (1 << 20);
                }
                default -> throw new IllegalArgumentException(server);
            }
        }
    }

    /**
     * Stops the clients, the servers and nginx, closes the store and removes the scratch directory.
     *
     * @throws Exception if stopping or cleaning up fails
     */
    @TearDown(Level.Trial)
    public void stop() throws Exception {
        try {
            for (LoopbackHttpClient client : clients.values()) {
                client.close();
            }
            for (AutoCloseable r : running) {
                r.close();
            }
        } finally {
            try {
                if (store != null) {
                    store.close();
                }
            } finally {
                if (dir != null) {
                    dir.close();
                }
            }
        }
    }
}
