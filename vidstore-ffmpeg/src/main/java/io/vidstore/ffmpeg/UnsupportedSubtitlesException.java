package io.vidstore.ffmpeg;

import io.vidstore.api.MediaId;
import io.vidstore.api.MediaStoreException;
import java.util.Objects;

/**
 * Thrown when the subtitles of a {@link RenderRequest} are not SubRip (SRT), WebVTT or ASS/SSA
 * subtitles, judged by their content rather than their name or content type. ffmpeg never sees
 * such a media: it would pick a demuxer by the content, and a playlist (HLS, {@code ffconcat})
 * uploaded as {@code subs.srt} would make it read the files or URLs the playlist names.
 */
public class UnsupportedSubtitlesException extends MediaStoreException {
    private static final long serialVersionUID = 1L;

    /** The media that was given as subtitles. */
    private final String id;
    /** What its content looks like. */
    private final String found;

    /**
     * Creates an exception.
     *
     * @param id the media given as subtitles
     * @param found what its content looks like, such as {@code an HLS playlist (#EXTM3U)}
     */
    public UnsupportedSubtitlesException(MediaId id, String found) {
        super("media " + Objects.requireNonNull(id, "id") + " cannot be used as subtitles: its content is "
                + Objects.requireNonNull(found, "found") + "; only SRT, WebVTT and ASS/SSA subtitles are accepted");
        this.id = id.value();
        this.found = found;
    }

    /** {@return the media that was given as subtitles} */
    public MediaId id() {
        return MediaId.of(id);
    }

    /** {@return what the media's content looks like, such as {@code an HLS playlist (#EXTM3U)}} */
    public String found() {
        return found;
    }
}
