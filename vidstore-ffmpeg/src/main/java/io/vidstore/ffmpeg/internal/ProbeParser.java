package io.vidstore.ffmpeg.internal;

import io.vidstore.ffmpeg.MediaProbe;
import io.vidstore.ffmpeg.MediaStream;
import io.vidstore.ffmpeg.StreamType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads the output of {@code ffprobe -print_format json -show_format -show_streams -show_error}.
 *
 * <p>ffprobe prints most numbers as strings and {@code N/A} where a value is unknown; both forms,
 * and absent keys, are accepted. Unknown keys are ignored. A document that is not JSON, or whose
 * shape is not ffprobe's (a {@code streams} that is not an array), is refused.
 */
public final class ProbeParser {

    private ProbeParser() {
    }

    /**
     * Returns the error ffprobe reported, if the document holds one.
     *
     * @param json ffprobe's output
     * @return the error's text and code, such as {@code No such file or directory (code -2)}
     * @throws IllegalArgumentException if {@code json} is not JSON
     */
    public static Optional<String> error(String json) {
        Object root = Json.parse(json);
        if (!(root instanceof Map<?, ?> map) || !(map.get("error") instanceof Map<?, ?> error)) {
            return Optional.empty();
        }
        String text = string(error, "string").orElse("unknown error");
        return Optional.of(text + integer(error, "code").map(c -> " (code " + c + ")").orElse(""));
    }

    /**
     * Parses a probe result.
     *
     * @param json ffprobe's output
     * @return the result
     * @throws IllegalArgumentException if {@code json} is not JSON or has no {@code format} object
     */
    public static MediaProbe parse(String json) {
        Object root = Json.parse(json);
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("ffprobe output is not a JSON object");
        }
        if (!(map.get("format") instanceof Map<?, ?> format)) {
            throw new IllegalArgumentException("ffprobe output has no \"format\" object");
        }
        List<MediaStream> streams = new ArrayList<>();
        Object rawStreams = map.get("streams");
        if (rawStreams != null) {
            if (!(rawStreams instanceof List<?> list)) {
                throw new IllegalArgumentException("ffprobe output has a \"streams\" that is not an array");
            }
            for (Object s : list) {
                if (!(s instanceof Map<?, ?> stream)) {
                    throw new IllegalArgumentException("ffprobe output has a stream that is not an object");
                }
                streams.add(stream(stream, streams.size()));
            }
        }
        return new MediaProbe(
                string(format, "format_name").orElse(""),
                duration(format, "duration"),
                longValue(format, "size"),
                longValue(format, "bit_rate"),
                streams);
    }

    private static MediaStream stream(Map<?, ?> s, int position) {
        StreamType type = StreamType.fromCodecType(string(s, "codec_type").orElse(null));
        Map<?, ?> tags = s.get("tags") instanceof Map<?, ?> t ? t : Map.of();
        Optional<String> language = string(tags, "language")
                .filter(l -> !l.isBlank() && !l.equalsIgnoreCase("und"));
        OptionalDouble frameRate = OptionalDouble.empty();
        if (type == StreamType.VIDEO) {
            frameRate = rational(s, "avg_frame_rate");
            if (frameRate.isEmpty()) {
                frameRate = rational(s, "r_frame_rate");
            }
        }
        return new MediaStream(
                integer(s, "index").orElse(position),
                type,
                string(s, "codec_name").filter(c -> !c.isBlank()),
                positive(integer(s, "width")),
                positive(integer(s, "height")),
                frameRate,
                rotation(s, tags),
                positive(integer(s, "sample_rate")),
                positive(integer(s, "channels")),
                language,
                duration(s, "duration"));
    }

    private static int rotation(Map<?, ?> stream, Map<?, ?> tags) {
        if (stream.get("side_data_list") instanceof List<?> sideData) {
            for (Object entry : sideData) {
                if (entry instanceof Map<?, ?> m && "Display Matrix".equals(m.get("side_data_type"))) {
                    Optional<BigDecimal> r = number(m, "rotation");
                    if (r.isPresent()) {
                        return normalize(r.get().setScale(0, RoundingMode.HALF_EVEN).intValue());
                    }
                }
            }
        }
        // Before ffmpeg 5.0 ffprobe reported the rotation as a clockwise "rotate" tag.
        return number(tags, "rotate").map(r -> normalize(-r.intValue())).orElse(0);
    }

    private static int normalize(int degrees) {
        int d = Math.floorMod(degrees, 360);
        return d > 180 ? d - 360 : d;
    }

    private static OptionalInt positive(Optional<Integer> value) {
        return value.filter(v -> v > 0).map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    private static Optional<String> string(Map<?, ?> map, String key) {
        Object v = map.get(key);
        if (v instanceof String s) {
            return Optional.of(s);
        }
        if (v instanceof BigDecimal n) {
            return Optional.of(n.toPlainString());
        }
        return Optional.empty();
    }

    private static Optional<BigDecimal> number(Map<?, ?> map, String key) {
        Object v = map.get(key);
        if (v instanceof BigDecimal n) {
            return Optional.of(n);
        }
        if (v instanceof String s) {
            String t = s.trim();
            if (t.isEmpty() || t.equalsIgnoreCase("N/A")) {
                return Optional.empty();
            }
            try {
                return Optional.of(new BigDecimal(t));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> integer(Map<?, ?> map, String key) {
        return number(map, key).flatMap(n -> {
            try {
                return Optional.of(n.intValueExact());
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
        });
    }

    private static OptionalLong longValue(Map<?, ?> map, String key) {
        Optional<BigDecimal> n = number(map, key).filter(v -> v.signum() >= 0);
        if (n.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(n.get().setScale(0, RoundingMode.DOWN).longValueExact());
        } catch (ArithmeticException e) {
            return OptionalLong.empty();
        }
    }

    private static Optional<Duration> duration(Map<?, ?> map, String key) {
        return number(map, key).filter(v -> v.signum() >= 0).flatMap(ProbeParser::seconds);
    }

    /**
     * Converts decimal seconds to a duration, to the nanosecond.
     *
     * @param seconds the seconds
     * @return the duration, or empty if it does not fit
     */
    static Optional<Duration> seconds(BigDecimal seconds) {
        try {
            long nanos = seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
            return Optional.of(Duration.ofNanos(nanos));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static OptionalDouble rational(Map<?, ?> map, String key) {
        Optional<String> value = string(map, key);
        if (value.isEmpty()) {
            return OptionalDouble.empty();
        }
        String v = value.get().trim().toLowerCase(Locale.ROOT);
        try {
            int slash = v.indexOf('/');
            double r = slash < 0 ? Double.parseDouble(v)
                    : Double.parseDouble(v.substring(0, slash)) / Double.parseDouble(v.substring(slash + 1));
            return Double.isFinite(r) && r > 0 ? OptionalDouble.of(r) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }
}
