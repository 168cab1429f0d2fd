package io.vidstore.store.support;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * Reads and writes {@code created_at}. New rows get fixed-width UTC timestamps with microseconds
 * ({@code 2026-11-25T15:17:09.123456Z}), so that sorting the text sorts by time. Rows written by
 * older applications may use SQLite's {@code datetime('now')} form, ISO-8601 with or without an
 * offset, a bare date, or seconds or milliseconds since the epoch; all of those are read, and
 * times without an offset are taken as UTC.
 *
 * <p>Shared by the store implementations; not a supported API.
 */
public final class Timestamps {

    private static final DateTimeFormatter WRITE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private Timestamps() {
    }

    /**
     * Formats a time for {@code created_at}.
     *
     * @param instant the time
     * @return fixed-width UTC text with microseconds
     */
    public static String format(Instant instant) {
        return WRITE.format(instant);
    }

    /**
     * Parses a stored timestamp.
     *
     * @param text the stored text, or null
     * @return the time; empty if its form is not one of those described above
     */
    public static Optional<Instant> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Instant written = parseWritten(text);
        if (written != null) {
            return Optional.of(written);
        }
        String t = text.trim();
        try {
            if (t.chars().allMatch(Character::isDigit) && !t.isEmpty() && t.length() <= 13) {
                long n = Long.parseLong(t);
                // Ten digits or fewer are seconds until the year 2286; more are milliseconds.
                return Optional.of(t.length() <= 10 ? Instant.ofEpochSecond(n) : Instant.ofEpochMilli(n));
            }
            if (t.length() == 10) {
                return Optional.of(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (t.endsWith("Z") || t.matches(".*[+-]\\d{2}:?\\d{2}$")) {
                String iso = t.replace(' ', 'T').replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2");
                try {
                    return Optional.of(OffsetDateTime.parse(iso).toInstant());
                } catch (DateTimeParseException e) {
                    return Optional.of(Instant.parse(iso));
                }
            }
            return Optional.of(LocalDateTime.parse(t, LOCAL).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses exactly the form {@link #format} writes, {@code 2026-01-02T03:04:05.123456Z}, without
     * the general parser: every read of a row parses one. {@return the instant, or null for any
     * other text, which the general parser then reads}
     */
    private static Instant parseWritten(String t) {
        if (t.length() != 27 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(19) != '.'
                || t.charAt(26) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        int micros = digits(t, 20, 26);
        if ((year | month | day | hour | minute | second | micros) < 0
                || month < 1 || month > 12 || day < 1
                || day > 28 && day > YearMonth.of(year, month).lengthOfMonth()
                || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second,
                micros * 1_000L);
    }

    /** {@return the decimal number in {@code t[from, to)}, or -1 if a character is not a digit} */
    private static int digits(String t, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            int d = t.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }
}
