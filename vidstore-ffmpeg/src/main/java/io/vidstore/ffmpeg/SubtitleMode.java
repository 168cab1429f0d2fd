package io.vidstore.ffmpeg;

/** How subtitles are added to the output of a {@link RenderRequest}. */
public enum SubtitleMode {
    /**
     * Drawn into the picture with ffmpeg's {@code subtitles} filter (libass), so every player shows
     * them; requires re-encoding the video.
     */
    BURN_IN,
    /**
     * Added as a subtitle track that players can switch on and off: {@code mov_text} in MP4,
     * {@code webvtt} in WebM. The video is not re-encoded for this.
     */
    SOFT_TRACK
}
