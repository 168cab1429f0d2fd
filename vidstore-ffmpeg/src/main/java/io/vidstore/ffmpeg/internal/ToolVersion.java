package io.vidstore.ffmpeg.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of ffmpeg or ffprobe, read from the first line of {@code -version}, such as {@code
 * ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers}.
 *
 * @param text the version as printed, such as {@code 5.1.9-0+deb12u1}, {@code n6.1} or {@code
 *     N-113542-g1234abcd} (a build from git)
 * @param major the major version, or -1 when the text has none (builds from git)
 * @param minor the minor version, or -1
 */
public record ToolVersion(String text, int major, int minor) {

    private static final Pattern LINE = Pattern.compile("^\\s*(\\S+) version (\\S+)");
    private static final Pattern NUMBER = Pattern.compile("^n?(\\d+)\\.(\\d+)");

    /**
     * Reads the version from the first line of {@code -version}.
     *
     * @param firstLine the line
     * @return the version, or empty if the line is not a version line
     */
    public static Optional<ToolVersion> parse(String firstLine) {
        Matcher line = LINE.matcher(firstLine);
        if (!line.find()) {
            return Optional.empty();
        }
        String text = line.group(2);
        Matcher number = NUMBER.matcher(text);
        if (!number.find()) {
            return Optional.of(new ToolVersion(text, -1, -1));
        }
        try {
            return Optional.of(new ToolVersion(text, Integer.parseInt(number.group(1)),
                    Integer.parseInt(number.group(2))));
        } catch (NumberFormatException e) {
            return Optional.of(new ToolVersion(text, -1, -1));
        }
    }

    /** {@return whether the major and minor version are known} */
    public boolean isKnown() {
        return major >= 0;
    }

    /**
     * Tells whether this version is at least the given one. Unknown versions (builds from git)
     * count as recent enough.
     *
     * @param minMajor the minimum major version
     * @param minMinor the minimum minor version
     * @return whether this version is recent enough
     */
    public boolean isAtLeast(int minMajor, int minMinor) {
        return !isKnown() || major > minMajor || (major == minMajor && minor >= minMinor);
    }
}
