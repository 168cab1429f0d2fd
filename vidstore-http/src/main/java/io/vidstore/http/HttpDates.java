package io.vidstore.http;

import java.time.Instant;
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

    private HttpDates() {
    }

    /** {@return the instant as an IMF-fixdate, such as {@code Sun, 06 Nov 1994 08:49:37 GMT}} */
    static String format(Instant instant) {
        return IMF_FIXDATE.format(instant.truncatedTo(ChronoUnit.SECONDS));
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
