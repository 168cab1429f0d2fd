package io.vidstore.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaUpload;
import io.vidstore.http.MediaHttpHandler;
import io.vidstore.http.MediaServlet;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * against nginx serving the very same file from disk with {@code sendfile on}; on request also
 * against the least handler the JDK's server can run ({@code jdkBare}, below).
 *
 * <p>Each trial stores one video of {@code fileSize} bytes and starts the servers {@code servers}
 * names (by default {@code jdk+jetty+nginx}). {@code mode} says what one request gets: {@code
 * whole} the whole video (a 200), {@code range} one range of {@value #RANGE_SIZE} bytes (1 MiB; a
 * 206) starting at a pseudo-random byte offset, not aligned to pages, from a fixed seed. {@code
 * small} (not run by default; {@code -p mode=small}) asks for ranges of {@value #SMALL_SIZE}
 * bytes the same way: the cost of a request itself, where the body hardly counts. The methods
 * {@link #jdk}, {@link #jetty} and {@link #nginx} measure one server each, one after the other, in
 * operations (requests) per second: for {@code range} that is MiB/s, for {@code whole} multiply
 * by the file size in MiB.
 *
 * <h2>The JDK server's floor</h2>
 * {@code jdkBare} ({@code -p servers=jdk+jdkBare+nginx}) is a second {@code HttpServer},
 * configured like the first, whose handler does the least that serves the file: it parses {@code
 * bytes=first-last} without any checks, sends only {@code Content-Range}, and copies the bytes
 * with positional reads through a 256 KiB heap buffer into the exchange's stream. No store, no
 * validation, no caching headers. No handler can do less through {@code HttpExchange}, so {@code nginxMillis / jdkBareMillis} is the most any handler in
 * that server could reach, and {@code jdkBareMillis / jdkMillis} how close {@link
 * MediaHttpHandler} comes to it.
 *
 * <h2>Nagle's algorithm</h2>
 * The fork runs with {@code -Dsun.net.httpserver.nodelay=true}, as {@link MediaHttpHandler}
 * recommends: JDK 17's server writes the response headers on their own, and without {@code
 * TCP_NODELAY} a small body then waits for the client's delayed ACK. Run with {@code
 * -jvmArgsAppend -Dsun.net.httpserver.nodelay=false -p mode=small} to see that.
 *
 * <h2>Interleaved</h2>
 * On a machine shared with other work, the load changes between those three measurements by more
 * than the servers differ. {@link #interleaved} therefore sends each request to all the servers
 * in turn (starting with a different one each round) and adds up each server's time in {@link
 * Ratios}: every server is measured under the same load, request by request. Its {@code
 * nginxMillis / jdkMillis} and {@code nginxMillis / jettyMillis} are the ratios to read; the
 * suite's report prints them.
 *
 * <p>The file is stored once per trial and then served many times, so it comes from the page
 * cache: the numbers measure each server's copies, system calls and per-request work, not the
 * disk. nginx serves the store's own file ({@link MediaContent#localPath()}), so all of them
 * serve the same bytes from the same pages. The JDK's servers run with a pool of 4 threads each,
 * Jetty and nginx (one worker process) with their defaults.
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
@Fork(value = 1, jvmArgsAppend = HttpServeBenchmark.NODELAY)
public class HttpServeBenchmark {

    /**
     * The JVM argument that turns on {@code TCP_NODELAY} in the JDK's {@code HttpServer}, as
     * {@link MediaHttpHandler} recommends; JMH's {@code -jvmArgsAppend} on the command line
     * replaces it, the suite's arguments (prepended) do not.
     */
    static final String NODELAY = "-Dsun.net.httpserver.nodelay=true";

    /** The size of one range in {@code range} mode: 1 MiB. */
    public static final int RANGE_SIZE = 1 << 20;

    /** The size of one range in {@code small} mode: 1 KiB. */
    public static final int SMALL_SIZE = 1 << 10;

    /** The servers {@code servers} may name. */
    static final List<String> KNOWN_SERVERS = List.of("jdk", "jetty", "nginx", "jdkBare");

    /**
     * What one request gets: {@code whole} (the whole file), {@code range} (1 MiB at a random
     * offset) or {@code small} (1 KiB at a random offset).
     */
    @Param({"whole", "range"})
    public String mode;

    /** The size of the stored video: bytes, or with a KiB, MiB or GiB suffix; at least 1 MiB. */
    @Param({"1GiB"})
    public String fileSize;

    /**
     * The servers to start and measure, joined with {@code +} (JMH splits parameter values at
     * commas), in the order of {@link #interleaved}'s first round: any of {@code jdk}, {@code
     * jetty}, {@code nginx} (always needed: the ratios are to it) and {@code jdkBare}. Every server
     * started takes its share of the cores' caches and so changes the others' times; compare ratios
     * only between runs of the same list.
     */
    @Param({"jdk+jetty+nginx"})
    public String servers;

