package io.vidstore.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An embedded Jetty 12 with a {@link MediaServlet} at {@code /media/*}. */
final class JettyTestServer extends TestServer {
    private final Server server = new Server();
    private final ServerConnector connector;

    JettyTestServer(MediaEndpoint endpoint) throws Exception {
        HttpConfiguration config = new HttpConfiguration();
        // Room for the test's Range header of 1000 ranges; Jetty answers 431 above 8 KiB by default.
        config.setRequestHeaderSize(64 << 10);
        connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new MediaServlet(endpoint)), "/media/*");
        Filter counting = (request, response, chain) -> {
            try {
                chain.doFilter(request, response);
            } finally {
                finished.release();
            }
        };
        context.addFilter(new FilterHolder(counting), "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
    }

    @Override
    URI media() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/media");
    }

    @Override
    boolean acceptsForms() {
        return true;
    }

    @Override
    public void close() throws IOException {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IOException("cannot stop Jetty", e);
        }
    }
}
