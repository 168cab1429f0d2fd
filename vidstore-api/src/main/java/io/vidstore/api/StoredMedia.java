package io.vidstore.api;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Describes media held by a {@link MediaStore}: what {@link MediaStore#save save} returns and
 * what {@link MediaStore#find find} and {@link MediaStore#list list} report.
 *
 * <p>Instances are immutable snapshots; two are equal when all their properties are equal.
 * Implementations of {@link MediaStore} create them with {@link #builder(MediaId)}.
 */
public final class StoredMedia {

    private final MediaId id;
    private final String projectId;
    private final String filename;
    private final String contentType;
    private final long size;
    private final Instant createdAt;
    private final boolean video;
    private final String sha256;

    private StoredMedia(Builder b) {
        this.id = b.id;
        this.projectId = b.projectId;
        this.filename = Objects.requireNonNull(b.filename, "filename");
        this.contentType = b.contentType;
        this.size = b.size;
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        this.video = b.video;
        this.sha256 = b.sha256;
        if (size < 0) {
            throw new IllegalArgumentException("size must be at least 0 but was " + size);
        }
    }

    /**
     * Starts describing the media with the given id.
     *
     * @param id the media's id
     * @return a new builder
     * @throws NullPointerException if {@code id} is null
     */
    public static Builder builder(MediaId id) {
        return new Builder(id);
    }

    /** {@return the media's id} */
    public MediaId id() {
        return id;
    }

    /** {@return the project the media belongs to, if any} */
    public Optional<String> projectId() {
        return Optional.ofNullable(projectId);
    }

    /** {@return the filename given at upload, reduced to its base name} */
    public String filename() {
        return filename;
    }

    /**
     * {@return the media type, if known} It is the declared type, or the type recognised from the
     * content when none was declared; a store may also replace a declared type when the content
     * is recognised as something else (say, audio declared as video).
     */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** {@return the size of the content in bytes} */
    public long size() {
        return size;
    }

    /** {@return when the media was stored, with at least millisecond precision} */
    public Instant createdAt() {
        return createdAt;
    }

    /** {@return whether the store classified the media as a video (and so keeps it on disk)} */
    public boolean isVideo() {
        return video;
    }

    /**
     * {@return the SHA-256 of the content as 64 lower-case hexadecimal digits} Every media saved
     * through vidstore has one; media written by older applications may not, until it is migrated.
     */
    public Optional<String> sha256() {
        return Optional.ofNullable(sha256);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof StoredMedia m
                && id.equals(m.id)
                && Objects.equals(projectId, m.projectId)
                && filename.equals(m.filename)
                && Objects.equals(contentType, m.contentType)
                && size == m.size
                && createdAt.equals(m.createdAt)
                && video == m.video
                && Objects.equals(sha256, m.sha256));
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, projectId, filename, contentType, size, createdAt, video, sha256);
    }

    @Override
    public String toString() {
        return "StoredMedia[id=" + id + ", projectId=" + projectId + ", filename=" + filename
                + ", contentType=" + contentType + ", size=" + size + ", createdAt=" + createdAt
                + ", video=" + video + ", sha256=" + sha256 + "]";
    }

    /** Builds a {@link StoredMedia}; for implementations of {@link MediaStore}. Not thread-safe. */
    public static final class Builder {
        private final MediaId id;
        private String projectId;
        private String filename;
        private String contentType;
        private long size;
        private Instant createdAt;
        private boolean video;
        private String sha256;

        private Builder(MediaId id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /**
         * Sets the project.
         *
         * @param projectId the project id, or null for none
         * @return this builder
         */
        public Builder projectId(String projectId) {
            this.projectId = projectId;
            return this;
        }

        /**
         * Sets the filename (required).
         *
         * @param filename the filename
         * @return this builder
         */
        public Builder filename(String filename) {
            this.filename = Objects.requireNonNull(filename, "filename");
            return this;
        }

        /**
         * Sets the media type.
         *
         * @param contentType the media type, or null if unknown
         * @return this builder
         */
        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        /**
         * Sets the size in bytes.
         *
         * @param size the size, at least 0
         * @return this builder
         */
        public Builder size(long size) {
            this.size = size;
            return this;
        }

        /**
         * Sets the creation time (required).
         *
         * @param createdAt when the media was stored
         * @return this builder
         */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        /**
         * Sets whether the media is a video.
         *
         * @param video true for a video
         * @return this builder
         */
        public Builder video(boolean video) {
            this.video = video;
            return this;
        }

        /**
         * Sets the SHA-256.
         *
         * @param sha256 64 hexadecimal digits in either case (kept in lower case), or null if
         *     unknown
         * @return this builder
         * @throws IllegalArgumentException if {@code sha256} is not 64 hexadecimal digits
         */
        public Builder sha256(String sha256) {
            if (sha256 != null && !MediaUpload.isSha256Hex(sha256)) {
                throw new IllegalArgumentException("sha256 must be 64 hexadecimal digits but was '"
                        + MediaUpload.printable(sha256) + "'");
            }
            this.sha256 = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
            return this;
        }

        /**
         * Returns the description.
         *
         * @return a new immutable {@link StoredMedia}
         * @throws NullPointerException if the filename or the creation time is missing
         * @throws IllegalArgumentException if the size is negative
         */
        public StoredMedia build() {
            return new StoredMedia(this);
        }
    }
}
