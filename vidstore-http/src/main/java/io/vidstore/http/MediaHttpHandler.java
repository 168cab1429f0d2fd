package io.vidstore.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.Headers;
import io.vidstore.api.MediaStore;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
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
 * MediaHttpHandler.applyServerTimeouts();   // before the JVM's first HttpServer
 * MediaStore store = SqliteMediaStore.open(Path.of("data"));
 * HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8080), 0);
 * server.createContext("/media", new MediaHttpHandler(store));
 * server.setExecutor(Executors.newFixedThreadPool(16));   // the worker count
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
 * {@link #applyServerTimeouts()} sets it too.
 *
 * <h2>Slow clients: bound request and response times</h2>
 * {@code HttpServer} reads a request's line and header fields on an executor thread, not on its
 * dispatcher: a connection holds one worker from its first byte until its request is read and
 * its response written. Without limits (the JDK's default), as many clients as there are workers,
 * each sending a byte per second, keep every other client waiting for as long as they like, and
 * a client that stops reading keeps its worker for ever. The JDK's limits are system properties,
 * in seconds, read once, when the first {@code HttpServer} of the JVM is created:
 * <ul>
 *   <li>{@code sun.net.httpserver.maxReqTime}: the time from a request's first byte until it is
 *       read <em>including its body</em>; past it the connection is closed and the worker is
 *       free. Default: none.
 *   <li>{@code sun.net.httpserver.maxRspTime}: the time to write a whole response; past it the
 *       connection is closed. Default: none.
 *   <li>{@code sun.net.httpserver.idleInterval}: how long a kept-alive connection may wait for
 *       its next request (default 30); a new connection that sends nothing is closed after the
 *       smaller of this and {@code maxReqTime}.
 *   <li>{@code sun.net.httpserver.maxIdleConnections} (default 200) and {@code
 *       jdk.httpserver.maxConnections} (default none) bound the connections kept open.
 * </ul>
 * Call {@link #applyServerTimeouts(Duration, Duration, Duration)} before creating the server (or
 * start the JVM with the {@code -D} options): the timer checks them once a second. The worker
 * count is the size of the executor given to {@link com.sun.net.httpserver.HttpServer#setExecutor}; with limits, a client
 * is served within about {@code maxReqTime} even while as many slow clients as workers hold every
 * worker, since the server closes their connections and queued requests are served in order.
 * Choose the limits for the slowest legitimate client: an upload must arrive whole within {@code
 * maxReqTime} (a 4 GiB upload over 100 Mbit/s takes about 6 minutes), and a download must be
 * written within {@code maxRspTime} (a player that streams a long video as one response is cut
 * there and resumes with a {@code Range} request, as browsers, {@code curl -C -} and ffmpeg
 * with {@code -reconnect 1} do). Every extra second also lets a hostile client hold a worker
 * that long, so give uploads a server of their own, or more workers, rather than one long limit.
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

    /** The JDK's limit, in seconds, on reading one request with its body. */
    static final String MAX_REQ_TIME_PROPERTY = "sun.net.httpserver.maxReqTime";

    /** The JDK's limit, in seconds, on writing one response. */
    static final String MAX_RSP_TIME_PROPERTY = "sun.net.httpserver.maxRspTime";

    /** The JDK's limit, in seconds, on an idle kept-alive connection. */
    static final String IDLE_INTERVAL_PROPERTY = "sun.net.httpserver.idleInterval";

    /** The default request time of {@link #applyServerTimeouts()}: 60 seconds. */
    public static final Duration DEFAULT_MAX_REQUEST_TIME = Duration.ofSeconds(60);

    /** The default response time of {@link #applyServerTimeouts()}: 10 minutes. */
    public static final Duration DEFAULT_MAX_RESPONSE_TIME = Duration.ofMinutes(10);

    /** The default idle time of {@link #applyServerTimeouts()}: 30 seconds. */
    public static final Duration DEFAULT_IDLE_INTERVAL = Duration.ofSeconds(30);

    private static final AtomicBoolean NODELAY_WARNED = new AtomicBoolean();
    private static final AtomicBoolean TIMEOUT_WARNED = new AtomicBoolean();

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
        if (System.getProperty(MAX_REQ_TIME_PROPERTY) == null
                && TIMEOUT_WARNED.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "{0} is not set: a client that sends its request slowly holds a"
                    + " worker thread of the HttpServer for as long as it likes, and as many such"
                    + " clients as workers stop the server. Call"
                    + " MediaHttpHandler.applyServerTimeouts() before creating the server, or start"
                    + " the JVM with -D{0}=SECONDS.", MAX_REQ_TIME_PROPERTY);
        }
    }

    /**
     * Sets the JDK {@code HttpServer}'s limits to {@link #DEFAULT_MAX_REQUEST_TIME}, {@link
     * #DEFAULT_MAX_RESPONSE_TIME} and {@link #DEFAULT_IDLE_INTERVAL}, and turns on {@code
     * TCP_NODELAY}, except where the JVM was started with the property; see {@link
     * #applyServerTimeouts(Duration, Duration, Duration)}.
     *
     * @return the values now in force, by property name
     */
    public static Map<String, String> applyServerTimeouts() {
        return applyServerTimeouts(DEFAULT_MAX_REQUEST_TIME, DEFAULT_MAX_RESPONSE_TIME,
                DEFAULT_IDLE_INTERVAL);
    }

    /**
     * Sets the JDK {@code HttpServer}'s limits on slow clients (see the class description) and
     * {@value #NODELAY_PROPERTY}, each as a system property and only where it is not set already,
     * so that values given with {@code -D} win. The JDK reads them once, when the first {@code
     * HttpServer} of the JVM is created: call this before that, for instance first thing in
     * {@code main}; later calls change nothing the running servers use. The properties are global:
     * they apply to every {@code HttpServer} in the JVM. Values are whole seconds, rounded up.
     *
     * @param maxRequestTime the longest time from a request's first byte until it is read with its
     *     body, at least 1 second
     * @param maxResponseTime the longest time to write a response, at least 1 second
     * @param idleInterval how long an idle kept-alive connection stays open, at least 1 second
     * @return the values now in force, by property name
     * @throws IllegalArgumentException if a duration is shorter than 1 second
     */
    public static Map<String, String> applyServerTimeouts(Duration maxRequestTime,
            Duration maxResponseTime, Duration idleInterval) {
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put(MAX_REQ_TIME_PROPERTY, seconds("maxRequestTime", maxRequestTime));
        wanted.put(MAX_RSP_TIME_PROPERTY, seconds("maxResponseTime", maxResponseTime));
        wanted.put(IDLE_INTERVAL_PROPERTY, seconds("idleInterval", idleInterval));
        wanted.put(NODELAY_PROPERTY, "true");
        Map<String, String> inForce = new LinkedHashMap<>();
        synchronized (System.getProperties()) {
            wanted.forEach((name, value) -> {
                String given = System.getProperty(name);
                if (given == null) {
                    System.setProperty(name, value);
                }
                inForce.put(name, given == null ? value : given);
            });
        }
        return inForce;
    }

    private static String seconds(String setting, Duration d) {
        Objects.requireNonNull(d, setting);
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(setting + " must be at least 1 second but was " + d);
        }
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Long.toString(s);
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
