package io.vidstore.ffmpeg;

import java.util.Locale;

/** The kind of a stream inside a media file, as {@code ffprobe} reports it in {@code codec_type}. */
public enum StreamType {
    /** Moving pictures (also cover art, which ffprobe reports as a video stream). */
    VIDEO,
    /** Sound. */
    AUDIO,
    /** Subtitles or captions. */
    SUBTITLE,
    /** Timed data such as timecodes or metadata tracks. */
    DATA,
    /** Attachments such as fonts in Matroska files. */
    ATTACHMENT,
    /** A type this version does not know. */
    OTHER;

    /**
     * Returns the type for ffprobe's {@code codec_type} value.
     *
     * @param codecType the value, such as {@code video}; null or unknown values give {@link #OTHER}
     * @return the type
     */
    public static StreamType fromCodecType(String codecType) {
        if (codecType == null) {
            return OTHER;
        }
        switch (codecType.toLowerCase(Locale.ROOT)) {
            case "video":
                return VIDEO;
            case "audio":
                return AUDIO;
            case "subtitle":
                return SUBTITLE;
            case "data":
                return DATA;
            case "attachment":
                return ATTACHMENT;
            default:
                return OTHER;
        }
    }
}
