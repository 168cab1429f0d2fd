package io.vidstore.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An nginx of the system's packages, started in the foreground with a configuration of its own
 * that serves one file with {@code sendfile on}: the reference {@link HttpServeBenchmark} compares
 * vidstore-http with. The system's nginx service and its configuration are not used.
 *
 * <p>The configuration is written into a directory of its own (which also receives nginx's pid
 * file, error log and temporary directories): one worker process, {@code sendfile on}, no access
 * log, practically unlimited keep-alive requests, and one location, {@code = <path>}, whose
 * {@code alias} is the served file. nginx runs as the user who starts it ({@code user root} when
 * that is root, whose workers would otherwise run as {@code nobody} and could not read a file in a
 * private directory).
 */
final class Nginx implements AutoCloseable {

    /**
     * The system property naming the nginx executable; without it, {@code nginx} on the {@code
     * PATH}, else {@code /usr/sbin/nginx}.
     */
    static final String PROPERTY = "vidstore.benchmarks.nginx";

    private final Process process;
    private final InetSocketAddress address;
    private final Path errorLog;

    private Nginx(Process process, InetSocketAddress address, Path errorLog) {
        this.process = process;
        this.address = address;
        this.errorLog = errorLog;
    }

    /**
     * Starts nginx serving one file at one path, and waits until it accepts connections.
     *
     * @param prefix an empty directory for the configuration, logs and temporary files
     * @param path the request path to serve the file at, such as {@code /media/abc}
     * @param file the file to serve
     * @return the running nginx, which the caller must close
     * @throws IOException if nginx is not installed, fails to start or does not listen within 10 s
     */
    static Nginx start(Path prefix, String path, Path file) throws IOException {
        String executable = locate().orElseThrow(() -> new IOException("nginx is not installed (looked for"
                + " the property " + PROPERTY + ", nginx on the PATH and /usr/sbin/nginx); on Debian"
                + " or Ubuntu: apt-get install nginx"));
        int port = freePort();
        Path conf = prefix.resolve("nginx.conf");
        Path errorLog = prefix.resolve("error.log");
        boolean root = "root".equals(System.getProperty("user.name"));
        Files.writeString(conf, String.join("\n",
                root ? "user root;" : "",
                "worker_processes 1;",
                "pid " + prefix.resolve("nginx.pid") + ";",
                "error_log " + errorLog + " warn;",
                "events { worker_connections 64; }",
                "http {",
                "  access_log off;",
                "  sendfile on;",
                "  keepalive_requests 1000000;",
                "  default_type application/octet-stream;",
                "  client_body_temp_path " + prefix.resolve("client_body") + ";",
                "  proxy_temp_path " + prefix.resolve("proxy") + ";",
                "  fastcgi_temp_path " + prefix.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + prefix.resolve("uwsgi") + ";",
                "  scgi_temp_path " + prefix.resolve("scgi") + ";",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    location = " + path + " { alias " + file.toAbsolutePath() + "; }",
                "  }",
                "}",
                ""));
        Process process = new ProcessBuilder(executable, "-p", prefix.toString(), "-c", conf.toString(),
                "-e", errorLog.toString(), "-g", "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("nginx.out").toFile())
                .start();
        Nginx nginx = new Nginx(process, new InetSocketAddress("127.0.0.1", port), errorLog);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(nginx.address, 200);
                return nginx;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    nginx.close();
                    throw new IOException("nginx did not start: "
                            + Files.readString(prefix.resolve("nginx.out")).strip() + " "
                            + (Files.exists(errorLog) ? Files.readString(errorLog).strip() : ""));
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    nginx.close();
                    throw new IOException("interrupted while waiting for nginx", e);
                }
            }
        }
    }

    /** {@return the executable to run, if there is one} */
    static Optional<String> locate() {
        String named = System.getProperty(PROPERTY);
        if (named != null) {
            return Optional.of(named);
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nginx"))) {
                return Optional.of(Path.of(dir, "nginx").toString());
            }
        }
        Path system = Path.of("/usr/sbin/nginx");
        return Files.isExecutable(system) ? Optional.of(system.toString()) : Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@return where nginx listens} */
    InetSocketAddress address() {
        return address;
    }

    /** {@return nginx's error log, for messages when a request fails} */
    Path errorLog() {
        return errorLog;
    }

    /**
     * Stops nginx (a fast shutdown, {@code SIGTERM}) and waits for it to exit.
     *
     * @throws IOException if it does not exit within 10 s, after which it is killed
     */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("nginx did not stop within 10 s; killed it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
