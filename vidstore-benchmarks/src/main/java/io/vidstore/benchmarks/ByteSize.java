package io.vidstore.benchmarks;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts as benchmark parameters write them: {@code 1048576}, {@code 64KiB}, {@code 8 MiB},
 * {@code 1GiB}. JMH parameters are strings, so every benchmark parses its {@code chunkSize} and
 * {@code fileSize} through this class and the report prints them back the same way.
 */
public final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|B|KiB|MiB|GiB)");
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB"};

    private ByteSize() {
    }

    /**
     * Parses a size in bytes, or in binary units with a {@code KiB}, {@code MiB} or {@code GiB}
     * suffix.
     *
     * @param text such as {@code 65536}, {@code 64KiB} or {@code 1 GiB}
     * @return the size in bytes
     * @throws IllegalArgumentException if the text is not such a size, or the size overflows
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a byte size: '" + text
                    + "' (expected a number of bytes, or a number followed by KiB, MiB or GiB)");
        }
        int shift = switch (m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> 0;
        };
        long value;
        try {
            value = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("byte size too large: '" + text + "'", e);
        }
        if (value > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("byte size too large: '" + text + "'");
        }
        return value << shift;
    }

    /**
     * Parses a size that must fit into an {@code int}, such as a chunk size.
     *
     * @param text as for {@link #parse(String)}
     * @return the size in bytes
     * @throws IllegalArgumentException if the text is not a size or the size exceeds {@code
     *     Integer.MAX_VALUE}
     */
    public static int parseInt(String text) {
        long value = parse(text);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("byte size too large for an int: '" + text + "'");
        }
        return (int) value;
    }

    /**
     * Formats a size with the largest binary unit that divides it exactly, so that {@code
     * format(parse(s))} gives back a canonical {@code s}.
     *
     * @param bytes the size, at least 0
     * @return such as {@code 64 KiB}, or {@code 1000 B} when no unit divides the size
     */
    public static String format(long bytes) {
        int unit = 0;
        long value = bytes;
        while (unit < UNITS.length - 1 && value != 0 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%d %s", value, UNITS[unit]);
    }
}
