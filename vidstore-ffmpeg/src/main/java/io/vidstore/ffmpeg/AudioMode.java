package io.vidstore.ffmpeg;

/** How an extra audio track is combined with a video's own sound in a {@link RenderRequest}. */
public enum AudioMode {
    /** The extra track replaces the video's own audio. */
    REPLACE,
    /**
     * The extra track is mixed with the video's own audio (ffmpeg's {@code amix}, which lowers
     * each input's volume to avoid clipping); the output is as long as the video's audio. A video
     * without audio just gets the extra track.
     */
    MIX
}
