package io.vidstore.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** HTTP-dates (RFC 9110 section 5.6.7): written as IMF-fixdate, read in all three forms. */
final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US)
            .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter ASCTIME = DateTimeFormatter
            .ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
            .withZone(ZoneOffset.UTC);

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /** 1000-01-01T00:00:00Z: from here until {@link #FIRST_FIVE_DIGIT_YEAR} years have 4 digits. */
    private static final long FIRST_FOUR_DIGIT_YEAR = LocalDate.of(1000, 1, 1).toEpochDay() * 86_400;

    /** 10000-01-01T00:00:00Z. */
    private static final long FIRST_FIVE_DIGIT_YEAR = LocalDate.of(10000, 1, 1).toEpochDay() * 86_400;

    private HttpDates() {
    }

    /** {@return the instant as an IMF-fixdate, such as {@code Sun, 06 Nov 1994 08:49:37 GMT}} */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FOUR_DIGIT_YEAR || seconds >= FIRST_FIVE_DIGIT_YEAR) {
            return IMF_FIXDATE.format(instant.truncatedTo(ChronoUnit.SECONDS));
        }
        // Every response carries one; the formatter's generality costs more than the response.
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int time = Math.floorMod(seconds, 86_400);
        StringBuilder b = new StringBuilder(29)
                .append(DAYS[date.getDayOfWeek().ordinal()]).append(", ");
        twoDigits(b, date.getDayOfMonth()).append(' ')
                .append(MONTHS[date.getMonthValue() - 1]).append(' ')
                .append(date.getYear()).append(' ');
        twoDigits(b, time / 3_600).append(':');
        twoDigits(b, time / 60 % 60).append(':');
        return twoDigits(b, time % 60).append(" GMT").toString();
    }

    private static StringBuilder twoDigits(StringBuilder b, int n) {
        return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /**
     * Parses an HTTP-date.
     *
     * @param value the header value, or null
     * @return the instant, or null when the value is absent or not an HTTP-date
     */
    static Instant parse(String value) {
        if (value == null || value.length() > 64) {
            return null;
        }
        String v = RangeHeader.trimOws(value);
        for (DateTimeFormatter f : new DateTimeFormatter[] {IMF_FIXDATE, RFC_850, ASCTIME}) {
            try {
                return f.withResolverStyle(ResolverStyle.SMART).parse(v, Instant::from);
            } catch (DateTimeParseException | ArithmeticException e) {
                // try the next form
            }
        }
        return null;
    }
}