    private List<String> serving;
    private long size;
    private int rangeLength;
    private ScratchDirectory dir;
    private SqliteMediaStore store;
    private String path;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final Map<String, LoopbackHttpClient> clients = new LinkedHashMap<>();
    private SplittableRandom offsets;
    private long round;

    /**
     * Stores the video, starts the servers, and checks from each a whole response and a
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
        rangeLength = switch (mode) {
            case "whole", "range" -> RANGE_SIZE;
            case "small" -> SMALL_SIZE;
            default -> throw new IllegalArgumentException(
                    "mode must be whole, range or small but was " + mode);
        };
        serving = List.of(servers.split("\\+", -1));
        if (!KNOWN_SERVERS.containsAll(serving) || !serving.contains("nginx")
                || Set.copyOf(serving).size() != serving.size()) {
            throw new IllegalArgumentException("servers must name nginx and any of " + KNOWN_SERVERS
                    + ", each once, but was " + servers);
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
        for (String server : serving) {
            clients.put(server, new LoopbackHttpClient(start(server, file)));
        }
        for (Map.Entry<String, LoopbackHttpClient> e : clients.entrySet()) {
            check(e.getKey(), e.getValue(), file);
        }
        offsets = new SplittableRandom(2026);
    }

    private InetSocketAddress start(String server, Path file) throws Exception {
        switch (server) {
            case "jdk":
                return startJdk(new MediaHttpHandler(store));
            case "jetty":
                return startJetty();
            case "nginx":
                Nginx nginx = Nginx.start(Files.createDirectory(dir.path().resolve("nginx")), path, file);
                running.add(nginx);
                return nginx.address();
            case "jdkBare":
                BareHandler bare = new BareHandler(file);
                running.add(bare);
                return startJdk(bare);
            default:
                throw new IllegalArgumentException(server);
        }
    }

    private InetSocketAddress startJdk(HttpHandler handler) throws IOException {
        HttpServer jdk = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        jdk.createContext("/media", handler);
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
        if (client == null) {
            throw new IllegalStateException(server + " is not among the servers " + servers);
        }
        return mode.equals("whole") ? client.get(path, size, null)
                : client.getRange(path, first, rangeLength, size, null);
    }

    private long nextOffset() {
        return offsets.nextLong(size - rangeLength + 1);
    }

    /**
     * The least handler that serves the file in the JDK's server: the whole file, or the range of
     * a {@code Range: bytes=first-last} header taken on trust, copied with positional reads from
     * one channel opened once, through a 256 KiB heap buffer per thread (the size {@link
     * MediaHttpHandler} uses). Only for this benchmark's own client.
     */
    private static final class BareHandler implements HttpHandler, AutoCloseable {
        private final FileChannel in;
        private final long size;
        private final ThreadLocal<ByteBuffer> buffers =
                ThreadLocal.withInitial(() -> ByteBuffer.allocate(256 << 10));

        BareHandler(Path file) throws IOException {
            this.in = FileChannel.open(file);
            this.size = in.size();
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String range = exchange.getRequestHeaders().getFirst("Range");
                long first = 0;
                long length = size;
                if (range != null) {
                    int dash = range.indexOf('-');
                    first = Long.parseLong(range, "bytes=".length(), dash, 10);
                    length = Long.parseLong(range, dash + 1, range.length(), 10) - first + 1;
                    exchange.getResponseHeaders().set("Content-Range",
                            "bytes " + first + "-" + (first + length - 1) + "/" + size);
                }
                exchange.sendResponseHeaders(range == null ? 200 : 206, length);
                ByteBuffer buffer = buffers.get();
                OutputStream out = exchange.getResponseBody();
                long position = first;
                long end = first + length;
                while (position < end) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                    int n = in.read(buffer, position);
                    if (n < 0) {
                        throw new IOException("the file ended at " + position);
                    }
                    out.write(buffer.array(), 0, n);
                    position += n;
                }
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
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
     * One round: the same request to each server in turn, starting with a different
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
        int start = (int) (round++ % serving.size());
        for (int i = 0; i < serving.size(); i++) {
            String server = serving.get((start + i) % serving.size());
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
     * such counters). All servers got the very same requests, so a server's throughput relative to
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

        /** The time the least handler in the JDK's HttpServer took, in milliseconds. */
        public double jdkBareMillis;

        /** The MiB each server sent. */
        public double mebibytes;

        /** Starts an iteration's sums afresh. */
        @Setup(Level.Iteration)
        public void reset() {
            jdkMillis = 0;
            jettyMillis = 0;
            nginxMillis = 0;
            jdkBareMillis = 0;
            mebibytes = 0;
        }

        void add(String server, long nanos, long bytes) {
            double millis = nanos / 1e6;
            switch (server) {
                case "jdk" -> jdkMillis += millis;
                case "jetty" -> jettyMillis += millis;
                case "jdkBare" -> jdkBareMillis += millis;
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
