package io.vidstore.http;

import io.vidstore.api.ByteRange;
import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaStore;
import io.vidstore.api.MediaTooLargeException;
import io.vidstore.api.MediaTypeMismatchException;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.NoSuchMediaException;
import io.vidstore.api.RangeNotSatisfiableException;
import io.vidstore.api.SizeMismatchException;
import io.vidstore.api.StoredMedia;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Serves and accepts the media of a {@link MediaStore} over HTTP, independent of any server
 * framework: it turns a request's method, target and header fields into a {@link MediaReply}.
 * {@link MediaHttpHandler} and {@link MediaServlet} are thin adapters over it; other servers use
 * it the same way.
 *
 * <h2>Downloads ({@link #download})</h2>
 * <ul>
 *   <li>{@code GET} and {@code HEAD} with {@code Content-Type} (the stored type, else {@code
 *       application/octet-stream}), {@code Content-Length}, {@code Accept-Ranges: bytes},
 *       {@code ETag}, {@code Last-Modified} (the creation time), {@code Content-Disposition}
 *       (with the filename encoded as in RFC 6266 and 8187) and {@code X-Content-Type-Options:
 *       nosniff}. Only passive types ({@linkplain Builder#inlineTypes video, audio, raster images,
 *       plain text, WebVTT}) are {@code inline}; any other type, such as HTML, SVG, XML or
 *       JavaScript, is an {@code attachment} with {@code Content-Security-Policy: sandbox}.
 *   <li><b>ETag.</b> Media with a SHA-256 get the strong tag {@code "<sha256>"}. Media written by
 *       older applications without a SHA-256 get a weak tag {@code W/"legacy-…"} derived from
 *       id, size and creation time: good for {@code If-None-Match}, never for {@code If-Range}
 *       (which needs a strong validator), so such media never get a range of changed bytes.
 *   <li><b>Conditional requests</b> in the order of RFC 9110 section 13.2.2: {@code If-Match}
 *       and {@code If-Unmodified-Since} (412), then {@code If-None-Match} and {@code
 *       If-Modified-Since} (304).
 *   <li><b>Ranges</b> ({@code GET} only, RFC 9110 section 14): {@code bytes=a-b}, {@code a-},
 *       {@code -n}, several separated by commas. Ranges that overlap or lie less than 80 bytes
 *       apart are merged; one resulting range is sent as a single 206 with {@code Content-Range},
 *       several as {@code multipart/byteranges}. A header that is not a valid {@code bytes}
 *       range set (another unit, bad syntax, {@code bytes=5-1}, more ranges than {@linkplain
 *       Builder#maxRanges allowed}) is ignored and the whole media sent with 200; ranges that
 *       all start past the end ({@code bytes=-0} too) give 416 with {@code Content-Range: bytes
 *       *}{@code /size}. {@code If-Range} with the strong ETag or the exact {@code
 *       Last-Modified} date keeps the range; anything else gets the whole media.
 *   <li>Unknown or invalid ids give 404; other methods give 405 with {@code Allow}.
 *   <li>{@linkplain Builder#cors Cross-origin} reads and their preflights, when enabled.
 * </ul>
 *
 * <h2>Uploads ({@link #upload})</h2>
 * {@code POST} or {@code PUT} of the raw content as the request body, with its media type in
 * {@code Content-Type} and its name in the query parameter {@code filename} or in a {@code
 * Content-Disposition} header; the optional query parameter {@code project} sets the project.
 * The body streams into {@link MediaStore#save}; the reply is 201 with the stored media as JSON
 * and a {@code Location}. A {@code Content-Length} above the {@linkplain Builder#maxUploadSize
 * upload limit} is refused with 413 before the body is read; it is also passed to the store as
 * the expected size, so a store with its own limit refuses it before reading too. A body that
 * ends early (the client went away) stores nothing.
 * A {@linkplain Builder#readOnly read-only} endpoint answers every upload with 405.
 *
 * <h2>Errors</h2>
 * Client errors are replies (400, 404, 405, 412, 413, 415, 416) with a small JSON body
 * {@code {"status":…,"error":"…"}}; malformed header fields never cause a 500. The methods throw
 * {@link IOException} only when the store itself fails; adapters answer those with 500.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MediaEndpoint {

    private static final System.Logger LOG = System.getLogger(MediaEndpoint.class.getName());

    /** The default for {@link Builder#maxRanges(int)}. */
    public static final int DEFAULT_MAX_RANGES = 100;

    /**
     * The media types served {@code inline} unless {@link Builder#inlineTypes(Collection)} says
     * otherwise: {@code video/*}, {@code audio/*}, the raster images {@code image/png}, {@code
     * image/jpeg}, {@code image/gif}, {@code image/webp}, {@code image/avif} and {@code
     * image/bmp}, and {@code text/plain} and {@code text/vtt}. None of them can run script.
     */
    public static final List<String> DEFAULT_INLINE_TYPES = InlineTypes.DEFAULTS;

    private static final List<String> DOWNLOAD_METHODS = List.of("GET", "HEAD");
    private static final List<String> UPLOAD_METHODS = List.of("POST", "PUT");

    private static final String JSON = "application/json";
    private static final String MULTIPART_BOUNDARY_PREFIX = "vidstore-";

    private final MediaStore store;
    private final long maxUploadSize;
    private final int maxRanges;
    private final String dispositionType;
    private final String cacheControl;
    private final InlineTypes inlineTypes;
    private final CrossOrigin cors;
    private final boolean readOnly;

    private MediaEndpoint(Builder b) {
        this.store = b.store;
        this.maxUploadSize = b.maxUploadSize;
        this.maxRanges = b.maxRanges;
        this.dispositionType = b.dispositionType;
        this.cacheControl = b.cacheControl;
        this.inlineTypes = b.inlineTypes;
        this.cors = b.cors;
        this.readOnly = b.readOnly;
    }

    /**
     * Returns an endpoint with the default settings.
     *
     * @param store the store to serve; it stays owned by the caller, who closes it
     * @return the endpoint
     */
    public static MediaEndpoint of(MediaStore store) {
        return builder(store).build();
    }

    /**
     * Starts building an endpoint.
     *
     * @param store the store to serve; it stays owned by the caller, who closes it
     * @return a new builder
     */
    public static Builder builder(MediaStore store) {
        return new Builder(store);
    }

    /** {@return the store this endpoint serves} */
    public MediaStore store() {
        return store;
    }

    /** {@return whether uploads are refused (with 405), as set by {@link Builder#readOnly}} */
    public boolean readOnly() {
        return readOnly;
    }

    /** {@return the largest upload accepted, if a limit was set} */
    public OptionalLong maxUploadSize() {
        return maxUploadSize == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(maxUploadSize);
    }

    // ------------------------------------------------------------------ downloads

    /**
     * Answers a request for one media.
     *
     * @param method the request method, such as {@code GET}
     * @param id the media id from the request target, already percent-decoded
     * @param headers the request's header fields
     * @return the reply, which the caller must close
     * @throws IOException if the store fails (not for anything the client sent)
     */
    public MediaReply download(String method, String id, RequestHeaders headers) throws IOException {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(headers, "headers");
        if (cors != null && CrossOrigin.isPreflight(method, headers)) {
            return cors.preflight(headers, DOWNLOAD_METHODS);
        }
        return withCors(downloadReply(method, id, headers), headers);
    }

    private MediaReply downloadReply(String method, String id, RequestHeaders headers)
            throws IOException {
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            Map<String, String> h = MediaReply.newHeaders();
            h.put("Allow", "GET, HEAD");
            return error(405, h, "method " + printable(method) + " is not allowed here", head);
        }
        MediaId mediaId;
        try {
            mediaId = MediaId.of(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            return error(404, "no media with id " + quoted(id), head);
        }
        // A GET opens the content at once: one look-up in the store gives both the metadata and
        // the bytes, where find() and then open() would cost two. A HEAD needs no bytes.
        MediaContent content;
        StoredMedia media;
        if (head) {
            content = null;
            media = store.find(mediaId).orElse(null);
        } else {
            try {
                content = store.open(mediaId);
            } catch (NoSuchMediaException e) {
                content = null;
            }
            media = content == null ? null : content.media();
        }
        if (media == null) {
            return error(404, "no media with id " + quoted(id), head);
        }
        MediaReply reply = null;
        try {
            reply = serve(media, head, headers, content);
            return reply;
        } finally {
            if (content != null && (reply == null || !reply.holds(content))) {
                content.close();
            }
        }
    }

    /**
     * Answers a download of a found media; {@code content} is its opened content for a {@code
     * GET}, null for a {@code HEAD}. The caller closes the content unless the reply holds it.
     */
    private MediaReply serve(StoredMedia media, boolean head, RequestHeaders req, MediaContent content)
            throws IOException {
        String etag = etag(media);
        boolean strongValidators = media.sha256().isPresent();
        Instant lastModified = media.createdAt().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> h = MediaReply.newHeaders();
        h.put("ETag", etag);
        h.put("Last-Modified", HttpDates.format(lastModified));
        if (cacheControl != null) {
            h.put("Cache-Control", cacheControl);
        }

        // RFC 9110 section 13.2.2, steps 1 to 4.
        List<String> ifMatch = req.values("If-Match");
        if (!ifMatch.isEmpty()) {
            List<String> tags = EntityTags.parseList(ifMatch);
            if (tags == null || !(tags == EntityTags.ANY || tags.stream()
                    .anyMatch(t -> EntityTags.strongMatch(t, etag)))) {
                return error(412, h, "If-Match does not match " + etag, head);
            }
        } else {
            Instant since = HttpDates.parse(req.single("If-Unmodified-Since"));
            if (since != null && lastModified.isAfter(since)) {
                return error(412, h, "modified since " + HttpDates.format(since), head);
            }
        }
        List<String> ifNoneMatch = req.values("If-None-Match");
        if (!ifNoneMatch.isEmpty()) {
            List<String> tags = EntityTags.parseList(ifNoneMatch);
            if (tags != null && (tags == EntityTags.ANY || tags.stream()
                    .anyMatch(t -> EntityTags.weakMatch(t, etag)))) {
                return MediaReply.withoutBody(304, h);
            }
        } else {
            Instant since = HttpDates.parse(req.single("If-Modified-Since"));
            if (since != null && !lastModified.isAfter(since)) {
                return MediaReply.withoutBody(304, h);
            }
        }

        h.put("Accept-Ranges", "bytes");
        String contentType = contentType(media);
        h.put("Content-Type", contentType);
        // Types that a browser would run (HTML, SVG, XML, script) must never render on this
        // origin: they are saved instead, and sandboxed should a browser render them anyway.
        boolean passive = inlineTypes.allows(contentType);
        h.put("Content-Disposition", ContentDisposition.format(passive ? dispositionType
                : "attachment", media.filename()));
        if (!passive) {
            h.put("Content-Security-Policy", "sandbox");
        }
        h.put("X-Content-Type-Options", "nosniff");

        List<ByteRange> ranges = null;
        if (!head) {
            List<String> range = req.values("Range");
            if (range.size() == 1 && ifRangeHolds(req.values("If-Range"), etag, strongValidators,
                    lastModified)) {
                ranges = RangeHeader.parse(range.get(0), maxRanges);
            }
        }
        if (ranges == null) {
            if (head) {
                h.put("Content-Length", Long.toString(media.size()));
                return MediaReply.withoutBody(200, h);
            }
            return MediaReply.ofContent(200, h, content);
        }
        List<ByteRange.Span> spans;
        try {
            spans = RangeHeader.resolve(ranges, media.size());
        } catch (RangeNotSatisfiableException e) {
            h.remove("Content-Disposition");
            h.remove("Content-Type");
            h.remove("Content-Security-Policy");
            h.put("Content-Range", "bytes */" + media.size());
            return error(416, h, "no range of " + printable(req.values("Range").get(0))
                    + " is within the media's " + media.size() + " bytes", false);
        }
        if (spans.size() == 1) {
            ByteRange.Span s = spans.get(0);
            h.put("Content-Range", "bytes " + s.offset() + "-" + s.last() + "/" + media.size());
            return MediaReply.ofRange(h, store, content, s.offset(), s.length());
        }
        String boundary = MULTIPART_BOUNDARY_PREFIX
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        List<MediaReply.Part> parts = new ArrayList<>(spans.size());
        for (ByteRange.Span s : spans) {
            String partHeader = "\r\n--" + boundary + "\r\nContent-Type: " + contentType
                    + "\r\nContent-Range: bytes " + s.offset() + "-" + s.last() + "/" + media.size()
                    + "\r\n\r\n";
            parts.add(new MediaReply.Part(partHeader, s.offset(), s.length()));
        }
        h.remove("Content-Type");
        return MediaReply.ofParts(h, boundary, parts, content);
    }

    /** RFC 9110 section 13.1.5: true when there is no If-Range or it names this representation. */
    private static boolean ifRangeHolds(List<String> ifRange, String etag, boolean strongValidators,
            Instant lastModified) {
        if (ifRange.isEmpty()) {
            return true;
        }
        if (ifRange.size() > 1) {
            return false;
        }
        String v = RangeHeader.trimOws(ifRange.get(0));
        if (EntityTags.isTag(v)) {
            return EntityTags.strongMatch(v, etag);
        }
        Instant date = HttpDates.parse(v);
        // A date is a strong validator only for content that never changes under its id.
        return strongValidators && lastModified.equals(date);
    }

    /** {@return the media's entity-tag: strong from its SHA-256, else weak from its metadata} */
    static String etag(StoredMedia media) {
        if (media.sha256().isPresent()) {
            return "\"" + media.sha256().get() + "\"";
        }
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] key = (media.id().value() + "\u0000" + media.size() + "\u0000" + media.createdAt())
                    .getBytes(StandardCharsets.UTF_8);
            return "W/\"legacy-" + HexFormat.of().formatHex(d.digest(key), 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A media type with optional parameters, as a {@code Content-Type} may carry it. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+(\\s*;[ \\t!-~]*)?");

    /** The stored content type when it is a well-formed media type, else octet-stream. */
    private static String contentType(StoredMedia media) {
        String type = media.contentType().orElse(null);
        if (type == null || type.length() > 255 || !MEDIA_TYPE.matcher(type).matches()) {
            return "application/octet-stream";
        }
        return type;
    }

    // ------------------------------------------------------------------ uploads

    /**
     * Answers a request that uploads a media as the raw request body.
     *
     * @param method the request method; {@code POST} and {@code PUT} upload, others get 405
     * @param collectionPath the path of the collection the request went to, such as {@code
     *     /media}, for the {@code Location} of the new media
     * @param rawQuery the request's query string, still percent-encoded, or null
     * @param headers the request's header fields
     * @param body the request body; read to its end, or not at all when the request is refused
     *     up front; not closed
     * @return the reply, which the caller must close
     * @throws IOException if the store fails (not for anything the client sent)
     */
    public MediaReply upload(String method, String collectionPath, String rawQuery,
            RequestHeaders headers, InputStream body) throws IOException {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(collectionPath, "collectionPath");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        if (cors != null && CrossOrigin.isPreflight(method, headers)) {
            return cors.preflight(headers, readOnly ? List.of() : UPLOAD_METHODS);
        }
        return withCors(uploadReply(method, collectionPath, rawQuery, headers, body), headers);
    }

    private MediaReply uploadReply(String method, String collectionPath, String rawQuery,
            RequestHeaders headers, InputStream body) throws IOException {
        if (readOnly) {
            Map<String, String> h = MediaReply.newHeaders();
            h.put("Allow", "");
            return error(405, h, "uploads are disabled: this server is read-only",
                    method.equals("HEAD"));
        }
        if (!method.equals("POST") && !method.equals("PUT")) {
            Map<String, String> h = MediaReply.newHeaders();
            h.put("Allow", "POST, PUT");
            return error(405, h, "method " + printable(method) + " is not allowed here",
                    method.equals("HEAD"));
        }
        Map<String, String> query;
        try {
            query = UriText.decodeQuery(rawQuery);
        } catch (IllegalArgumentException e) {
            return error(400, "malformed query string", false);
        }
        long contentLength;
        try {
            contentLength = contentLength(headers);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage(), false);
        }
        if (contentLength > maxUploadSize) {
            return tooLarge(contentLength, true);
        }
        String contentType = headers.single("Content-Type");
        if (contentType != null) {
            String essence = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (essence.startsWith("multipart/")) {
                return error(415, "send the file as the raw request body; multipart/form-data is"
                        + " accepted by MediaServlet only", false);
            }
            if (essence.equals("application/x-www-form-urlencoded")) {
                // curl's default for --data-binary; it never describes a media file.
                contentType = null;
            }
        }
        String filename = query.get("filename");
        if (filename == null) {
            String disposition = headers.single("Content-Disposition");
            if (disposition != null) {
                try {
                    filename = ContentDisposition.filename(disposition);
                } catch (IllegalArgumentException e) {
                    return error(400, e.getMessage(), false);
                }
            }
        }
        if (filename == null) {
            return error(400, "name the upload with the query parameter filename or a"
                    + " Content-Disposition header", false);
        }
        MediaUpload upload;
        try {
            MediaUpload.Builder b = MediaUpload.builder(filename)
                    .projectId(query.get("project"))
                    .contentType(contentType);
            if (contentLength >= 0) {
                b.expectedSize(contentLength);
            }
            upload = b.build();
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage(), false);
        }
        return save(upload, body, collectionPath);
    }

    /**
     * Saves one upload and builds the reply; for the adapters, which also use it for each file of
     * a multipart request.
     *
     * @param upload what is uploaded
     * @param body the content; exceptions it throws are the client's fault
     * @param collectionPath for the {@code Location}
     * @return 201, or the client error
     * @throws IOException if the store fails
     */
    MediaReply save(MediaUpload upload, InputStream body, String collectionPath) throws IOException {
        ClientStream client = new ClientStream(body, maxUploadSize);
        StoredMedia media;
        try {
            media = store.save(upload, client);
        } catch (MediaTooLargeException e) {
            return tooLarge(e.size(), false);
        } catch (SizeMismatchException e) {
            return error(400, "the request body has " + e.actual() + " bytes but Content-Length"
                    + " says " + e.expected(), false);
        } catch (MediaTypeMismatchException e) {
            return error(415, e.getMessage(), false);
        } catch (IOException e) {
            if (client.failure == null) {
                throw e;
            }
            if (client.failure instanceof UploadTooLargeException tooLarge) {
                return tooLarge(tooLarge.read, false);
            }
            LOG.log(Level.DEBUG, "upload of {0} failed while reading the request body: {1}",
                    upload.filename(), client.failure.toString());
            return error(400, "the request body could not be read", false);
        }
        Map<String, String> h = MediaReply.newHeaders();
        String base = collectionPath.endsWith("/")
                ? collectionPath.substring(0, collectionPath.length() - 1) : collectionPath;
        h.put("Location", UriText.asciiPath(base) + "/" + UriText.encodeSegment(media.id().value()));
        return MediaReply.ofText(201, h, JSON, Json.media(media), false);
    }

    /**
     * Adds the CORS headers a reply needs, when CORS is on; for the adapters' own replies to
     * uploads.
     */
    MediaReply withCors(MediaReply reply, RequestHeaders headers) {
        return cors == null ? reply : cors.decorate(reply, headers);
    }

    /** Content-Length, or -1 when absent. */
    private static long contentLength(RequestHeaders headers) {
        List<String> values = headers.values("Content-Length");
        if (values.isEmpty()) {
            return -1;
        }
        long length = -1;
        for (String line : values) {
            for (String v : line.split(",", 10)) {
                String t = RangeHeader.trimOws(v);
                if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new IllegalArgumentException("malformed Content-Length");
                }
                long n = Long.parseLong(t);
                if (length >= 0 && n != length) {
                    throw new IllegalArgumentException("conflicting Content-Length values");
                }
                length = n;
            }
        }
        return length;
    }

    private MediaReply tooLarge(long size, boolean declared) {
        String limit = maxUploadSize == Long.MAX_VALUE ? "the store's limit"
                : "the limit of " + maxUploadSize + " bytes";
        return error(413, "the upload is larger than " + limit + " ("
                + (declared ? "Content-Length " + size : "read " + size + " bytes") + ")", false);
    }

    // ------------------------------------------------------------------ errors

    /**
     * Builds an error reply with a JSON body; for the adapters.
     *
     * @param status the status
     * @param message what went wrong, shown to the client
     * @param head whether the request was a HEAD (then the body is left out)
     * @return the reply
     */
    static MediaReply error(int status, String message, boolean head) {
        return error(status, MediaReply.newHeaders(), message, head);
    }

    static MediaReply error(int status, Map<String, String> headers, String message,
            boolean head) {
        headers.remove("Accept-Ranges");
        headers.put("X-Content-Type-Options", "nosniff");
        return MediaReply.ofText(status, headers, JSON, Json.error(status, message), head);
    }

    private static String quoted(String s) {
        return s == null ? "null" : "'" + printable(s) + "'";
    }

    /** The text cut to 200 characters, with control characters shown as {@code ?}. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return s.length() > 200 ? b.append("...").toString() : b.toString();
    }

    /** Thrown by {@link ClientStream} when the body passes the endpoint's limit. */
    static final class UploadTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        final long read;

        UploadTooLargeException(long read, long limit) {
            super("the request body is larger than " + limit + " bytes");
            this.read = read;
        }
    }

    /**
     * The request body as the store reads it: counts bytes against the endpoint's limit and
     * remembers a failure, so that it is told apart from a failure of the store.
     */
    private static final class ClientStream extends FilterInputStream {
        private final long limit;
        private long read;
        IOException failure;

        ClientStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            if (n > 0) {
                read += n;
                if (read > limit) {
                    failure = new UploadTooLargeException(read, limit);
                    throw failure;
                }
            }
            return n;
        }
    }

    /**
     * Builds a {@link MediaEndpoint}. Each setter checks its value at once and throws an {@link
     * IllegalArgumentException} naming the setting and the value. Not thread-safe.
     */
    public static final class Builder {
        private final MediaStore store;
        private long maxUploadSize = Long.MAX_VALUE;
        private int maxRanges = DEFAULT_MAX_RANGES;
        private String dispositionType = "inline";
        private String cacheControl;
        private InlineTypes inlineTypes = InlineTypes.DEFAULT;
        private CrossOrigin cors;
        private boolean readOnly;

        private Builder(MediaStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * Sets the largest upload accepted, in bytes. Requests whose {@code Content-Length} is
         * larger get 413 before their body is read; bodies without a length are stopped when they
         * pass it. Without this setting only the store's own limit applies. Set it to the store's
         * limit (such as {@code SqliteMediaStore.Builder.maxUploadSize}) so that multipart uploads
         * are refused early as well.
         *
         * @param bytes the limit, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is less than 1
         */
        public Builder maxUploadSize(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxUploadSize must be at least 1 but was " + bytes);
            }
            this.maxUploadSize = bytes;
            return this;
        }

        /**
         * Sets how many ranges one {@code Range} header may list; a header with more is ignored
         * and the whole media served. Default {@value MediaEndpoint#DEFAULT_MAX_RANGES}.
         *
         * @param count the limit, from 1 to 10000
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is out of bounds
         */
        public Builder maxRanges(int count) {
            if (count < 1 || count > 10_000) {
                throw new IllegalArgumentException("maxRanges must be from 1 to 10000 but was " + count);
            }
            this.maxRanges = count;
            return this;
        }

        /**
         * Sets whether browsers should show media ({@code inline}, the default) or save them
         * ({@code attachment}), the type of {@code Content-Disposition}. Only media of the
         * {@linkplain #inlineTypes inline types} are ever shown; others are always {@code
         * attachment}.
         *
         * @param attachment true for {@code attachment}
         * @return this builder
         */
        public Builder attachment(boolean attachment) {
            this.dispositionType = attachment ? "attachment" : "inline";
            return this;
        }

        /**
         * Sets the {@code Cache-Control} sent with media and 304 replies, such as {@code private,
         * max-age=3600}; none by default, so caches revalidate with the ETag.
         *
         * @param value the header value, visible ASCII and spaces only, or null for none
         * @return this builder
         * @throws IllegalArgumentException if {@code value} has other characters
         */
        public Builder cacheControl(String value) {
            if (value != null && (value.isBlank() || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
                throw new IllegalArgumentException("cacheControl must be visible ASCII but was '"
                        + printable(value) + "'");
            }
            this.cacheControl = value;
            return this;
        }

        /**
         * Sets the media types that browsers may show in place ({@code Content-Disposition:
         * inline}); default {@link MediaEndpoint#DEFAULT_INLINE_TYPES}. Media of any other type,
         * or without a well-formed type, are sent as {@code attachment} with {@code
         * Content-Security-Policy: sandbox}, so that an upload labelled {@code text/html}, {@code
         * image/svg+xml}, XML or JavaScript can never run script on the server's origin. Every
         * media reply also has {@code X-Content-Type-Options: nosniff}. Entries are {@code
         * type/subtype} or {@code type/*}, matched case-insensitively against the stored type
         * without its parameters; an empty collection sends everything as an attachment. Adding
         * an active type such as {@code text/html} is the caller's decision to let uploads run
         * script.
         *
         * @param types the types, such as {@code List.of("video/*", "image/png")}
         * @return this builder
         * @throws IllegalArgumentException if an entry is not such a type
         */
        public Builder inlineTypes(Collection<String> types) {
            this.inlineTypes = InlineTypes.of(types);
            return this;
        }

        /**
         * Lets pages of other origins read media ({@code fetch()}, {@code <video
         * crossorigin="anonymous">}, drawing into a canvas) and, unless {@linkplain #readOnly
         * read-only}, upload: off by default. For a request whose {@code Origin} is allowed, replies
         * carry {@code Access-Control-Allow-Origin} (the origin, or {@code *} when {@code "*"} is
         * listed) and {@code Access-Control-Expose-Headers: Content-Range, Accept-Ranges, ETag,
         * Content-Length, Content-Disposition, Location}; every reply carries {@code Vary:
         * Origin}. A preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) of a
         * media gets 204 allowing {@code GET, HEAD}, of the collection 204 allowing {@code POST,
         * PUT} (none when read-only), with {@code Access-Control-Allow-Headers} for the range,
         * conditional and upload headers and {@code Access-Control-Max-Age: 600}; from an origin
         * not listed it gets 403. Credentials are never allowed: cookies and HTTP authentication
         * are not sent cross-origin to this endpoint.
         *
         * @param allowedOrigins exact origins such as {@code https://app.example.com} or {@code
         *     http://localhost:3000} (scheme, host and port, no path; matched case-insensitively),
         *     or {@code "*"} for any origin
         * @return this builder
         * @throws IllegalArgumentException if the collection is empty or an entry is not an origin
         */
        public Builder cors(Collection<String> allowedOrigins) {
            this.cors = CrossOrigin.of(allowedOrigins);
            return this;
        }

        /**
         * Sets whether uploads are refused: then {@code POST} and {@code PUT} (and every other
         * method on the collection) get 405 with an empty {@code Allow} before the body is read.
         * Off by default.
         *
         * @param readOnly true to refuse uploads
         * @return this builder
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * Returns the endpoint.
         *
         * @return a new immutable endpoint
         */
        public MediaEndpoint build() {
            return new MediaEndpoint(this);
        }
    }
}
