package io.vidstore.api;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Describes content to {@linkplain MediaStore#save save}: its name, project and type, and
 * optionally what the caller knows about it in advance (size, SHA-256) and who wants to hear
 * about progress.
 *
 * <p>Instances are immutable and may be shared between threads; they have no value equality
 * (they carry a listener). Create them with {@link #of} or,
 * for the optional parts, with {@link #builder(String)}:
 *
 * <pre>{@code
 * MediaUpload upload = MediaUpload.builder("holiday.mp4")
 *         .projectId("project-42")
 *         .contentType("video/mp4")
 *         .expectedSize(4_294_967_296L)
 *         .progressListener((read, total) -> log.info("{} bytes", read))
 *         .build();
 * }</pre>
 *
 * <h2>Filenames</h2>
 * The filename is kept as metadata only; stores never use it to build a path. It is reduced to
 * its base name (everything after the last {@code /} or {@code \}, so {@code C:\videos\a.mp4}
 * becomes {@code a.mp4}) and then checked: a name that is empty, {@code .} or {@code ..}, longer
 * than {@value #MAX_FILENAME_LENGTH} characters, or that contains a control character, a
 * bidirectional-text override or an unpaired UTF-16 surrogate (which has no UTF-8 form, so a
 * database would keep {@code ?} in its place) is refused with an {@link IllegalArgumentException}
 * naming the problem and its index. Project ids and content types are refused for the same
 * characters.
 */
public final class MediaUpload {

    /** The longest filename accepted, in characters, after reduction to the base name. */
    public static final int MAX_FILENAME_LENGTH = 255;

    /** The longest content type accepted, in characters. */
    public static final int MAX_CONTENT_TYPE_LENGTH = 255;

    /** The longest project id accepted, in characters. */
    public static final int MAX_PROJECT_ID_LENGTH = 1024;

    private final String projectId;
    private final String filename;
    private final String contentType;
    private final long expectedSize;
    private final String expectedSha256;
    private final ProgressListener progressListener;

    private MediaUpload(Builder builder) {
        this.projectId = builder.projectId;
        this.filename = builder.filename;
        this.contentType = builder.contentType;
        this.expectedSize = builder.expectedSize;
        this.expectedSha256 = builder.expectedSha256;
        this.progressListener = builder.progressListener;
    }

    /**
     * Describes an upload with just a name, a project and a content type.
     *
     * @param projectId the project the media belongs to, or null for none
     * @param filename the original filename; see the class description for what is accepted
     * @param contentType the declared media type such as {@code video/mp4}, or null if unknown
     * @return the upload description
     * @throws NullPointerException if {@code filename} is null
     * @throws IllegalArgumentException if an argument is not acceptable
     */
    public static MediaUpload of(String projectId, String filename, String contentType) {
        return builder(filename).projectId(projectId).contentType(contentType).build();
    }

    /**
     * Starts describing an upload of a file with the given name.
     *
     * @param filename the original filename; see the class description for what is accepted
     * @return a new builder
     * @throws NullPointerException if {@code filename} is null
     * @throws IllegalArgumentException if {@code filename} is not acceptable
     */
    public static Builder builder(String filename) {
        return new Builder(filename);
    }

    /**
     * Returns a builder initialised with this upload's settings, to derive a changed copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(filename);
        b.projectId = projectId;
        b.contentType = contentType;
        b.expectedSize = expectedSize;
        b.expectedSha256 = expectedSha256;
        b.progressListener = progressListener;
        return b;
    }

    /** {@return the project the media belongs to, if any} */
    public Optional<String> projectId() {
        return Optional.ofNullable(projectId);
    }

    /** {@return the filename, reduced to its base name} */
    public String filename() {
        return filename;
    }

    /** {@return the declared content type, if any, as given by the caller} */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** {@return the size in bytes that the content must have, if the caller declared one} */
    public OptionalLong expectedSize() {
        return expectedSize < 0 ? OptionalLong.empty() : OptionalLong.of(expectedSize);
    }

    /**
     * {@return the SHA-256 that the content must have, as 64 lower-case hexadecimal digits, if the
     * caller declared one}
     */
    public Optional<String> expectedSha256() {
        return Optional.ofNullable(expectedSha256);
    }

    /** {@return the listener that receives progress while the content is read, if any} */
    public Optional<ProgressListener> progressListener() {
        return Optional.ofNullable(progressListener);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("MediaUpload[filename=").append(filename);
        if (projectId != null) {
            s.append(", projectId=").append(projectId);
        }
        if (contentType != null) {
            s.append(", contentType=").append(contentType);
        }
        if (expectedSize >= 0) {
            s.append(", expectedSize=").append(expectedSize);
        }
        if (expectedSha256 != null) {
            s.append(", expectedSha256=").append(expectedSha256);
        }
        return s.append(']').toString();
    }

    /**
     * Builds a {@link MediaUpload}. Each setter checks its value at once and throws an {@link
     * IllegalArgumentException} naming the setting and the value when it is not acceptable.
     * Builders are not thread-safe.
     */
    public static final class Builder {
        private final String filename;
        private String projectId;
        private String contentType;
        private long expectedSize = -1;
        private String expectedSha256;
        private ProgressListener progressListener;

        private Builder(String filename) {
            this.filename = checkFilename(filename);
        }

        /**
         * Sets the project the media belongs to.
         *
         * @param projectId the project id, or null for none
         * @return this builder
         * @throws IllegalArgumentException if the id is empty, longer than {@value
         *     #MAX_PROJECT_ID_LENGTH} characters or contains a control character, a
         *     bidirectional-text override or an unpaired surrogate
         */
        public Builder projectId(String projectId) {
            if (projectId != null) {
                checkText("projectId", projectId, MAX_PROJECT_ID_LENGTH);
            }
            this.projectId = projectId;
            return this;
        }

        /**
         * Sets the declared media type, such as {@code video/mp4}; parameters such as {@code
         * ; codecs=...} are allowed.
         *
         * @param contentType the media type, or null if unknown
         * @return this builder
         * @throws IllegalArgumentException if the value has no {@code type/subtype} form, is
         *     longer than {@value #MAX_CONTENT_TYPE_LENGTH} characters or contains a control
         *     character, a bidirectional-text override or an unpaired surrogate
         */
        public Builder contentType(String contentType) {
            if (contentType != null) {
                checkText("contentType", contentType, MAX_CONTENT_TYPE_LENGTH);
                String essence = contentType.split(";", 2)[0].trim();
                int slash = essence.indexOf('/');
                if (slash <= 0 || !isToken(essence.substring(0, slash))
                        || !isToken(essence.substring(slash + 1))) {
                    throw new IllegalArgumentException("contentType '" + printable(contentType)
                            + "' is not of the form type/subtype");
                }
            }
            this.contentType = contentType;
            return this;
        }

        /**
         * Declares the exact size of the content. The store fails the save with a {@link
         * SizeMismatchException} when the content turns out longer or shorter, and may refuse it
         * before reading anything when the size is over its limit.
         *
         * @param bytes the size in bytes, at least 0
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is negative
         */
        public Builder expectedSize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("expectedSize must be at least 0 but was " + bytes);
            }
            this.expectedSize = bytes;
            return this;
        }

        /**
         * Declares the SHA-256 of the content. The store fails the save with a {@link
         * ChecksumMismatchException} when the content's digest differs.
         *
         * @param hex 64 hexadecimal digits, in either case
         * @return this builder
         * @throws NullPointerException if {@code hex} is null
         * @throws IllegalArgumentException if {@code hex} is not 64 hexadecimal digits
         */
        public Builder expectedSha256(String hex) {
            Objects.requireNonNull(hex, "expectedSha256");
            if (!isSha256Hex(hex)) {
                throw new IllegalArgumentException(
                        "expectedSha256 must be 64 hexadecimal digits but was '" + printable(hex) + "'");
            }
            this.expectedSha256 = hex.toLowerCase(Locale.ROOT);
            return this;
        }

        /**
         * Sets the listener that receives the progress of the upload.
         *
         * @param listener the listener, or null for none
         * @return this builder
         */
        public Builder progressListener(ProgressListener listener) {
            this.progressListener = listener;
            return this;
        }

        /**
         * Returns the upload description.
         *
         * @return a new immutable {@link MediaUpload}
         */
        public MediaUpload build() {
            return new MediaUpload(this);
        }
    }

    /** An RFC 9110 token, as the type and the subtype of a media type must be. */
    private static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c < 127
                && (Character.isLetterOrDigit(c) || "!#$%&'*+.^_`|~-".indexOf(c) >= 0));
    }

    static boolean isSha256Hex(String s) {
        return s.length() == 64 && s.chars().allMatch(c ->
                (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    }

    private static String checkFilename(String filename) {
        Objects.requireNonNull(filename, "filename");
        int cut = Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\'));
        String base = filename.substring(cut + 1);
        if (base.isBlank() || base.equals(".") || base.equals("..")) {
            throw new IllegalArgumentException("filename '" + printable(filename)
                    + "' has no usable base name (empty, '.' or '..' after the last separator)");
        }
        checkText("filename", base, MAX_FILENAME_LENGTH);
        return base;
    }

    private static void checkText(String setting, String value, int maxLength) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(setting + " is empty");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(setting + " is " + value.length()
                    + " characters long; the limit is " + maxLength);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || isBidiControl(c)) {
                throw new IllegalArgumentException(String.format(
                        "%s '%s' contains the %s character U+%04X at index %d", setting,
                        printable(value), Character.isISOControl(c) ? "control" : "bidirectional-text",
                        (int) c, i));
            }
            if (Character.isSurrogate(c)) {
                // A pair is one character; a lone half has no UTF-8 form and would be stored as '?'.
                if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    throw new IllegalArgumentException(String.format(
                            "%s '%s' contains the unpaired UTF-16 %s surrogate U+%04X at index %d",
                            setting, printable(value), Character.isHighSurrogate(c) ? "high" : "low",
                            (int) c, i));
                }
            }
        }
    }

    // Overrides and isolates can make "evil\u202Ekcod.exe" display as "evilexe.docx".
    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200E' || c == '\u200F' || c == '\u061C';
    }

    static String printable(String value) {
        StringBuilder s = new StringBuilder();
        value.codePoints().limit(80).forEach(cp -> {
            if (Character.isISOControl(cp)
                    || (cp <= 0xFFFF && (isBidiControl((char) cp) || Character.isSurrogate((char) cp)))) {
                s.append(String.format("\\u%04X", cp));
            } else {
                s.appendCodePoint(cp);
            }
        });
        return value.codePointCount(0, value.length()) > 80 ? s + "..." : s.toString();
    }
}
