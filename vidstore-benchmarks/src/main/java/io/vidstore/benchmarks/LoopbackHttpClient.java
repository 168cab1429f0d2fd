package io.vidstore.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The smallest HTTP/1.1 client that checks what it gets: {@code GET} requests, optionally with one
 * {@code Range}, over one kept-alive connection, reading every response into one reused direct
 * buffer and discarding the body.
 *
 * <p>It exists so that the client costs the same, and as little as possible, whichever server
 * answers: one blocking {@link SocketChannel} on the benchmark's own thread, one {@code read}
 * system call per buffer of {@value #BUFFER_SIZE} bytes, and no copy besides the kernel's copy
 * into that buffer (a direct buffer, so the JDK adds no copy of its own). Nothing is allocated
 * per byte; per request only the request line and the response head are.
 *
 * <p>Each response is checked: its status, its {@code Content-Length} and, for a range, its
 * {@code Content-Range} must be the expected ones, and the body must end exactly where the
 * length says; anything else throws, which fails the benchmark. A response with {@code
 * Connection: close} is honoured by reconnecting before the next request.
 */
final class LoopbackHttpClient implements AutoCloseable {

    /** The size of the buffer responses are read into. */
    static final int BUFFER_SIZE = 1 << 20;

    private static final int MAX_HEAD = 16 << 10;

    private final InetSocketAddress server;
    private final String host;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final byte[] head = new byte[MAX_HEAD];
    private SocketChannel channel;

    LoopbackHttpClient(InetSocketAddress server) {
        this.server = server;
        this.host = server.getHostString() + ":" + server.getPort();
    }

    /**
     * Gets a whole resource.
     *
     * @param path the request target, such as {@code /media/abc}
     * @param size the size the resource must have
     * @param copy where to copy the body's first bytes, or null to only count them
     * @return the number of body bytes received
     * @throws IOException if the exchange fails or the response is not a 200 of {@code size} bytes
     */
    long get(String path, long size, byte[] copy) throws IOException {
        return exchange(path, null, 200, size, null, copy);
    }

    /**
     * Gets one byte range of a resource.
     *
     * @param path the request target
     * @param first the range's first byte
     * @param length the range's length, at least 1
     * @param size the whole resource's size
     * @param copy where to copy the body's first bytes, or null to only count them
     * @return the number of body bytes received
     * @throws IOException if the exchange fails or the response is not a 206 of that range
     */
    long getRange(String path, long first, long length, long size, byte[] copy) throws IOException {
        long last = first + length - 1;
        return exchange(path, "bytes=" + first + "-" + last, 206, length,
                "bytes " + first + "-" + last + "/" + size, copy);
    }

    private long exchange(String path, String range, int status, long length, String contentRange,
            byte[] copy) throws IOException {
        if (channel == null) {
            channel = SocketChannel.open(server);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (range == null ? "" : "Range: " + range + "\r\n") + "\r\n";
        ByteBuffer out = buffer.clear().put(request.getBytes(StandardCharsets.US_ASCII)).flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        int headLength = readHead();
        Head h = Head.parse(new String(head, 0, headLength, StandardCharsets.ISO_8859_1));
        String what = "GET " + path + (range == null ? "" : " with Range: " + range);
        if (h.status != status) {
            throw new IOException(what + " got status " + h.status + ", expected " + status);
        }
        if (h.contentLength != length) {
            throw new IOException(what + " got Content-Length " + h.contentLength + ", expected " + length);
        }
        if (contentRange != null && !contentRange.equals(h.contentRange)) {
            throw new IOException(what + " got Content-Range " + h.contentRange + ", expected "
                    + contentRange);
        }
        // The buffer holds what followed the head: the body's first bytes.
        long received = 0;
        while (true) {
            int n = buffer.remaining();
            if (received + n > length) {
                throw new IOException(what + " got more than its " + length + " bytes of body");
            }
            if (copy != null && received < copy.length) {
                int copied = (int) Math.min(n, copy.length - received);
                buffer.get(buffer.position(), copy, (int) received, copied);
            }
            received += n;
            if (received == length) {
                break;
            }
            buffer.clear().limit((int) Math.min(BUFFER_SIZE, length - received));
            if (channel.read(buffer) < 0) {
                throw new IOException(what + " ended after " + received + " of " + length + " bytes");
            }
            buffer.flip();
        }
        if (h.close) {
            channel.close();
            channel = null;
        }
        return received;
    }

    /**
     * Reads until the end of a response head, copies the head into {@link #head} and leaves the
     * buffer holding whatever followed it.
     */
    private int readHead() throws IOException {
        buffer.clear();
        int scanned = 0;
        while (true) {
            // Read little beyond the head, so that the body's bytes mostly go through the loop above.
            if (channel.read(buffer) < 0) {
                throw new IOException("the server closed the connection before a response");
            }
            int end = buffer.position();
            for (int i = Math.max(0, scanned - 3); i + 3 < end; i++) {
                if (buffer.get(i) == '\r' && buffer.get(i + 1) == '\n' && buffer.get(i + 2) == '\r'
                        && buffer.get(i + 3) == '\n') {
                    int length = i + 4;
                    if (length > MAX_HEAD) {
                        throw new IOException("response head longer than " + MAX_HEAD + " bytes");
                    }
                    buffer.get(0, head, 0, length);
                    buffer.limit(end).position(length);
                    return length;
                }
            }
            scanned = end;
            if (end >= MAX_HEAD) {
                throw new IOException("response head longer than " + MAX_HEAD + " bytes");
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** The parts of a response head the client checks. */
    private record Head(int status, long contentLength, String contentRange, boolean close) {

        static Head parse(String text) throws IOException {
            String[] lines = text.split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x status line: " + lines[0]);
            }
            int status = Integer.parseInt(statusLine[1]);
            long contentLength = -1;
            String contentRange = null;
            boolean close = statusLine[0].equals("HTTP/1.0");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> contentLength = Long.parseLong(value);
                    case "content-range" -> contentRange = value;
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    case "transfer-encoding" ->
                        throw new IOException("unexpected Transfer-Encoding: " + value);
                    default -> {
                    }
                }
            }
            return new Head(status, contentLength, contentRange, close);
        }
    }
}
