package io.vidstore.ffmpeg;

/** How subtitles are added to the output of a {@link RenderRequest}. */
public enum SubtitleMode {
    /**
     * Drawn into the picture, so every player shows them; requires re-encoding the video. The
     * subtitles are converted to ASS by a short ffmpeg run first, and drawn by ffmpeg's {@code ass}
     * filter (libass).
     */
    BURN_IN,
    /**
     * Added as a subtitle track that players can switch on and off: {@code mov_text} in MP4,
     * {@code webvtt} in WebM. The video is not re-encoded for this.
     */
    SOFT_TRACK
}
