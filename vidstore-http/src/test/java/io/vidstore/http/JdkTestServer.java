package io.vidstore.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The JDK's HttpServer with a {@link MediaHttpHandler}. */
final class JdkTestServer extends TestServer {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    JdkTestServer(MediaEndpoint endpoint) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        MediaHttpHandler handler = new MediaHttpHandler(endpoint);
        HttpHandler counting = exchange -> {
            try {
                handler.handle(exchange);
            } finally {
                finished.release();
            }
        };
        server.createContext("/media", counting);
        server.setExecutor(executor);
        server.start();
    }

    @Override
    URI media() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/media");
    }

    @Override
    boolean acceptsForms() {
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
