package io.vidstore.ffmpeg;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A snapshot of a running render, parsed from {@code ffmpeg -progress}. Immutable.
 *
 * <p>Values that ffmpeg reports as {@code N/A}, or that cannot be computed (a percentage when the
 * duration of the output is unknown), are empty.
 *
 * @param outTime how much of the output has been written, in media time; never goes backwards
 * @param percent how much of the output has been written, 0 to 100, when its duration is known
 * @param speed how fast ffmpeg works, in media seconds per wall-clock second ({@code 2.0} is
 *     twice real time)
 * @param eta the wall-clock time left, estimated from the speed, when the duration is known
 * @param frame the number of video frames written so far
 * @param totalSize the bytes written to the output so far
 * @param finished whether this is the last report (ffmpeg's {@code progress=end})
 */
public record RenderProgress(
        Duration outTime,
        OptionalDouble percent,
        OptionalDouble speed,
        Optional<Duration> eta,
        OptionalLong frame,
        OptionalLong totalSize,
        boolean finished) {

    /**
     * Checks the components.
     *
     * @param outTime how much of the output has been written, in media time; never goes backwards
     * @param percent how much of the output has been written, 0 to 100, when its duration is known
     * @param speed how fast ffmpeg works, in media seconds per wall-clock second ({@code 2.0} is
     *     twice real time)
     * @param eta the wall-clock time left, estimated from the speed, when the duration is known
     * @param frame the number of video frames written so far
     * @param totalSize the bytes written to the output so far
     * @param finished whether this is the last report (ffmpeg's {@code progress=end})
     * @throws NullPointerException if a component is null
     */
    public RenderProgress {
        Objects.requireNonNull(outTime, "outTime");
        Objects.requireNonNull(percent, "percent");
        Objects.requireNonNull(speed, "speed");
        Objects.requireNonNull(eta, "eta");
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(totalSize, "totalSize");
    }
}
