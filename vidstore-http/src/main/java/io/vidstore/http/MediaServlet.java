package io.vidstore.http;

import io.vidstore.api.MediaStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Serves and accepts media in a Jakarta Servlet 6 container (Tomcat, Jetty, Spring MVC).
 *
 * <p>Map it to a path ending in {@code /*}, such as {@code /media/*}. It answers {@code GET} and
 * {@code HEAD} of {@code /media/<id>} as described in {@link MediaEndpoint}, and {@code POST} or
 * {@code PUT} of {@code /media} with either the raw content as the body ({@code
 * ?filename=…&project=…}) or, for {@code POST}, a browser's {@code multipart/form-data} form.
 *
 * <pre>{@code
 * ServletContextHandler context = new ServletContextHandler();       // Jetty 12, ee10
 * context.addServlet(new ServletHolder(new MediaServlet(store)), "/media/*");
 * }</pre>
 *
 * <h2>Forms</h2>
 * A {@code multipart/form-data} upload is parsed as it streams, with the streaming API of
 * Apache Commons FileUpload 2, which must be on the class path (Maven {@code
 * org.apache.commons:commons-fileupload2-jakarta-servlet6}; it is an optional dependency of
 * vidstore-http, without it such requests get 415). The form holds exactly one file field; a text
 * field {@code project} placed before it sets the project. The reply is the same as for a raw
 * upload. The {@linkplain MediaEndpoint.Builder#maxUploadSize upload limit} applies to the whole
 * request body of a form, since the file's own size is known only once it is read.
 *
 * <h2>Writing</h2>
 * When the container's {@code ServletOutputStream} has a public {@code write(ByteBuffer)} (every
 * Servlet 6.1 container; Jetty 12 under Servlet 6.0 too), bodies are read from the media into
 * pooled direct buffers of 1 MiB and written with it, which spares two copies per byte between the
 * heap and native memory; otherwise they are written as {@code byte[]} through {@code
 * write(byte[], int, int)}. Up to 16 idle direct buffers (16 MiB) are kept for later requests.
 *
 * <p>The servlet does not close the store; it is thread-safe. It reads the query string itself,
 * never through {@code getParameter}, so a raw body is never consumed as form parameters.
 */
public final class MediaServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(MediaServlet.class.getName());

    /** Whether Commons FileUpload is available, checked once. */
    private static final boolean MULTIPART_AVAILABLE = isPresent(
            "org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload");

    /** Not serialized: a servlet is never serialized in practice, and a store cannot be. */
    private final transient MediaEndpoint endpoint;

    /**
     * Creates a servlet with the default settings of {@link MediaEndpoint#of(MediaStore)}.
     *
     * @param store the store to serve; the caller keeps it and closes it
     */
    public MediaServlet(MediaStore store) {
        this(MediaEndpoint.of(store));
    }

    /**
     * Creates a servlet for a configured endpoint.
     *
     * @param endpoint what to serve and how
     */
    public MediaServlet(MediaEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /**
     * Answers one request.
     *
     * @param req the request
     * @param resp the response
     * @throws IOException if the response cannot be written (the client went away)
     */
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        boolean head = method.equals("HEAD");
        try (MediaReply reply = answer(req, method, head)) {
            send(resp, reply);
        }
    }

    private MediaReply answer(HttpServletRequest req, String method, boolean head) {
        try {
            return route(req, method, head);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "cannot answer " + method + " " + req.getRequestURI(), e);
            return MediaEndpoint.error(500, "internal error; see the server's log", head);
        }
    }

    private MediaReply route(HttpServletRequest req, String method, boolean head) throws IOException {
        String pathInfo = req.getPathInfo();
        RequestHeaders headers = name -> {
            Enumeration<String> v = req.getHeaders(name);
            return v == null ? List.of() : Collections.list(v);
        };
        if (pathInfo == null || pathInfo.equals("/")) {
            // The request URI as sent (not decoded), without the query.
            String collection = req.getRequestURI();
            String type = req.getContentType();
            if (method.equals("POST") && type != null && !endpoint.readOnly()
                    && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
                if (!MULTIPART_AVAILABLE) {
                    return endpoint.withCors(MediaEndpoint.error(415, "multipart/form-data uploads"
                            + " need Apache Commons FileUpload 2 on the server; send the raw file"
                            + " instead", false), headers);
                }
                return endpoint.withCors(MultipartUpload.handle(endpoint, req, collection), headers);
            }
            return endpoint.upload(method, collection, req.getQueryString(), headers,
                    req.getInputStream());
        }
        String id = pathInfo.substring(1);
        if (id.indexOf('/') >= 0) {
            return MediaEndpoint.error(404, "not found", head);
        }
        return endpoint.download(method, id, headers);
    }

    private static void send(HttpServletResponse resp, MediaReply reply) throws IOException {
        resp.setStatus(reply.status());
        for (Map.Entry<String, String> e : reply.headers().entrySet()) {
            if (e.getKey().equals("Content-Length")) {
                resp.setContentLengthLong(Long.parseLong(e.getValue()));
            } else {
                resp.setHeader(e.getKey(), e.getValue());
            }
        }
        if (reply.hasBody() && reply.bodyLength() > 0) {
            OutputStream out = resp.getOutputStream();
            MethodHandle writeBuffer = BUFFER_WRITE.get(out.getClass());
            if (writeBuffer == null) {
                reply.writeBody(out);
            } else {
                reply.writeBody(buffer -> writeBuffer(writeBuffer, out, buffer));
            }
        }
    }

    /** Calls the stream's {@code write(ByteBuffer)}, passing on what it throws. */
    private static void writeBuffer(MethodHandle write, OutputStream out, ByteBuffer buffer)
            throws IOException {
        try {
            write.invokeExact(out, buffer);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }

    /**
     * A stream class's public {@code void write(ByteBuffer)}, as {@code (OutputStream,
     * ByteBuffer)void}, or null when it has none: Servlet 6.1 declares it on every {@code
     * ServletOutputStream}, and Jetty 12's ee10 {@code HttpOutput} has it under Servlet 6.0. In
     * blocking mode, as here, it returns once the whole buffer is written.
     */
    private static final ClassValue<MethodHandle> BUFFER_WRITE = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.publicLookup()
                        .findVirtual(type, "write", MethodType.methodType(void.class, ByteBuffer.class))
                        .asType(MethodType.methodType(void.class, OutputStream.class, ByteBuffer.class));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                return null;
            }
        }
    };

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, MediaServlet.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
