package io.vidstore.ffmpeg.internal;

import io.vidstore.ffmpeg.RenderProgress;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Turns the {@code key=value} lines of {@code ffmpeg -progress pipe:1} into {@link RenderProgress}
 * snapshots, one per block (a block ends with {@code progress=continue} or {@code progress=end}).
 *
 * <p>Tolerant by design: values may be {@code N/A}, padded with spaces or malformed, keys may be
 * unknown or missing, and lines without {@code =} are skipped. None of these stops the parse; the
 * affected value is just unknown. {@code out_time_us} and {@code out_time_ms} are both
 * microseconds (a long-standing ffmpeg quirk); {@code out_time} is the fallback. Not thread-safe.
 */
public final class ProgressParser {

    private final Optional<Duration> expectedDuration;

    private Duration outTime = Duration.ZERO;
    private Duration blockOutTime;
    private OptionalDouble speed = OptionalDouble.empty();
    private OptionalLong frame = OptionalLong.empty();
    private OptionalLong totalSize = OptionalLong.empty();

    /**
     * Creates a parser.
     *
     * @param expectedDuration the duration of the output, when known, for percentages and ETAs
     */
    public ProgressParser(Optional<Duration> expectedDuration) {
        this.expectedDuration = expectedDuration.filter(d -> !d.isZero() && !d.isNegative());
    }

    /**
     * Reads one line.
     *
     * @param line a line of ffmpeg's progress output, without its line terminator
     * @return a snapshot when the line ends a block, otherwise empty
     */
    public Optional<RenderProgress> accept(String line) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
            return Optional.empty();
        }
        String key = line.substring(0, eq).trim();
        String value = line.substring(eq + 1).trim();
        switch (key) {
            case "out_time_us":
            case "out_time_ms":
                parseLong(value).filter(v -> v >= 0)
                        .ifPresent(v -> blockOutTime = Duration.of(v, ChronoUnit.MICROS));
                return Optional.empty();
            case "out_time":
                if (blockOutTime == null) {
                    parseClock(value).ifPresent(d -> blockOutTime = d);
                }
                return Optional.empty();
            case "speed":
                speed = parseSpeed(value);
                return Optional.empty();
            case "frame":
                frame = parseLong(value).filter(v -> v >= 0).map(OptionalLong::of).orElse(OptionalLong.empty());
                return Optional.empty();
            case "total_size":
                totalSize = parseLong(value).filter(v -> v >= 0).map(OptionalLong::of).orElse(OptionalLong.empty());
                return Optional.empty();
            case "progress":
                return Optional.of(endBlock(value.equalsIgnoreCase("end")));
            default:
                return Optional.empty();
        }
    }

    private RenderProgress endBlock(boolean finished) {
        if (blockOutTime != null && blockOutTime.compareTo(outTime) > 0) {
            outTime = blockOutTime;
        }
        blockOutTime = null;
        OptionalDouble percent = OptionalDouble.empty();
        Optional<Duration> eta = Optional.empty();
        if (expectedDuration.isPresent()) {
            Duration total = expectedDuration.get();
            double p = finished ? 100.0 : Math.min(100.0, 100.0 * outTime.toNanos() / total.toNanos());
            percent = OptionalDouble.of(p);
            if (finished) {
                eta = Optional.of(Duration.ZERO);
            } else if (speed.isPresent() && speed.getAsDouble() > 0) {
                long left = Math.max(0, total.minus(outTime).toNanos());
                eta = Optional.of(Duration.ofNanos((long) (left / speed.getAsDouble())));
            }
        }
        return new RenderProgress(outTime, percent, speed, eta, frame, totalSize, finished);
    }

    private static Optional<Long> parseLong(String value) {
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static OptionalDouble parseSpeed(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.endsWith("x")) {
            v = v.substring(0, v.length() - 1).trim();
        }
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) && d >= 0 ? OptionalDouble.of(d) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** Parses {@code HH:MM:SS.ffffff}; negative or malformed values give empty. */
    private static Optional<Duration> parseClock(String value) {
        String[] parts = value.split(":");
        if (parts.length != 3 || value.startsWith("-")) {
            return Optional.empty();
        }
        try {
            long hours = Long.parseLong(parts[0]);
            long minutes = Long.parseLong(parts[1]);
            double seconds = Double.parseDouble(parts[2]);
            if (hours < 0 || minutes < 0 || minutes > 59 || seconds < 0 || seconds >= 60) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofHours(hours).plusMinutes(minutes)
                    .plusNanos(Math.round(seconds * 1_000_000_000d)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
