package io.vidstore.ffmpeg;

import io.vidstore.api.MediaId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What to render: one video from a store, optionally with an extra audio track and subtitles from
 * the same store, trimmed, scaled, in an {@link OutputFormat}. Immutable and thread-safe; build it
 * with {@link #builder(MediaId)}:
 *
 * <pre>{@code
 * RenderRequest request = RenderRequest.builder(videoId)
 *         .audio(voiceOverId, AudioMode.REPLACE)
 *         .subtitles(subtitlesId, SubtitleMode.BURN_IN)
 *         .start(Duration.ofSeconds(5))
 *         .duration(Duration.ofMinutes(2))
 *         .scaleToHeight(720)
 *         .build();
 * }</pre>
 *
 * <h2>Copy or re-encode</h2>
 * A render copies the video stream unchanged ({@code -c:v copy}) unless subtitles are burned in,
 * the picture is scaled, a {@linkplain Builder#start start} is set (cuts that do not fall on a
 * key frame need re-encoding) or the codec does not fit the output format; likewise for audio
 * unless it is mixed, a start is set or the codec does not fit. {@link RenderResult} tells which
 * path was taken.
 *
 * <h2>Trimming</h2>
 * {@linkplain Builder#start Start}, {@linkplain Builder#end end} and {@linkplain Builder#duration
 * duration} are media times of the video. The extra audio track and soft subtitles are trimmed on
 * the same time line, so they stay in sync with the picture. The output never runs longer than the
 * (trimmed) video, even when the extra audio is longer. A start normally makes ffmpeg seek in the
 * inputs, which is fast; with a {@linkplain SubtitleMode#SOFT_TRACK subtitle track} it decodes
 * from the beginning instead and drops what comes before the start (a cue that began before it
 * included), because ffmpeg shifts seeked subtitle tracks out of sync.
 */
public final class RenderRequest {

    /** The largest height accepted by {@link Builder#scaleToHeight(int)}. */
    public static final int MAX_HEIGHT = 8640;

    private final MediaId video;
    private final MediaId audio;
    private final AudioMode audioMode;
    private final MediaId subtitles;
    private final SubtitleMode subtitleMode;
    private final Duration start;
    private final Duration end;
    private final Duration duration;
    private final int height;
    private final OutputFormat format;
    private final EncodingSpeed speed;
    private final Duration timeout;
    private final RenderProgressListener listener;

    private RenderRequest(Builder b) {
        this.video = b.video;
        this.audio = b.audio;
        this.audioMode = b.audioMode;
        this.subtitles = b.subtitles;
        this.subtitleMode = b.subtitleMode;
        this.start = b.start;
        this.end = b.end;
        this.duration = b.duration;
        this.height = b.height;
        this.format = b.format;
        this.speed = b.speed;
        this.timeout = b.timeout;
        this.listener = b.listener;
    }

    /**
     * Starts a request to render the given stored video.
     *
     * @param video the video's id in the store
     * @return a new builder, with MP4 output, balanced encoding speed and no timeout
     * @throws NullPointerException if {@code video} is null
     */
    public static Builder builder(MediaId video) {
        return new Builder(video);
    }

    /** {@return the video to render} */
    public MediaId video() {
        return video;
    }

    /** {@return the extra audio track, if any} */
    public Optional<MediaId> audio() {
        return Optional.ofNullable(audio);
    }

    /** {@return how the extra audio track is used; meaningful only when there is one} */
    public AudioMode audioMode() {
        return audioMode;
    }

    /** {@return the subtitles, if any} */
    public Optional<MediaId> subtitles() {
        return Optional.ofNullable(subtitles);
    }

    /** {@return how the subtitles are added; meaningful only when there are some} */
    public SubtitleMode subtitleMode() {
        return subtitleMode;
    }

    /** {@return where the output starts in the video, zero when not trimmed at the start} */
    public Duration start() {
        return start;
    }

    /** {@return where the output ends in the video, if set} */
    public Optional<Duration> end() {
        return Optional.ofNullable(end);
    }

    /** {@return the longest the output may be, if set} */
    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    /**
     * {@return the length the trim asks for} It is {@code end - start} or {@code duration}, whichever
     * was set; empty when the output runs to the end of the video.
     */
    public Optional<Duration> trimmedLength() {
        if (end != null) {
            return Optional.of(end.minus(start));
        }
        return Optional.ofNullable(duration);
    }

    /** {@return the output's picture height in pixels, if the picture is scaled} */
    public OptionalInt scaleToHeight() {
        return height == 0 ? OptionalInt.empty() : OptionalInt.of(height);
    }

    /** {@return the output's container and codecs} */
    public OutputFormat format() {
        return format;
    }

    /** {@return how hard the encoders work, when re-encoding} */
    public EncodingSpeed encodingSpeed() {
        return speed;
    }

    /** {@return the longest the whole render may take, if limited} */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** {@return who receives progress reports, if anyone} */
    public Optional<RenderProgressListener> progressListener() {
        return Optional.ofNullable(listener);
    }

    /** {@return whether the video stream must be re-encoded, whatever its codec} */
    public boolean requiresVideoEncoding() {
        return height != 0 || !start.isZero() || (subtitles != null && subtitleMode == SubtitleMode.BURN_IN);
    }

    @Override
    public String toString() {
        return "RenderRequest[video=" + video + (audio == null ? "" : ", audio=" + audio + " " + audioMode)
                + (subtitles == null ? "" : ", subtitles=" + subtitles + " " + subtitleMode)
                + (start.isZero() ? "" : ", start=" + start) + (end == null ? "" : ", end=" + end)
                + (duration == null ? "" : ", duration=" + duration)
                + (height == 0 ? "" : ", height=" + height) + ", format=" + format + ", speed=" + speed
                + (timeout == null ? "" : ", timeout=" + timeout) + "]";
    }

    /**
     * Builds a {@link RenderRequest}. Each setter checks its value at once and throws an {@link
     * IllegalArgumentException} naming the setting and the value; {@link #build()} checks the
     * settings against each other. Not thread-safe.
     */
    public static final class Builder {
        private final MediaId video;
        private MediaId audio;
        private AudioMode audioMode = AudioMode.REPLACE;
        private MediaId subtitles;
        private SubtitleMode subtitleMode = SubtitleMode.BURN_IN;
        private Duration start = Duration.ZERO;
        private Duration end;
        private Duration duration;
        private int height;
        private OutputFormat format = OutputFormat.MP4;
        private EncodingSpeed speed = EncodingSpeed.BALANCED;
        private Duration timeout;
        private RenderProgressListener listener;

        private Builder(MediaId video) {
            this.video = Objects.requireNonNull(video, "video");
        }

        /**
         * Adds an audio track from the store.
         *
         * @param audio the audio's id in the store
         * @param mode whether it replaces the video's sound or is mixed with it
         * @return this builder
         * @throws NullPointerException if an argument is null
         */
        public Builder audio(MediaId audio, AudioMode mode) {
            this.audio = Objects.requireNonNull(audio, "audio");
            this.audioMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Adds subtitles from the store, in a format ffmpeg reads (SubRip {@code .srt}, WebVTT
         * {@code .vtt}, ASS {@code .ass}); the stored filename's extension tells ffmpeg which.
         *
         * @param subtitles the subtitles' id in the store
         * @param mode burned into the picture or as a separate track
         * @return this builder
         * @throws NullPointerException if an argument is null
         */
        public Builder subtitles(MediaId subtitles, SubtitleMode mode) {
            this.subtitles = Objects.requireNonNull(subtitles, "subtitles");
            this.subtitleMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Starts the output at this media time of the video. Forces re-encoding.
         *
         * @param start the time, zero or positive
         * @return this builder
         * @throws IllegalArgumentException if {@code start} is negative
         */
        public Builder start(Duration start) {
            Objects.requireNonNull(start, "start");
            if (start.isNegative()) {
                throw new IllegalArgumentException("start must not be negative but was " + start);
            }
            this.start = start;
            return this;
        }

        /**
         * Ends the output at this media time of the video. Exclusive with {@link #duration}.
         *
         * @param end the time, positive and after {@link #start}
         * @return this builder
         * @throws IllegalArgumentException if {@code end} is zero or negative
         */
        public Builder end(Duration end) {
            Objects.requireNonNull(end, "end");
            if (end.isNegative() || end.isZero()) {
                throw new IllegalArgumentException("end must be positive but was " + end);
            }
            this.end = end;
            return this;
        }

        /**
         * Limits the output's length. Exclusive with {@link #end}.
         *
         * @param duration the length, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code duration} is zero or negative
         */
        public Builder duration(Duration duration) {
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration must be positive but was " + duration);
            }
            this.duration = duration;
            return this;
        }

        /**
         * Scales the picture to this height, keeping its aspect ratio (the width is rounded to an
         * even number). Forces re-encoding.
         *
         * @param height the height in pixels: even, from 2 to {@value RenderRequest#MAX_HEIGHT}
         * @return this builder
         * @throws IllegalArgumentException if {@code height} is odd or out of range
         */
        public Builder scaleToHeight(int height) {
            if (height < 2 || height > MAX_HEIGHT || height % 2 != 0) {
                throw new IllegalArgumentException("scaleToHeight must be an even number from 2 to "
                        + MAX_HEIGHT + " but was " + height);
            }
            this.height = height;
            return this;
        }

        /**
         * Sets the output's container and codecs; {@link OutputFormat#MP4} by default.
         *
         * @param format the format
         * @return this builder
         * @throws NullPointerException if {@code format} is null
         */
        public Builder format(OutputFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Sets how hard the encoders work; {@link EncodingSpeed#BALANCED} by default.
         *
         * @param speed the speed
         * @return this builder
         * @throws NullPointerException if {@code speed} is null
         */
        public Builder encodingSpeed(EncodingSpeed speed) {
            this.speed = Objects.requireNonNull(speed, "speed");
            return this;
        }

        /**
         * Limits how long the whole render may take, from the call that starts it to the saved
         * output; no limit by default. When it runs out, ffmpeg is stopped, nothing is saved and
         * the job fails with {@link FfmpegTimeoutException}.
         *
         * @param timeout the limit, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive but was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets who receives progress reports.
         *
         * @param listener the listener, or null for none
         * @return this builder
         */
        public Builder progressListener(RenderProgressListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Returns the request.
         *
         * @return a new immutable request
         * @throws IllegalArgumentException if both {@code end} and {@code duration} are set, or
         *     {@code end} is not after {@code start}
         */
        public RenderRequest build() {
            if (end != null && duration != null) {
                throw new IllegalArgumentException("set end (" + end + ") or duration (" + duration
                        + "), not both");
            }
            if (end != null && end.compareTo(start) <= 0) {
                throw new IllegalArgumentException("end (" + end + ") must be after start (" + start + ")");
            }
            return new RenderRequest(this);
        }
    }
}
