package io.vidstore.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Entity-tags and the lists of them in {@code If-Match}, {@code If-None-Match} and
 * {@code If-Range} (RFC 9110 section 8.8.3 and 13.1).
 */
final class EntityTags {

    /** The value {@code *}, which matches any current representation. */
    static final List<String> ANY = List.of("*");

    private EntityTags() {
    }

    /**
     * Parses a comma-separated list of entity-tags, or {@code *}.
     *
     * @param values the header's field lines
     * @return the tags as written (with {@code W/} and quotes), {@link #ANY} for {@code *}, or
     *     null when the list is malformed
     */
    static List<String> parseList(List<String> values) {
        List<String> tags = new ArrayList<>();
        for (String line : values) {
            String v = RangeHeader.trimOws(line);
            if (v.equals("*")) {
                if (values.size() == 1) {
                    return ANY;
                }
                return null;
            }
            int i = 0;
            while (i < v.length()) {
                char c = v.charAt(i);
                if (c == ',' || c == ' ' || c == '\t') {
                    i++;
                    continue;
                }
                int end = tagEnd(v, i);
                if (end < 0) {
                    return null;
                }
                tags.add(v.substring(i, end));
                i = end;
                while (i < v.length() && (v.charAt(i) == ' ' || v.charAt(i) == '\t')) {
                    i++;
                }
                if (i < v.length() && v.charAt(i) != ',') {
                    return null;
                }
                if (tags.size() > 1000) {
                    return null;
                }
            }
        }
        return tags.isEmpty() ? null : tags;
    }

    /** {@return the index after the entity-tag that starts at {@code i}, or -1 if none does} */
    private static int tagEnd(String v, int i) {
        if (v.startsWith("W/", i)) {
            i += 2;
        }
        if (i >= v.length() || v.charAt(i) != '"') {
            return -1;
        }
        for (int j = i + 1; j < v.length(); j++) {
            char c = v.charAt(j);
            if (c == '"') {
                return j + 1;
            }
            if (c < 0x21 || c == 0x7f) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Checks whether a single value is one valid entity-tag.
     *
     * @param value a header value such as an {@code If-Range}
     * @return true if it is exactly one entity-tag
     */
    static boolean isTag(String value) {
        String v = RangeHeader.trimOws(value);
        return !v.isEmpty() && tagEnd(v, 0) == v.length();
    }

    /** {@return whether two tags are equal and both strong} */
    static boolean strongMatch(String a, String b) {
        return !isWeak(a) && !isWeak(b) && a.equals(b);
    }

    /** {@return whether two tags are equal once their weakness is ignored} */
    static boolean weakMatch(String a, String b) {
        return opaque(a).equals(opaque(b));
    }

    private static boolean isWeak(String tag) {
        return tag.startsWith("W/");
    }

    private static String opaque(String tag) {
        return isWeak(tag) ? tag.substring(2) : tag;
    }
}
