package io.vidstore.cli;

import io.vidstore.api.ByteRange;
import io.vidstore.api.MediaId;
import io.vidstore.ffmpeg.AudioMode;
import io.vidstore.ffmpeg.EncodingSpeed;
import io.vidstore.ffmpeg.OutputFormat;
import io.vidstore.ffmpeg.SubtitleMode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converters from option values to vidstore's types; a bad value is a usage error naming it. */
final class OptionValues {

    private OptionValues() {
    }

    /** A media id, checked as {@link MediaId#of} checks it. */
    static final class Id implements ITypeConverter<MediaId> {
        @Override
        public MediaId convert(String value) {
            try {
                return MediaId.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a media id: " + e.getMessage());
            }
        }
    }

    /** A byte range as in HTTP without {@code bytes=}: {@code 0-1023}, {@code 1024-} or {@code -500}. */
    static final class Range implements ITypeConverter<ByteRange> {
        private static final Pattern FORM = Pattern.compile("(\\d{1,18})?-(\\d{1,18})?");

        @Override
        public ByteRange convert(String value) {
            Matcher m = FORM.matcher(value.trim());
            if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
                throw new TypeConversionException("'" + value
                        + "' is not a byte range such as 0-1023, 1024- or -500");
            }
            try {
                if (m.group(1) == null) {
                    return ByteRange.suffix(Long.parseLong(m.group(2)));
                }
                long first = Long.parseLong(m.group(1));
                return m.group(2) == null ? ByteRange.from(first)
                        : ByteRange.closed(first, Long.parseLong(m.group(2)));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a byte range: " + e.getMessage());
            }
        }
    }

    /**
     * A media time or length: seconds ({@code 90}, {@code 1.5}), {@code [hh:]mm:ss[.fff]}, a number
     * with a unit ({@code 500ms}, {@code 5s}, {@code 10m}, {@code 2h}) or ISO-8601 ({@code PT10M}).
     */
    static final class Time implements ITypeConverter<Duration> {
        private static final Pattern CLOCK = Pattern.compile("(?:(\\d+):)?(\\d+):(\\d+(?:\\.\\d+)?)");
        private static final Pattern UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|min|h)?");

        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("pt")) {
                    return nonNegative(value, Duration.parse(v));
                }
                Matcher clock = CLOCK.matcher(v);
                if (clock.matches()) {
                    long hours = clock.group(1) == null ? 0 : Long.parseLong(clock.group(1));
                    return Duration.ofHours(hours).plusMinutes(Long.parseLong(clock.group(2)))
                            .plus(seconds(new BigDecimal(clock.group(3))));
                }
                Matcher unit = UNIT.matcher(v);
                if (unit.matches()) {
                    BigDecimal n = new BigDecimal(unit.group(1));
                    String u = unit.group(2) == null ? "s" : unit.group(2);
                    BigDecimal secs = switch (u) {
                        case "ms" -> n.movePointLeft(3);
                        case "m", "min" -> n.multiply(BigDecimal.valueOf(60));
                        case "h" -> n.multiply(BigDecimal.valueOf(3600));
                        default -> n;
                    };
                    return seconds(secs);
                }
            } catch (DateTimeParseException | ArithmeticException e) {
                // reported below, with the forms that are understood
            }
            throw new TypeConversionException("'" + value
                    + "' is not a time such as 90, 1.5s, 500ms, 10m, 1:30 or 01:02:03.5");
        }

        private static Duration seconds(BigDecimal seconds) {
            return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
        }

        private static Duration nonNegative(String value, Duration d) {
            if (d.isNegative()) {
                throw new TypeConversionException("'" + value + "' is negative");
            }
            return d;
        }
    }

    /** {@code replace} or {@code mix}. */
    static final class Audio implements ITypeConverter<AudioMode> {
        @Override
        public AudioMode convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "replace" -> AudioMode.REPLACE;
                case "mix" -> AudioMode.MIX;
                default -> throw new TypeConversionException("'" + value + "' is not replace or mix");
            };
        }
    }

    /** {@code burn} or {@code soft}. */
    static final class Subtitles implements ITypeConverter<SubtitleMode> {
        @Override
        public SubtitleMode convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "burn", "burn-in" -> SubtitleMode.BURN_IN;
                case "soft", "track" -> SubtitleMode.SOFT_TRACK;
                default -> throw new TypeConversionException("'" + value + "' is not burn or soft");
            };
        }
    }

    /** {@code mp4} or {@code webm}. */
    static final class Format implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "mp4" -> OutputFormat.MP4;
                case "webm" -> OutputFormat.WEBM;
                default -> throw new TypeConversionException("'" + value + "' is not mp4 or webm");
            };
        }
    }

    /** {@code fastest}, {@code balanced} or {@code smallest}. */
    static final class Speed implements ITypeConverter<EncodingSpeed> {
        @Override
        public EncodingSpeed convert(String value) {
            try {
                return EncodingSpeed.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not fastest, balanced or smallest");
            }
        }
    }
}
