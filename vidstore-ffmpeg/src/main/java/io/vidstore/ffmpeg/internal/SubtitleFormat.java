package io.vidstore.ffmpeg.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The subtitle formats a render accepts, recognised by their first bytes, and the options that
 * make ffmpeg read a file as exactly that format.
 *
 * <p>ffmpeg picks a demuxer by probing a file's content, and some demuxers open the files and URLs
 * the content names: an HLS playlist ({@code #EXTM3U}) or an {@code ffconcat} script uploaded as
 * {@code subs.srt} would make ffmpeg read media outside the store, or connect to hosts inside the
 * network. So subtitles are recognised here first, from at most {@link #SNIFF_LENGTH} bytes, and
 * anything that is not SubRip, WebVTT or ASS/SSA is refused; what is accepted is then read with
 * the demuxer forced ({@code -f}), only that demuxer allowed, and only the {@code file} protocol.
 *
 * <p>The rules follow ffmpeg's own probes of these formats (libavformat {@code srtdec.c}, {@code
 * webvttdec.c}, {@code assdec.c}), so that what ffmpeg would have recognised is still accepted:
 * an optional byte order mark (UTF-8, or UTF-16 which ffmpeg's text reader converts); then
 * WebVTT's {@code WEBVTT} header, ASS's {@code [Script Info]} section, or SubRip's first cue, a
 * number on a line of its own followed by a {@code 00:00:01,000 --> 00:00:02,000} timing line.
 */
public enum SubtitleFormat {
    /** SubRip ({@code .srt}). */
    SRT("srt", "SubRip (SRT)"),
    /** WebVTT ({@code .vtt}). */
    WEBVTT("webvtt", "WebVTT"),
    /** Advanced SubStation Alpha or SubStation Alpha ({@code .ass}, {@code .ssa}). */
    ASS("ass", "ASS/SSA");

    /** How many leading bytes {@link #recognise} needs at most; a first cue fits easily. */
    public static final int SNIFF_LENGTH = 4096;

    /** A number, which ffmpeg lets be followed by anything. */
    private static final Pattern SRT_INDEX = Pattern.compile("[ \\t]*\\d+.*");
    private static final Pattern SRT_TIMING = Pattern.compile(
            "-?\\d+:\\d{1,2}:\\d{1,2}[,.]\\d{1,3}[ \\t]*-->[ \\t]*-?\\d+:\\d{1,2}:\\d{1,2}[,.]\\d{1,3}.*");

    private final String demuxer;
    private final String displayName;

    SubtitleFormat(String demuxer, String displayName) {
        this.demuxer = demuxer;
        this.displayName = displayName;
    }

    /** {@return ffmpeg's name of the demuxer for this format, such as {@code srt}} */
    public String demuxer() {
        return demuxer;
    }

    /** {@return the format's name for people, such as {@code SubRip (SRT)}} */
    public String displayName() {
        return displayName;
    }

    /**
     * {@return the options to put before {@code -i} for a file of this format} Only the {@code file}
     * protocol, only this demuxer, and the demuxer forced, so that the content is never probed.
     */
    public List<String> inputOptions() {
        return List.of("-protocol_whitelist", "file", "-format_whitelist", demuxer, "-f", demuxer);
    }

    /**
     * Recognises a subtitle format from the first bytes of a content.
     *
     * @param head the first bytes of the content
     * @param length how many bytes of {@code head} are valid: {@link #SNIFF_LENGTH}, or fewer when
     *     the content is that short
     * @return the format, or empty when the content is not subtitles of an accepted format
     */
    public static Optional<SubtitleFormat> recognise(byte[] head, int length) {
        String text = decode(head, length);
        if (binaryAt(text) >= 0) {
            return Optional.empty();
        }
        if (text.startsWith("WEBVTT") && (text.length() == 6 || " \t\r\n".indexOf(text.charAt(6)) >= 0)) {
            return Optional.of(WEBVTT);
        }
        String rest = text.stripLeading();
        if (rest.regionMatches(true, 0, "[Script Info]", 0, 13)) {
            return Optional.of(ASS);
        }
        String[] lines = rest.split("\r\n|\r|\n", 3);
        if (lines.length >= 2 && SRT_INDEX.matcher(lines[0]).matches() && SRT_TIMING.matcher(lines[1]).matches()) {
            return Optional.of(SRT);
        }
        return Optional.empty();
    }

    /**
     * Describes, for an error message, what a content that {@link #recognise} refused looks like:
     * a playlist, a concat script, XML, binary data, or else its first line.
     *
     * @param head the first bytes of the content
     * @param length how many bytes of {@code head} are valid
     * @return a description, such as {@code an HLS playlist (#EXTM3U)}
     */
    public static String describe(byte[] head, int length) {
        if (length == 0) {
            return "empty";
        }
        String text = decode(head, length);
        int binary = binaryAt(text);
        if (binary >= 0) {
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < Math.min(length, 8); i++) {
                hex.append(String.format(Locale.ROOT, " %02x", head[i] & 0xFF));
            }
            return "binary data (a control character at offset " + binary + "; the first bytes are"
                    + hex + ")";
        }
        String rest = text.stripLeading();
        String upper = rest.toUpperCase(Locale.ROOT);
        if (upper.startsWith("#EXTM3U")) {
            return "an HLS playlist (#EXTM3U)";
        }
        if (upper.startsWith("FFCONCAT")) {
            return "an ffconcat script, which names other files";
        }
        if (rest.startsWith("<")) {
            return upper.contains("<MPD") ? "a DASH manifest (XML), which names other files"
                    : "XML or HTML (" + firstLine(rest) + ")";
        }
        if (rest.isEmpty()) {
            return "only white space";
        }
        return "text that is not SRT, WebVTT or ASS/SSA subtitles (it starts with " + firstLine(rest) + ")";
    }

    /** The text of the first bytes: decoded by their byte order mark, else byte by byte. */
    private static String decode(byte[] b, int n) {
        if (n >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            return new String(b, 3, n - 3, StandardCharsets.UTF_8);
        }
        if (n >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return utf16(b, n, StandardCharsets.UTF_16LE);
        }
        if (n >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return utf16(b, n, StandardCharsets.UTF_16BE);
        }
        // The markers are ASCII; other bytes (UTF-8, or a legacy code page) need no decoding to be
        // told apart from control characters.
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static String utf16(byte[] b, int n, Charset charset) {
        int even = 2 + (n - 2) / 2 * 2;
        return new String(b, 2, even - 2, charset);
    }

    /** The index of the first control character that text has no use for, or -1. */
    private static int binaryAt(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) {
                return i;
            }
        }
        return -1;
    }

    /** The first line, shortened and quoted, with anything unprintable escaped. */
    private static String firstLine(String text) {
        int end = 0;
        while (end < text.length() && end < 40 && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        StringBuilder s = new StringBuilder("\"");
        text.substring(0, end).codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == '"' || c == '\\') {
                s.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                s.appendCodePoint(c);
            }
        });
        s.append(end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r' ? "…\"" : "\"");
        return s.toString();
    }
}
