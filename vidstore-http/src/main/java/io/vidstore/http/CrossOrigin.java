package io.vidstore.http;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cross-origin resource sharing (the Fetch standard's CORS protocol) for the origins a {@link
 * MediaEndpoint} was configured with: the headers that let pages of those origins read media with
 * {@code fetch()}, {@code <video crossorigin>} or a canvas, and the answer to their preflights.
 * Credentials (cookies, HTTP authentication) are never allowed. Immutable.
 */
final class CrossOrigin {

    /** The response headers a cross-origin script may read besides the safelisted ones. */
    static final String EXPOSED_HEADERS =
            "Content-Range, Accept-Ranges, ETag, Content-Length, Content-Disposition, Location";

    /** The request headers a cross-origin page may send. */
    static final String ALLOWED_HEADERS = "Range, If-Range, If-Match, If-None-Match,"
            + " If-Modified-Since, If-Unmodified-Since, Content-Type, Content-Disposition";

    /** How long, in seconds, a browser may keep a preflight's answer. */
    static final int MAX_AGE_SECONDS = 600;

    /** A serialized origin: scheme, host and optional port, nothing else. */
    private static final Pattern ORIGIN = Pattern.compile(
            "[a-z][a-z0-9+.-]*://(\\[[0-9a-f:.]+\\]|[a-z0-9.-]+)(:[0-9]{1,5})?");

    private final Set<String> origins;
    private final boolean anyOrigin;

    private CrossOrigin(Set<String> origins, boolean anyOrigin) {
        this.origins = origins;
        this.anyOrigin = anyOrigin;
    }

    /**
     * Checks and keeps the allowed origins.
     *
     * @throws IllegalArgumentException if the collection is empty or an entry is neither {@code *}
     *     nor an origin such as {@code https://app.example.com:8443}
     */
    static CrossOrigin of(Collection<String> allowedOrigins) {
        Objects.requireNonNull(allowedOrigins, "allowedOrigins");
        if (allowedOrigins.isEmpty()) {
            throw new IllegalArgumentException("cors needs at least one origin, or \"*\"");
        }
        Set<String> set = new LinkedHashSet<>();
        boolean any = false;
        for (String o : allowedOrigins) {
            Objects.requireNonNull(o, "cors origin");
            if (o.equals("*")) {
                any = true;
                continue;
            }
            String lower = o.toLowerCase(Locale.ROOT);
            if (!ORIGIN.matcher(lower).matches()) {
                throw new IllegalArgumentException("cors origin must be \"*\" or an origin such as"
                        + " https://app.example.com (scheme, host, optional port; no path) but was '"
                        + MediaEndpoint.printable(o) + "'");
            }
            set.add(lower);
        }
        return new CrossOrigin(Set.copyOf(set), any);
    }

    /** {@return whether a request with this {@code Origin} may read the replies} */
    boolean allows(String origin) {
        return origin != null && (anyOrigin || origins.contains(origin.toLowerCase(Locale.ROOT)));
    }

    /** {@return whether the request is a CORS preflight} */
    static boolean isPreflight(String method, RequestHeaders headers) {
        return method.equals("OPTIONS") && headers.single("Origin") != null
                && !headers.values("Access-Control-Request-Method").isEmpty();
    }

    /**
     * Answers a preflight: 204 with the methods of {@code allowedMethods} when the origin is
     * allowed, 403 when it is not.
     */
    MediaReply preflight(RequestHeaders headers, List<String> allowedMethods) {
        Map<String, String> h = MediaReply.newHeaders();
        h.put("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        String origin = headers.single("Origin");
        if (!allows(origin)) {
            return MediaEndpoint.error(403, h, "the origin " + quoted(origin)
                    + " may not read media from this server", false);
        }
        h.put("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
        // The methods allowed here; a browser whose requested method is not among them refuses.
        h.put("Access-Control-Allow-Methods", String.join(", ", allowedMethods));
        h.put("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        h.put("Access-Control-Max-Age", Integer.toString(MAX_AGE_SECONDS));
        return MediaReply.withoutBody(204, h);
    }

    /** Adds the headers of an actual (not preflight) response to a reply. */
    MediaReply decorate(MediaReply reply, RequestHeaders headers) {
        // Caches must keep replies apart by Origin, since only some of them carry the headers.
        reply.addHeader("Vary", "Origin");
        String origin = headers.single("Origin");
        if (allows(origin)) {
            reply.addHeader("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
            reply.addHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        return reply;
    }

    private static String quoted(String s) {
        return s == null ? "(none)" : "'" + MediaEndpoint.printable(s) + "'";
    }
}
