package io.vidstore.ffmpeg.internal;

import io.vidstore.api.MediaContent;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves opened media content to ffmpeg and ffprobe over HTTP on the loopback interface, so that
 * they read media that is not a local file (an object in S3, a file kept in a database) with range
 * requests, seeking as they do in a file, instead of waiting for a copy of all of it.
 *
 * <p>Each content gets its own URL with 256 random bits in its path, valid until its {@link
 * Registration} is closed; any other path is a 404. The server speaks the part of HTTP/1.1 that
 * ffmpeg's HTTP client uses: one {@code GET} per connection, with no range, {@code bytes=a-} or
 * {@code bytes=a-b}. A range of any other form, or ending before it starts, is ignored, as RFC
 * 9110 allows, and the whole content is sent; a request that is not HTTP, or longer than {@value
 * #MAX_REQUEST} bytes, is a 400. A content that cannot be opened is a 503. A failure to read it
 * half way, which ffmpeg may take for the end of the media, is kept by its registration ({@link
 * Registration#checkRead()}) for the probe or job to fail with.
 *
 * <p>It is not the JDK's {@code HttpServer} because that one lets the operating system buffer
 * megabytes per connection: ffmpeg opens a new connection at each seek and abandons the old one,
 * and whatever was buffered in it had been read from the store for nothing. Here each connection
 * has a small send buffer and a response reads {@value #BUFFER_SIZE} bytes at a time, so a seek
 * costs a few hundred KiB at most, memory does not grow with the media, and {@code TCP_NODELAY}
 * keeps small responses from waiting for delayed acknowledgements. Thread-safe.
 */
public final class ContentServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContentServer.class);
    /** The most a response reads from the content at a time. */
    static final int BUFFER_SIZE = 64 * 1024;
    /** The socket send buffer asked for; Linux doubles it for its own bookkeeping. */
    private static final int SEND_BUFFER = 64 * 1024;
    /** The longest request line and headers accepted. */
    static final int MAX_REQUEST = 16 * 1024;
    /** How long a client may take to send its request. */
    private static final int REQUEST_TIMEOUT_MILLIS = 60_000;
    private static final Pattern REQUEST_LINE = Pattern.compile("([A-Z]{1,16}) (\\S{1,8192}) HTTP/1\\.[01]");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})");
    private static final Pattern EXTENSION = Pattern.compile("\\.[a-z0-9]{1,8}");
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ServerSocket socket;
    private final ExecutorService executor;
    private final String base;
    private final Map<String, Registration> served = new ConcurrentHashMap<>();
    /** Every connection open, so that closing the server cuts them off. */
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();

    private ContentServer(ServerSocket socket, ExecutorService executor) {
        this.socket = socket;
        this.executor = executor;
        String host = socket.getInetAddress().getHostAddress();
        this.base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + socket.getLocalPort() + "/";
    }

    /**
     * Starts a server on a free port of the loopback interface.
     *
     * @return the running server
     * @throws IOException if no socket can be bound
     */
    public static ContentServer start() throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        // One thread per response being sent: a client reading slowly holds only its own.
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vidstore-ffmpeg-input-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ContentServer server = new ContentServer(socket, executor);
        executor.execute(server::accept);
        return server;
    }

    /**
     * Serves a content until the returned registration is closed. The content must stay open
     * that long; closing the registration does not close it.
     *
     * @param content what to serve
     * @param extension the media's file extension with its dot, such as {@code .mp4}, or an empty
     *     string; it ends the URL, so that ffmpeg can tell the format from the name as well
     * @return the registration, which holds the URL
     * @throws IllegalArgumentException if {@code extension} is neither empty nor a dot and 1 to 8
     *     lower-case letters or digits
     */
    public Registration serve(MediaContent content, String extension) {
        Objects.requireNonNull(content, "content");
        if (!extension.isEmpty() && !EXTENSION.matcher(extension).matches()) {
            throw new IllegalArgumentException("not a plain file extension: '" + extension + "'");
        }
        byte[] bits = new byte[32];
        random.nextBytes(bits);
        Registration registration = new Registration(
                Base64.getUrlEncoder().withoutPadding().encodeToString(bits) + extension, content);
        served.put(registration.name, registration);
        return registration;
    }

    /** Stops the server at once; responses being sent are cut off. */
    @Override
    public void close() {
        served.clear();
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Cannot close the input server's socket", e);
        }
        connections.forEach(ContentServer::closeQuietly);
        executor.shutdownNow();
    }

    private void accept() {
        while (!socket.isClosed()) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("The input server stopped accepting connections", e);
                }
                return;
            }
            connections.add(connection);
            try {
                executor.execute(() -> handle(connection));
            } catch (RejectedExecutionException e) {
                connections.remove(connection);
                closeQuietly(connection);
                return;
            }
        }
    }

    private void handle(Socket connection) {
        String target = "?";
        try (connection) {
            connection.setSoTimeout(REQUEST_TIMEOUT_MILLIS);
            connection.setTcpNoDelay(true);
            connection.setSendBufferSize(SEND_BUFFER);
            InputStream in = new BufferedInputStream(connection.getInputStream(), 4096);
            OutputStream out = connection.getOutputStream();
            String[] request = readRequest(in);
            if (request == null) {
                head(out, 400, "Bad Request", 0, null);
                discardRest(connection, in);
                return;
            }
            target = request[1];
            respond(request, connection, out);
        } catch (IOException e) {
            // Usually ffmpeg closing the connection when it seeks or has read enough; a failure of
            // the content itself is kept by its registration.
            LOG.debug("Stopped sending {}: {}", target, e.toString());
        } catch (RuntimeException e) {
            LOG.warn("Cannot serve {} to ffmpeg", target, e);
        } finally {
            connections.remove(connection);
        }
    }

    /**
     * Reads a request line and its headers.
     *
     * @return the method, the target and the {@code Range} header's value (or null); null if the
     *     request is not one this server understands
     */
    private static String[] readRequest(InputStream in) throws IOException {
        int[] budget = {MAX_REQUEST};
        Matcher line = REQUEST_LINE.matcher(readLine(in, budget));
        if (!line.matches()) {
            return null;
        }
        String range = null;
        for (String header; !(header = readLine(in, budget)).isEmpty(); ) {
            if (budget[0] <= 0) {
                return null;
            }
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("range")) {
                range = header.substring(colon + 1).strip();
            }
        }
        if (budget[0] <= 0) {
            return null;
        }
        return new String[] {line.group(1), line.group(2), range};
    }

    /** Reads one line, without its CRLF or LF; stops early when {@code budget[0]} bytes are used. */
    private static String readLine(InputStream in, int[] budget) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new EOFException("the request ended early");
            }
            if (--budget[0] <= 0) {
                return sb.toString();
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    private void respond(String[] request, Socket connection, OutputStream out) throws IOException {
        String target = request[1];
        Registration registration = target.startsWith("/") ? served.get(target.substring(1)) : null;
        if (registration == null) {
            head(out, 404, "Not Found", 0, null);
            return;
        }
        if (!"GET".equals(request[0])) {
            head(out, 405, "Method Not Allowed", 0, "Allow: GET\r\n");
            return;
        }
        MediaContent content = registration.content;
        long size = content.size();
        long first = 0;
        long last = size - 1;
        Matcher m = request[2] == null ? null : RANGE.matcher(request[2]);
        // A range whose end comes before its start is invalid, and ignored like any other.
        boolean partial = m != null && m.matches()
                && (m.group(2).isEmpty() || Long.parseLong(m.group(2)) >= Long.parseLong(m.group(1)));
        if (partial) {
            first = Long.parseLong(m.group(1));
            if (!m.group(2).isEmpty()) {
                last = Math.min(last, Long.parseLong(m.group(2)));
            }
            if (first >= size) {
                head(out, 416, "Range Not Satisfiable", 0, "Content-Range: bytes */" + size + "\r\n");
                return;
            }
        }
        long length = last - first + 1;
        SeekableByteChannel channel = null;
        if (length > 0) {
            try {
                channel = content.newChannel();
                channel.position(first);
            } catch (IOException | RuntimeException e) {
                registration.failed(e);
                if (channel != null) {
                    channel.close();
                }
                head(out, 503, "Service Unavailable", 0, null);
                return;
            }
        }
        registration.connections.add(connection);
        try {
            head(out, partial ? 206 : 200, partial ? "Partial Content" : "OK", length,
                    "Content-Type: application/octet-stream\r\nAccept-Ranges: bytes\r\n"
                            + (partial ? "Content-Range: bytes " + first + "-" + last + "/" + size + "\r\n" : ""));
            if (channel != null) {
                send(registration, channel, length, out);
            }
        } finally {
            registration.connections.remove(connection);
            if (channel != null) {
                channel.close();
            }
        }
    }

    /**
     * Copies {@code length} bytes from the channel to the client. A failure to read is the
     * content's and is kept by its registration; a failure to write is the client's.
     */
    private static void send(Registration registration, SeekableByteChannel channel, long length, OutputStream out)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER_SIZE, length));
        for (long left = length; left > 0; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), left));
            int n;
            try {
                n = channel.read(buffer);
                if (n < 0) {
                    throw new EOFException("the content ended " + left + " bytes early");
                }
            } catch (IOException | RuntimeException e) {
                registration.failed(e);
                throw e;
            }
            out.write(buffer.array(), 0, n);
            left -= n;
        }
        out.flush();
    }

    private static void head(OutputStream out, int status, String reason, long length, String headers)
            throws IOException {
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: " + length
                + "\r\nConnection: close\r\n" + (headers == null ? "" : headers) + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Reads what is left of a refused request for up to a second before the connection closes:
     * closing with unread input would reset the connection, and the client might lose the
     * response.
     */
    private static void discardRest(Socket connection, InputStream in) {
        try {
            connection.shutdownOutput();
            connection.setSoTimeout(1000);
            byte[] sink = new byte[4096];
            for (int total = 0; total < 1 << 20; ) {
                int n = in.read(sink);
                if (n < 0) {
                    return;
                }
                total += n;
            }
        } catch (IOException e) {
            LOG.debug("Stopped reading a refused request: {}", e.toString());
        }
    }

    private static void closeQuietly(Socket connection) {
        try {
            connection.close();
        } catch (IOException e) {
            LOG.debug("Cannot close a connection", e);
        }
    }

    /**
     * One content served. Closing it makes its URL a 404 and cuts off the responses being sent.
     */
    public final class Registration implements AutoCloseable {
        private final String name;
        private final MediaContent content;
        private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
        private volatile Exception failure;

        private Registration(String name, MediaContent content) {
            this.name = name;
            this.content = content;
        }

        /** {@return the URL at which the content is served, for ffmpeg's {@code -i}} */
        public String url() {
            return base + name;
        }

        private void failed(Exception e) {
            if (failure == null && served.containsKey(name)) {
                failure = e;
                LOG.warn("Cannot read media {} for ffmpeg: {}", content.media().id(), e.toString());
            }
        }

        /**
         * Fails if reading the content failed while it was served: ffmpeg then saw its input end
         * early, which it may take for the end of the media.
         *
         * @throws IOException naming the media, with the read's failure as its cause
         */
        public void checkRead() throws IOException {
            Exception e = failure;
            if (e != null) {
                throw new IOException("reading media " + content.media().id() + " for ffmpeg failed: " + e, e);
            }
        }

        @Override
        public void close() {
            served.remove(name);
            connections.forEach(ContentServer::closeQuietly);
        }
    }
}
