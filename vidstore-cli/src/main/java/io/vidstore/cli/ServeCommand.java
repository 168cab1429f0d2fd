package io.vidstore.cli;

import com.sun.net.httpserver.HttpServer;
import io.vidstore.http.MediaHttpHandler;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vidstore serve}: serves the store over HTTP with the JDK's server until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {
            "Serves the store over HTTP until the process is stopped (Ctrl-C or SIGTERM):",
            "GET/HEAD /media/ID with ranges and caching headers, POST/PUT",
            "/media?filename=NAME&project=P with the raw body as the upload.",
            "Prints the base URL on stdout once it listens."})
final class ServeCommand implements Callable<Integer> {

    private static final String NODELAY = "sun.net.httpserver.nodelay";

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Option(names = "--port", defaultValue = "8080",
            description = "The TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    private String bind;

    @Option(names = "--threads", defaultValue = "16",
            description = "How many requests are served at once (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535 but was " + port);
        }
        if (threads < 1 || threads > 1024) {
            throw new ParameterException(spec.commandLine(), "--threads must be between 1 and 1024 but was " + threads);
        }
        // This process owns its HttpServer: without TCP_NODELAY, JDK 17's server makes every small
        // response wait for the client's delayed ACK (see MediaHttpHandler). Read when the first
        // server is created; a value given with -D is kept.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        SqliteMediaStore s = store.open();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        } catch (IOException e) {
            pool.shutdown();
            s.close();
            throw new IOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        server.createContext("/media", new MediaHttpHandler(s));
        server.setExecutor(pool);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Requests in flight get a moment to finish; then the store closes.
            server.stop(2);
            pool.shutdown();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s.close();
            stopped.countDown();
        }, "vidstore-serve-stop"));
        server.start();
        PrintWriter out = spec.commandLine().getOut();
        out.println("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort()
                + "/media");
        out.flush();
        stopped.await();
        return VidstoreCli.OK;
    }
}
