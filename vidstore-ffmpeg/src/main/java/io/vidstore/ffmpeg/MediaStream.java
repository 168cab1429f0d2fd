package io.vidstore.ffmpeg;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One stream of a probed media file, part of a {@link MediaProbe}. Immutable.
 *
 * <p>Properties that do not apply to the stream's type (the width of an audio stream) or that
 * ffprobe does not report (the duration of a stream in a WebM file) are empty.
 *
 * @param index the stream's index in the file, from 0
 * @param type the stream's kind
 * @param codec the codec's short name as ffprobe reports it, such as {@code h264}, {@code aac},
 *     {@code subrip}; empty when unknown
 * @param width the coded picture width in pixels, for video streams
 * @param height the coded picture height in pixels, for video streams
 * @param frameRate the average frame rate in frames per second, for video streams
 * @param rotation the display rotation in degrees as ffprobe reports it from the display matrix
 *     (counter-clockwise positive, in the range -180 to 180); 0 when the picture is not rotated
 * @param sampleRate the audio sample rate in Hz
 * @param channels the number of audio channels
 * @param language the stream's language tag, such as {@code eng}; empty when absent or {@code und}
 * @param duration the stream's own duration
 */
public record MediaStream(
        int index,
        StreamType type,
        Optional<String> codec,
        OptionalInt width,
        OptionalInt height,
        OptionalDouble frameRate,
        int rotation,
        OptionalInt sampleRate,
        OptionalInt channels,
        Optional<String> language,
        Optional<Duration> duration) {

    /**
     * Checks the components.
     *
     * @param index the stream's index in the file, from 0
     * @param type the stream's kind
     * @param codec the codec's short name as ffprobe reports it, such as {@code h264}, {@code aac},
     *     {@code subrip}; empty when unknown
     * @param width the coded picture width in pixels, for video streams
     * @param height the coded picture height in pixels, for video streams
     * @param frameRate the average frame rate in frames per second, for video streams
     * @param rotation the display rotation in degrees as ffprobe reports it from the display matrix
     *     (counter-clockwise positive, in the range -180 to 180); 0 when the picture is not rotated
     * @param sampleRate the audio sample rate in Hz
     * @param channels the number of audio channels
     * @param language the stream's language tag, such as {@code eng}; empty when absent or {@code und}
     * @param duration the stream's own duration
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public MediaStream {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(width, "width");
        Objects.requireNonNull(height, "height");
        Objects.requireNonNull(frameRate, "frameRate");
        Objects.requireNonNull(sampleRate, "sampleRate");
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(duration, "duration");
        if (index < 0) {
            throw new IllegalArgumentException("index must be at least 0 but was " + index);
        }
    }
}
