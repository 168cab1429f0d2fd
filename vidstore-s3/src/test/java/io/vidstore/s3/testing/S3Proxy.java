package io.vidstore.s3.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An s3proxy server for tests and benchmarks: a real S3 protocol server, run from its
 * self-contained jar as a process of its own, path-style, on a free loopback port, keeping objects
 * in a temporary directory that {@link #close()} removes.
 */
public final class S3Proxy implements AutoCloseable {

    /** The access key the server accepts. */
    public static final String ACCESS_KEY = "vidstore-access";
    /** The secret key the server accepts. */
    public static final String SECRET_KEY = "vidstore-secret";

    private final Process process;
    private final Path dir;
    private final URI endpoint;

    private S3Proxy(Process process, Path dir, URI endpoint) {
        this.process = process;
        this.dir = dir;
        this.endpoint = endpoint;
    }

    /**
     * Starts s3proxy from the jar named by the system property {@code vidstore.s3proxy.jar}, else
     * from {@code defaultJar}, and waits until it accepts connections.
     *
     * @param defaultJar where s3proxy's self-contained jar is when the property is not set
     * @return the running server
     * @throws IllegalStateException if the jar is not there
     * @throws IOException if the server does not start within 60 seconds
     */
    public static S3Proxy start(String defaultJar) throws IOException {
        String jar = System.getProperty("vidstore.s3proxy.jar", defaultJar);
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("s3proxy is not at " + Path.of(jar).toAbsolutePath()
                    + "; mvn -pl vidstore-s3 verify copies it to vidstore-s3/target/s3proxy/s3proxy.jar,"
                    + " or give its path with -Dvidstore.s3proxy.jar");
        }
        Path dir = Files.createTempDirectory("vidstore-s3proxy-");
        Path data = Files.createDirectory(dir.resolve("data"));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data,
                "jclouds.identity=identity",
                "jclouds.credential=credential",
                ""), StandardCharsets.UTF_8);
        Path log = dir.resolve("s3proxy.log");
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar, "--properties", properties.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        S3Proxy proxy = new S3Proxy(process, dir, endpoint);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return proxy;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    proxy.close();
                    throw new IOException("s3proxy did not start on " + endpoint + ":\n"
                            + Files.readString(log, StandardCharsets.UTF_8), e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while starting s3proxy", ie);
                }
            }
        }
    }

    /** {@return the server's address, {@code http://127.0.0.1:<port>}} */
    public URI endpoint() {
        return endpoint;
    }

    /** Stops the server and removes its objects. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[vidstore-s3] could not remove " + dir + ": " + e);
        }
    }
}
