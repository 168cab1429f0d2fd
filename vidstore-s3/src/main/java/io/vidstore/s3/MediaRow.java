package io.vidstore.s3;

import io.vidstore.api.MediaId;
import io.vidstore.api.StoredMedia;
import io.vidstore.store.support.Classifier;
import io.vidstore.store.support.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * One row of the {@code files} table without its {@code data}. Columns that older applications
 * did not write may be null.
 */
record MediaRow(String id, String projectId, String filename, String contentType, String createdAt,
        String storagePath, Long fileSize, Integer isVideo, String sha256, Long dataLength) {

    /** The columns {@link #read} expects, in order. */
    static final String COLUMNS = "id, project_id, filename, content_type, created_at, storage_path,"
            + " file_size, is_video, sha256, octet_length(data)";

    /** How many columns {@link #COLUMNS} names. */
    static final int COLUMN_COUNT = 10;

    static MediaRow read(ResultSet rs) throws SQLException {
        return new MediaRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), nullableLong(rs, 7), nullableInt(rs, 8),
                rs.getString(9), nullableLong(rs, 10));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** {@return the size of the content: the recorded size, else the length of the inline data} */
    long size() {
        return fileSize != null ? fileSize : dataLength != null ? dataLength : 0;
    }

    /** Describes the row as media; rows of older applications are classified by their declaration. */
    StoredMedia toMedia(Classifier classifier) {
        boolean video = isVideo != null ? isVideo == 1 : classifier.isDeclaredVideo(filename, contentType);
        return StoredMedia.builder(MediaId.of(id))
                .projectId(projectId)
                .filename(filename)
                .contentType(contentType)
                .size(size())
                .createdAt(Timestamps.parse(createdAt).orElse(Instant.EPOCH))
                .video(video)
                .sha256(sha256 != null && sha256.length() == 64 ? sha256 : null)
                .build();
    }
}
