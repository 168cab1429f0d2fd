package io.vidstore.sqlite;

import io.vidstore.store.support.Classifier;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of the {@code files} table without its {@code data}, which is only read when it is
 * needed. Columns that older applications did not write may be null.
 */
record MediaRow(
        String id,
        String projectId,
        String filename,
        String contentType,
        String createdAt,
        String storagePath,
        Long fileSize,
        Integer isVideo,
        String sha256,
        Long dataLength) {

    /**
     * The columns {@link #read} expects, in order. {@code octet_length} counts bytes also where an
     * older application stored text in {@code data}, and reads only the value's header.
     */
    static final String COLUMNS = "id, project_id, filename, content_type, created_at, storage_path,"
            + " file_size, is_video, sha256, octet_length(data)";

    /** How many columns {@link #COLUMNS} names. */
    static final int COLUMN_COUNT = 10;

    /**
     * Tells whether this row is a video: by its {@code is_video}, or, for a row written by an
     * older application without one, by its declaration alone (the content is not read).
     */
    boolean isVideo(Classifier classifier) {
        return isVideo != null ? isVideo == 1 : classifier.isDeclaredVideo(filename, contentType);
    }

    /**
     * Tells whether a {@link io.vidstore.api.MediaId} can name this row: older applications may
     * have written any text, or none, as an id.
     */
    boolean hasUsableId() {
        if (id == null) {
            return false;
        }
        try {
            io.vidstore.api.MediaId.of(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static MediaRow read(ResultSet rs) throws SQLException {
        return new MediaRow(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                nonNegative(nullableLong(rs, 7)),
                nullableInt(rs, 8),
                rs.getString(9),
                nullableLong(rs, 10));
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** A size an older application recorded as negative is taken as unknown. */
    private static Long nonNegative(Long value) {
        return value == null || value < 0 ? null : value;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
