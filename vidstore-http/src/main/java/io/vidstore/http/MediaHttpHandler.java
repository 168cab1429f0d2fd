package io.vidstore.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.Headers;
import io.vidstore.api.MediaStore;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves and accepts media with the JDK's built-in HTTP server ({@code com.sun.net.httpserver}).
 *
 * <p>Mounted at a context such as {@code /media}, it answers {@code GET} and {@code HEAD} of
 * {@code /media/<id>} with the media (ranges, conditional requests and caching headers as
 * described in {@link MediaEndpoint}) and {@code POST} or {@code PUT} of {@code /media} (raw
 * body; {@code ?filename=…&project=…}) with 201, the stored media as JSON and a {@code Location}.
 * Ids are a single percent-encoded path segment.
 *
 * <pre>{@code
 * MediaStore store = SqliteMediaStore.open(Path.of("data"));
 * HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8080), 0);
 * server.createContext("/media", new MediaHttpHandler(store));
 * server.setExecutor(Executors.newFixedThreadPool(16));
 * server.start();
 * }</pre>
 *
 * <h2>Start the JVM with {@code -Dsun.net.httpserver.nodelay=true}</h2>
 * Up to JDK 22, {@code HttpServer} sends a response's headers in a TCP segment of their own.
 * With Nagle's algorithm on (the server's default), a body smaller than a segment then waits
 * until the client acknowledges the headers, and clients delay that acknowledgement: about 40 ms
 * on Linux. Every small response (a short range such as a player's {@code bytes=0-1} probe, a
 * small file, the JSON of an upload, an error) takes 40 ms instead of a fraction of a
 * millisecond. The system property, read once when the first {@code HttpServer} starts, turns on
 * {@code TCP_NODELAY} for its connections and removes the wait; large bodies are not affected
 * either way. The first handler created without it on such a JDK logs a warning.
 *
 * <p>Bodies are copied through one pooled heap buffer of 256 KiB per request (up to 16 idle
 * ones are kept for the next requests): {@code HttpExchange} offers only an {@code OutputStream},
 * so the operating system's {@code sendfile} is out of reach and every byte is copied into the
 * heap and out again. The handler is thread-safe; it does not close the store. Failures of the
 * store are answered with 500 and logged through {@link System.Logger} under this class's name.
 */
public final class MediaHttpHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(MediaHttpHandler.class.getName());

    /** The JDK's switch for {@code TCP_NODELAY} on the connections {@code HttpServer} accepts. */
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    /** The first JDK whose {@code HttpServer} writes the response headers together with the body. */
    static final int HEADERS_WITH_BODY_SINCE = 23;

    private static final AtomicBoolean NODELAY_WARNED = new AtomicBoolean();

    private final MediaEndpoint endpoint;

    /**
     * Creates a handler with the default settings of {@link MediaEndpoint#of(MediaStore)}.
     *
     * @param store the store to serve; the caller keeps it and closes it
     */
    public MediaHttpHandler(MediaStore store) {
        this(MediaEndpoint.of(store));
    }

    /**
     * Creates a handler for a configured endpoint.
     *
     * @param endpoint what to serve and how
     */
    public MediaHttpHandler(MediaEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (smallResponsesWait(Runtime.version().feature(), System.getProperty(NODELAY_PROPERTY))
                && NODELAY_WARNED.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "{0} is not set: the HttpServer of JDK {1} sends response"
                    + " headers in a TCP segment of their own, and a small response body then waits"
                    + " for the client''s delayed acknowledgement, about 40 ms on Linux. Start the JVM"
                    + " with -D{0}=true.", NODELAY_PROPERTY, Runtime.version().feature());
        }
    }

    /**
     * Whether small responses wait for the client's delayed acknowledgement: on a JDK whose {@code
     * HttpServer} flushes the headers on their own, when {@value #NODELAY_PROPERTY} is not {@code
     * true} (the JDK reads it with {@link Boolean#getBoolean}).
     *
     * @param jdk the JDK's feature release
     * @param noDelay the property's value, or null when it is not set
     * @return true if small responses wait
     */
    static boolean smallResponsesWait(int jdk, String noDelay) {
        return jdk < HEADERS_WITH_BODY_SINCE && !Boolean.parseBoolean(noDelay);
    }

    /**
     * Answers one exchange and closes it.
     *
     * @param exchange the request and its response
     * @throws IOException if the response cannot be written (the client went away)
     */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        boolean head = method.equals("HEAD");
        boolean sent = false;
        try {
            try (MediaReply reply = answer(exchange, method, head)) {
                send(exchange, reply);
                sent = true;
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "{0} {1} ended early{2}: {3}", method, exchange.getRequestURI(),
                    sent ? "" : " while sending the response", e.toString());
        } finally {
            exchange.close();
        }
    }

    private MediaReply answer(HttpExchange exchange, String method, boolean head) {
        try {
            return route(exchange, method, head);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "cannot answer " + method + " " + exchange.getRequestURI(), e);
            return MediaEndpoint.error(500, "internal error; see the server's log", head);
        }
    }

    private MediaReply route(HttpExchange exchange, String method, boolean head) throws IOException {
        String context = exchange.getHttpContext().getPath();
        String base = context.endsWith("/") ? context.substring(0, context.length() - 1) : context;
        String path = exchange.getRequestURI().getRawPath();
        if (path == null || !path.startsWith(base)) {
            return MediaEndpoint.error(404, "not found", head);
        }
        String rest = path.substring(base.length());
        RequestHeaders headers = name -> {
            List<String> v = exchange.getRequestHeaders().get(name);
            return v == null ? List.of() : v;
        };
        if (rest.isEmpty() || rest.equals("/")) {
            return endpoint.upload(method, base, exchange.getRequestURI().getRawQuery(), headers,
                    exchange.getRequestBody());
        }
        if (rest.charAt(0) != '/' || rest.indexOf('/', 1) >= 0) {
            return MediaEndpoint.error(404, "not found", head);
        }
        String id;
        try {
            id = UriText.decodeSegment(rest.substring(1));
        } catch (IllegalArgumentException e) {
            return MediaEndpoint.error(400, "malformed percent-encoding in the path", head);
        }
        return endpoint.download(method, id, headers);
    }

    private static void send(HttpExchange exchange, MediaReply reply) throws IOException {
        Headers out = exchange.getResponseHeaders();
        for (Map.Entry<String, String> e : reply.headers().entrySet()) {
            out.set(e.getKey(), e.getValue());
        }
        if (!reply.hasBody()) {
            // The length stays in the headers for HEAD; -1 means "no body" to HttpServer.
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        long length = reply.bodyLength();
        exchange.sendResponseHeaders(reply.status(), length == 0 ? -1 : length);
        if (length > 0) {
            try (OutputStream body = exchange.getResponseBody()) {
                reply.writeBody(body);
            }
        }
    }
}
