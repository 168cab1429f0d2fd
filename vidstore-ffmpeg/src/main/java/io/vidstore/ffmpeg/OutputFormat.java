package io.vidstore.ffmpeg;

import java.util.Set;

/** The container and codecs of a render's output. */
public enum OutputFormat {
    /** MP4 with H.264 video ({@code libx264}, yuv420p) and AAC audio, {@code +faststart}. */
    MP4("mp4", "video/mp4", ".mp4", Set.of("h264", "hevc", "av1", "mpeg4"),
            Set.of("aac", "mp3", "alac", "ac3", "eac3"), "mov_text"),
    /** WebM with VP9 video ({@code libvpx-vp9}) and Opus audio ({@code libopus}). */
    WEBM("webm", "video/webm", ".webm", Set.of("vp8", "vp9", "av1"), Set.of("opus", "vorbis"), "webvtt");

    private final String muxer;
    private final String contentType;
    private final String extension;
    private final Set<String> copyableVideo;
    private final Set<String> copyableAudio;
    private final String subtitleCodec;

    OutputFormat(String muxer, String contentType, String extension, Set<String> copyableVideo,
            Set<String> copyableAudio, String subtitleCodec) {
        this.muxer = muxer;
        this.contentType = contentType;
        this.extension = extension;
        this.copyableVideo = copyableVideo;
        this.copyableAudio = copyableAudio;
        this.subtitleCodec = subtitleCodec;
    }

    /** {@return the ffmpeg muxer's name, as given to {@code -f}} */
    public String muxer() {
        return muxer;
    }

    /** {@return the media type of the output, such as {@code video/mp4}} */
    public String contentType() {
        return contentType;
    }

    /** {@return the usual file name extension, with its dot, such as {@code .mp4}} */
    public String extension() {
        return extension;
    }

    /** {@return the subtitle codec used for {@link SubtitleMode#SOFT_TRACK}} */
    public String subtitleCodec() {
        return subtitleCodec;
    }

    /**
     * Tells whether a video stream with the given codec can be copied into this container
     * unchanged.
     *
     * @param codec ffprobe's codec name, such as {@code h264}
     * @return whether a remux can keep it
     */
    public boolean canCopyVideo(String codec) {
        return codec != null && copyableVideo.contains(codec);
    }

    /**
     * Tells whether an audio stream with the given codec can be copied into this container
     * unchanged.
     *
     * @param codec ffprobe's codec name, such as {@code aac}
     * @return whether a remux can keep it
     */
    public boolean canCopyAudio(String codec) {
        return codec != null && copyableAudio.contains(codec);
    }
}
