package io.vidstore.store.support;

import io.vidstore.api.MediaTypeMismatchException;
import io.vidstore.api.TypeMismatchPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether an upload is a video, and which media type and file extension it gets, from its
 * declared content type, its filename and its first bytes.
 *
 * <p>The rules, in order:
 * <ol>
 *   <li>The declaration says "video" when the content type is {@code video/*} or the filename's
 *       extension is one of the video extensions (case-insensitive).
 *   <li>The first bytes are matched against known signatures. Video-only containers (AVI, FLV,
 *       MPEG-PS, MPEG-TS) say "video"; audio, subtitle and image formats say "not a video";
 *       containers that hold either (MP4/MOV, Matroska/WebM, Ogg) say "video" unless the
 *       declaration names audio.
 *   <li>When nothing is declared (no content type or {@code application/octet-stream}, and an
 *       unknown extension), the bytes decide. When the bytes match no signature, the declaration
 *       decides. When both speak and disagree, the {@link TypeMismatchPolicy} decides.
 * </ol>
 *
 * <p>Shared by the store implementations; not a supported API.
 */
public final class Classifier {

    /** How many leading bytes {@link #classify} looks at. */
    public static final int SNIFF_LENGTH = 512;

    /** The extensions that make a file a video by its name: mp4, mov, avi, mkv, webm. */
    public static final Set<String> DEFAULT_VIDEO_EXTENSIONS = Set.of("mp4", "mov", "avi", "mkv", "webm");

    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,10}");
    private static final Pattern SRT_START = Pattern.compile(
            "\\A\\s*\\d+\\r?\\n\\d{1,2}:\\d{2}:\\d{2}[,.]\\d{1,3}\\s*-->");

    private static final Map<String, String> TYPE_BY_EXTENSION = Map.ofEntries(
            Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"),
            Map.entry("mov", "video/quicktime"), Map.entry("avi", "video/x-msvideo"),
            Map.entry("mkv", "video/x-matroska"), Map.entry("webm", "video/webm"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"),
            Map.entry("m4a", "audio/mp4"), Map.entry("aac", "audio/aac"),
            Map.entry("flac", "audio/flac"), Map.entry("ogg", "audio/ogg"),
            Map.entry("oga", "audio/ogg"), Map.entry("opus", "audio/ogg"),
            Map.entry("weba", "audio/webm"), Map.entry("srt", "application/x-subrip"),
            Map.entry("vtt", "text/vtt"), Map.entry("ass", "text/x-ssa"),
            Map.entry("ssa", "text/x-ssa"), Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("txt", "text/plain"));

    private static final Map<String, String> EXTENSION_BY_TYPE = Map.ofEntries(
            Map.entry("video/mp4", "mp4"), Map.entry("video/quicktime", "mov"),
            Map.entry("video/x-msvideo", "avi"), Map.entry("video/x-matroska", "mkv"),
            Map.entry("video/webm", "webm"), Map.entry("video/x-flv", "flv"),
            Map.entry("video/mpeg", "mpg"), Map.entry("video/mp2t", "ts"),
            Map.entry("video/3gpp", "3gp"), Map.entry("audio/mpeg", "mp3"),
            Map.entry("audio/wav", "wav"), Map.entry("audio/mp4", "m4a"),
            Map.entry("audio/aac", "aac"), Map.entry("audio/flac", "flac"),
            Map.entry("audio/ogg", "ogg"), Map.entry("application/ogg", "ogg"),
            Map.entry("audio/webm", "weba"), Map.entry("application/x-subrip", "srt"),
            Map.entry("text/vtt", "vtt"), Map.entry("text/x-ssa", "ass"),
            Map.entry("image/png", "png"), Map.entry("image/jpeg", "jpg"),
            Map.entry("image/gif", "gif"), Map.entry("image/webp", "webp"),
            Map.entry("text/plain", "txt"));

    /** What a kind of content is, as far as storage is concerned. */
    public enum Kind {
        /** A video-only format. */
        VIDEO,
        /** An audio format. */
        AUDIO,
        /** A subtitle format. */
        SUBTITLE,
        /** An image format. */
        IMAGE,
        /** Something else that was declared. */
        OTHER,
        /** Nothing known. */
        UNKNOWN,
        /** A container that holds video or audio only (MP4, Matroska, Ogg). */
        AUDIO_OR_VIDEO
    }

    /**
     * A format recognised from its first bytes.
     *
     * @param mediaType the format's media type
     * @param kind what kind of content the format holds
     */
    public record Signature(String mediaType, Kind kind) { }

    /**
     * The outcome: whether to treat the upload as a video, its media type and file extension.
     *
     * @param video whether the upload is kept as a video
     * @param contentType the media type to record, or null if unknown
     * @param extension the extension a stored copy should have, or null
     */
    public record Classification(boolean video, String contentType, String extension) { }

    private final Set<String> videoExtensions;
    private final TypeMismatchPolicy policy;

    /**
     * Creates a classifier.
     *
     * @param videoExtensions lower-case extensions that make a file a video by its name
     * @param policy what to do when declaration and content disagree
     */
    public Classifier(Set<String> videoExtensions, TypeMismatchPolicy policy) {
        this.videoExtensions = Set.copyOf(videoExtensions);
        this.policy = policy;
    }

    /**
     * Classifies an upload.
     *
     * @param filename the sanitized filename
     * @param contentType the declared content type, or null
     * @param head the first bytes of the content
     * @param length how many bytes of {@code head} are valid (fewer than {@link #SNIFF_LENGTH}
     *     only when the content is that short)
     * @return the classification
     * @throws MediaTypeMismatchException if declaration and content disagree and the policy is
     *     {@link TypeMismatchPolicy#REJECT}
     */
    public Classification classify(String filename, String contentType, byte[] head, int length)
            throws MediaTypeMismatchException {
        String extension = extensionOf(filename);
        String essence = essence(contentType);
        Kind declared = declaredKind(essence, extension);
        Signature sniffed = sniff(head, length);

        boolean video;
        String type = contentType;
        if (sniffed == null) {
            video = declared == Kind.VIDEO;
        } else if (declared == Kind.UNKNOWN) {
            video = sniffed.kind() == Kind.VIDEO || sniffed.kind() == Kind.AUDIO_OR_VIDEO;
            type = sniffed.mediaType();
        } else {
            boolean declaredVideo = declared == Kind.VIDEO;
            boolean sniffedVideo = switch (sniffed.kind()) {
                case VIDEO -> true;
                case AUDIO_OR_VIDEO -> declared != Kind.AUDIO;
                default -> false;
            };
            if (declaredVideo == sniffedVideo) {
                video = declaredVideo;
            } else {
                switch (policy) {
                    case REJECT -> throw new MediaTypeMismatchException(filename,
                            describe(contentType, extension, declaredVideo), sniffed.mediaType());
                    case TRUST_DECLARED -> video = declaredVideo;
                    default -> {
                        video = sniffedVideo;
                        type = sniffed.mediaType();
                    }
                }
            }
        }
        if (type == null && extension != null) {
            type = TYPE_BY_EXTENSION.get(extension);
        }
        return new Classification(video, type, storageExtension(sniffed, type, extension));
    }

    /**
     * The extension of the stored file names its real format where that is known, since programs
     * such as ffmpeg pick a demuxer by it: the recognised format first, then the media type, then
     * the filename's own extension if it is plain letters and digits.
     */
    private static String storageExtension(Signature sniffed, String type, String extension) {
        String byContent = sniffed == null ? null : EXTENSION_BY_TYPE.get(sniffed.mediaType());
        if (byContent != null) {
            return byContent;
        }
        String essence = essence(type);
        String byType = essence == null ? null : EXTENSION_BY_TYPE.get(essence);
        if (byType != null) {
            return byType;
        }
        return extension != null && EXTENSION.matcher(extension).matches() ? extension : null;
    }

    /**
     * Classifies by declaration alone, for rows written by older applications without {@code
     * is_video}; the content is not read.
     *
     * @param filename the stored filename
     * @param contentType the stored content type, or null
     * @return whether the declaration says "video"
     */
    public boolean isDeclaredVideo(String filename, String contentType) {
        return declaredKind(essence(contentType), extensionOf(filename)) == Kind.VIDEO;
    }

    private Kind declaredKind(String essence, String extension) {
        Kind byType = kindOfType(essence);
        Kind byExtension = kindOfExtension(extension);
        if (byType == Kind.VIDEO || byExtension == Kind.VIDEO) {
            return Kind.VIDEO;
        }
        return byType != Kind.UNKNOWN ? byType : byExtension;
    }

    private static Kind kindOfType(String essence) {
        if (essence == null || essence.equals("application/octet-stream")) {
            return Kind.UNKNOWN;
        }
        if (essence.startsWith("video/")) {
            return Kind.VIDEO;
        }
        if (essence.startsWith("audio/")) {
            return Kind.AUDIO;
        }
        if (essence.startsWith("image/")) {
            return Kind.IMAGE;
        }
        return switch (essence) {
            case "text/vtt", "application/x-subrip", "text/x-ssa", "text/x-ass" -> Kind.SUBTITLE;
            default -> Kind.OTHER;
        };
    }

    private Kind kindOfExtension(String extension) {
        if (extension == null) {
            return Kind.UNKNOWN;
        }
        if (videoExtensions.contains(extension)) {
            return Kind.VIDEO;
        }
        String type = TYPE_BY_EXTENSION.get(extension);
        return type == null || type.startsWith("video/") ? Kind.UNKNOWN : kindOfType(type);
    }

    private static String describe(String contentType, String extension, boolean video) {
        if (contentType != null) {
            return contentType;
        }
        return (video ? "a video" : "not a video") + " by its extension ." + extension;
    }

    /**
     * Returns the lower-case extension of a filename.
     *
     * @param filename a filename
     * @return the extension, or null if it has none
     */
    public static String extensionOf(String filename) {
        int dot = filename.lastIndexOf('.');
        if (dot < 0 || dot == filename.length() - 1) {
            return null;
        }
        return filename.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String essence(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String e = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return e.isEmpty() ? null : e.toLowerCase(Locale.ROOT);
    }

    /**
     * Recognises a format from its first bytes.
     *
     * @param b the first bytes
     * @param n how many of them are valid
     * @return the format, or null if no signature matches
     */
    public static Signature sniff(byte[] b, int n) {
        if (n >= 12 && ascii(b, 4, "ftyp")) {
            String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
            return switch (brand) {
                case "M4A ", "M4B ", "M4P ", "F4A " -> new Signature("audio/mp4", Kind.AUDIO);
                case "qt  " -> new Signature("video/quicktime", Kind.AUDIO_OR_VIDEO);
                default -> brand.startsWith("3g")
                        ? new Signature("video/3gpp", Kind.AUDIO_OR_VIDEO)
                        : new Signature("video/mp4", Kind.AUDIO_OR_VIDEO);
            };
        }
        if (n >= 8 && (ascii(b, 4, "moov") || ascii(b, 4, "mdat") || ascii(b, 4, "wide"))) {
            return new Signature("video/quicktime", Kind.AUDIO_OR_VIDEO);
        }
        if (n >= 4 && u(b, 0) == 0x1A && u(b, 1) == 0x45 && u(b, 2) == 0xDF && u(b, 3) == 0xA3) {
            String header = new String(b, 0, Math.min(n, 64), StandardCharsets.ISO_8859_1);
            return header.contains("webm")
                    ? new Signature("video/webm", Kind.AUDIO_OR_VIDEO)
                    : new Signature("video/x-matroska", Kind.AUDIO_OR_VIDEO);
        }
        if (n >= 12 && ascii(b, 0, "RIFF")) {
            if (ascii(b, 8, "AVI ")) {
                return new Signature("video/x-msvideo", Kind.VIDEO);
            }
            if (ascii(b, 8, "WAVE")) {
                return new Signature("audio/wav", Kind.AUDIO);
            }
            if (ascii(b, 8, "WEBP")) {
                return new Signature("image/webp", Kind.IMAGE);
            }
        }
        if (n >= 4 && ascii(b, 0, "OggS")) {
            return new Signature("application/ogg", Kind.AUDIO_OR_VIDEO);
        }
        if (n >= 3 && ascii(b, 0, "FLV")) {
            return new Signature("video/x-flv", Kind.VIDEO);
        }
        if (n >= 4 && u(b, 0) == 0 && u(b, 1) == 0 && u(b, 2) == 1
                && (u(b, 3) == 0xBA || u(b, 3) == 0xB3)) {
            return new Signature("video/mpeg", Kind.VIDEO);
        }
        if (n > 376 && u(b, 0) == 0x47 && u(b, 188) == 0x47 && u(b, 376) == 0x47) {
            return new Signature("video/mp2t", Kind.VIDEO);
        }
        if (n >= 8 && u(b, 0) == 0x89 && ascii(b, 1, "PNG")) {
            return new Signature("image/png", Kind.IMAGE);
        }
        if (n >= 3 && u(b, 0) == 0xFF && u(b, 1) == 0xD8 && u(b, 2) == 0xFF) {
            return new Signature("image/jpeg", Kind.IMAGE);
        }
        if (n >= 6 && (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a"))) {
            return new Signature("image/gif", Kind.IMAGE);
        }
        if (n >= 4 && ascii(b, 0, "fLaC")) {
            return new Signature("audio/flac", Kind.AUDIO);
        }
        if (n >= 3 && ascii(b, 0, "ID3")) {
            return new Signature("audio/mpeg", Kind.AUDIO);
        }
        if (n >= 2 && u(b, 0) == 0xFF) {
            int b1 = u(b, 1);
            if ((b1 & 0xF6) == 0xF0) {
                return new Signature("audio/aac", Kind.AUDIO);
            }
            if ((b1 & 0xE0) == 0xE0 && (b1 & 0x06) != 0) {
                return new Signature("audio/mpeg", Kind.AUDIO);
            }
        }
        return sniffText(b, n);
    }

    private static Signature sniffText(byte[] b, int n) {
        int start = n >= 3 && u(b, 0) == 0xEF && u(b, 1) == 0xBB && u(b, 2) == 0xBF ? 3 : 0;
        String text = new String(b, start, n - start, StandardCharsets.UTF_8);
        if (text.startsWith("WEBVTT")) {
            return new Signature("text/vtt", Kind.SUBTITLE);
        }
        if (text.startsWith("[Script Info]")) {
            return new Signature("text/x-ssa", Kind.SUBTITLE);
        }
        if (SRT_START.matcher(text).find()) {
            return new Signature("application/x-subrip", Kind.SUBTITLE);
        }
        return null;
    }

    private static boolean ascii(byte[] b, int offset, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[offset + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
