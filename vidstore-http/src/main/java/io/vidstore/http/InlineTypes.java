package io.vidstore.http;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which media types a {@link MediaEndpoint} lets a browser show in place ({@code inline}): passive
 * types that cannot run script on the media's origin. Immutable.
 */
final class InlineTypes {

    /** What {@link MediaEndpoint#DEFAULT_INLINE_TYPES} holds. */
    static final List<String> DEFAULTS = List.of(
            "video/*", "audio/*",
            "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp",
            "text/plain", "text/vtt");

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9a-z-]+");

    /** Exact types ({@code image/png}). */
    private final Set<String> exact;
    /** Top-level types allowed with any subtype ({@code video} for {@code video/*}). */
    private final Set<String> anySubtype;

    private InlineTypes(Set<String> exact, Set<String> anySubtype) {
        this.exact = exact;
        this.anySubtype = anySubtype;
    }

    static final InlineTypes DEFAULT = of(DEFAULTS);

    /**
     * Checks and keeps the types.
     *
     * @throws IllegalArgumentException if an entry is neither {@code type/subtype} nor {@code
     *     type/*}
     */
    static InlineTypes of(Collection<String> types) {
        Objects.requireNonNull(types, "inlineTypes");
        Set<String> exact = new HashSet<>();
        Set<String> any = new HashSet<>();
        for (String t : types) {
            Objects.requireNonNull(t, "inline type");
            String lower = t.trim().toLowerCase(Locale.ROOT);
            int slash = lower.indexOf('/');
            String top = slash < 0 ? "" : lower.substring(0, slash);
            String sub = slash < 0 ? "" : lower.substring(slash + 1);
            if (!TOKEN.matcher(top).matches() || top.equals("*")
                    || !(sub.equals("*") || TOKEN.matcher(sub).matches())) {
                throw new IllegalArgumentException("inline type must be a media type such as"
                        + " image/png or video/* (no parameters) but was '"
                        + MediaEndpoint.printable(t) + "'");
            }
            if (sub.equals("*")) {
                any.add(top);
            } else {
                exact.add(lower);
            }
        }
        return new InlineTypes(Set.copyOf(exact), Set.copyOf(any));
    }

    /**
     * Whether a {@code Content-Type} value may be shown inline.
     *
     * @param contentType a well-formed media type, possibly with parameters
     * @return true for the configured types
     */
    boolean allows(String contentType) {
        String essence = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        int slash = essence.indexOf('/');
        return exact.contains(essence) || (slash > 0 && anySubtype.contains(essence.substring(0, slash)));
    }
}
