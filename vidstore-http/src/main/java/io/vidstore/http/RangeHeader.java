package io.vidstore.http;

import io.vidstore.api.ByteRange;
import io.vidstore.api.RangeNotSatisfiableException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code Range} request header of RFC 9110 section 14.2, parsed and resolved against a size.
 *
 * <p>Parsing is strict about syntax and lenient about meaning: a header that is not a valid
 * {@code bytes} ranges-specifier (wrong unit, bad syntax, a range whose last byte is before its
 * first, more ranges than allowed) is ignored, so the whole representation is served; numbers too
 * large for a {@code long} are read as "beyond any size".
 */
final class RangeHeader {

    /**
     * Ranges closer than this many bytes are merged into one: sending the gap costs less than the
     * headers of another part.
     */
    static final long COALESCE_GAP = 80;

    private RangeHeader() {
    }

    /**
     * Parses the value of a {@code Range} header.
     *
     * @param value the header's value
     * @param maxRanges the most range-specs accepted
     * @return the ranges in the order given, or null when the header must be ignored
     */
    static List<ByteRange> parse(String value, int maxRanges) {
        String v = trimOws(value);
        int eq = v.indexOf('=');
        if (eq <= 0 || !v.regionMatches(true, 0, "bytes", 0, eq) || eq != 5) {
            return null;
        }
        List<ByteRange> ranges = new ArrayList<>();
        int start = eq + 1;
        while (start <= v.length()) {
            int comma = v.indexOf(',', start);
            int end = comma < 0 ? v.length() : comma;
            String spec = trimOws(v.substring(start, end));
            if (!spec.isEmpty()) {
                if (ranges.size() == maxRanges) {
                    return null;
                }
                ByteRange range = parseSpec(spec);
                if (range == null) {
                    return null;
                }
                ranges.add(range);
            }
            start = end + 1;
        }
        return ranges.isEmpty() ? null : ranges;
    }

    private static ByteRange parseSpec(String spec) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        if (dash == 0) {
            long suffix = number(spec, 1, spec.length());
            return suffix < 0 ? null : ByteRange.suffix(suffix);
        }
        long first = number(spec, 0, dash);
        if (first < 0) {
            return null;
        }
        if (dash == spec.length() - 1) {
            return ByteRange.from(first);
        }
        long last = number(spec, dash + 1, spec.length());
        if (last < 0 || last < first) {
            return null;
        }
        return ByteRange.closed(first, last);
    }

    /** Reads 1*DIGIT, saturating at {@link Long#MAX_VALUE}; -1 if not digits. */
    private static long number(String s, int from, int to) {
        if (from >= to) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            int digit = c - '0';
            n = n > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : n * 10 + digit;
        }
        return n;
    }

    /**
     * Resolves ranges against a size, drops those that select nothing, sorts the rest and merges
     * those that overlap or lie less than {@link #COALESCE_GAP} bytes apart.
     *
     * @param ranges the ranges asked for
     * @param size the representation's size
     * @return at least one span, in ascending order, not overlapping
     * @throws RangeNotSatisfiableException if no range selects a byte
     */
    static List<ByteRange.Span> resolve(List<ByteRange> ranges, long size)
            throws RangeNotSatisfiableException {
        List<ByteRange.Span> spans = new ArrayList<>(ranges.size());
        RangeNotSatisfiableException unsatisfiable = null;
        for (ByteRange range : ranges) {
            try {
                spans.add(range.within(size));
            } catch (RangeNotSatisfiableException e) {
                unsatisfiable = e;
            }
        }
        if (spans.isEmpty()) {
            throw unsatisfiable;
        }
        spans.sort(Comparator.comparingLong(ByteRange.Span::offset));
        List<ByteRange.Span> merged = new ArrayList<>(spans.size());
        ByteRange.Span current = spans.get(0);
        for (int i = 1; i < spans.size(); i++) {
            ByteRange.Span next = spans.get(i);
            if (next.offset() <= current.last() + 1 + COALESCE_GAP) {
                long last = Math.max(current.last(), next.last());
                current = new ByteRange.Span(current.offset(), last - current.offset() + 1);
            } else {
                merged.add(current);
                current = next;
            }
        }
        merged.add(current);
        return merged;
    }

    /** Removes optional white space (SP and HTAB) at both ends. */
    static String trimOws(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }
}
