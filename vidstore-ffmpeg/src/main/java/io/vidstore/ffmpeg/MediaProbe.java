package io.vidstore.ffmpeg;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * What {@code ffprobe} found in a media file: its container, duration, size, bit rate and
 * streams. Immutable; returned by {@link Ffmpeg#probe(io.vidstore.api.MediaStore,
 * io.vidstore.api.MediaId)} and {@link Ffmpeg#probe(java.nio.file.Path)}.
 *
 * @param container the container's name(s) as ffprobe reports them in {@code format_name}, such as
 *     {@code mov,mp4,m4a,3gp,3g2,mj2} or {@code matroska,webm}
 * @param formatDuration the duration of the whole file from its container, if known
 * @param size the file's size in bytes, if known
 * @param bitRate the overall bit rate in bits per second, if known
 * @param streams the file's streams in index order
 */
public record MediaProbe(
        String container,
        Optional<Duration> formatDuration,
        OptionalLong size,
        OptionalLong bitRate,
        List<MediaStream> streams) {

    /**
     * Checks the components and freezes the stream list.
     *
     * @param container the container's name(s) as ffprobe reports them in {@code format_name}, such as
     *     {@code mov,mp4,m4a,3gp,3g2,mj2} or {@code matroska,webm}
     * @param formatDuration the duration of the whole file from its container, if known
     * @param size the file's size in bytes, if known
     * @param bitRate the overall bit rate in bits per second, if known
     * @param streams the file's streams in index order
     * @throws NullPointerException if a component is null
     */
    public MediaProbe {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(formatDuration, "formatDuration");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(bitRate, "bitRate");
        streams = List.copyOf(streams);
    }

    /**
     * {@return the media's duration} It is the duration of the first video stream, else the longest
     * duration of any stream, else the container's duration (WebM files often have only that);
     * empty when none is known.
     */
    public Optional<Duration> duration() {
        Optional<Duration> video = firstVideo().flatMap(MediaStream::duration);
        if (video.isPresent()) {
            return video;
        }
        Optional<Duration> longest = streams.stream()
                .flatMap(s -> s.duration().stream())
                .max(Duration::compareTo);
        return longest.isPresent() ? longest : formatDuration;
    }

    /**
     * Returns the streams of one type.
     *
     * @param type the type
     * @return the streams of that type, in index order
     */
    public List<MediaStream> streams(StreamType type) {
        Objects.requireNonNull(type, "type");
        return streams.stream().filter(s -> s.type() == type).collect(Collectors.toUnmodifiableList());
    }

    /** {@return the first video stream, if there is one} */
    public Optional<MediaStream> firstVideo() {
        return first(StreamType.VIDEO);
    }

    /** {@return the first audio stream, if there is one} */
    public Optional<MediaStream> firstAudio() {
        return first(StreamType.AUDIO);
    }

    private Optional<MediaStream> first(StreamType type) {
        return streams.stream().filter(s -> s.type() == type).findFirst();
    }
}
