package io.vidstore.cli;

import io.vidstore.api.MediaStoreException;
import io.vidstore.sqlite.SqliteMediaStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Read-only questions about a store's database that {@link SqliteMediaStore} has no method for:
 * which projects exist, and which rows still hold their content in a BLOB. They are asked of
 * the documented {@code files} table through a connection of their own, opened read-only, so they
 * can never change the store; the answers are then looked up through the public API.
 */
final class DatabaseIndex {

    /**
     * A row whose content is (also) in the {@code data} BLOB.
     *
     * @param id the row's id
     * @param length the BLOB's length in bytes
     */
    record Blob(String id, long length) {
    }

    private DatabaseIndex() {
    }

    /** {@return the project ids of the store, null (no project) first} */
    static List<String> projects(SqliteMediaStore store) throws MediaStoreException {
        return query(store, "SELECT DISTINCT project_id FROM files ORDER BY project_id", rs -> rs.getString(1));
    }

    /** {@return the rows with a BLOB, in the order they were written} */
    static List<Blob> blobs(SqliteMediaStore store) throws MediaStoreException {
        List<Blob> blobs = query(store, "SELECT id, octet_length(data) FROM files"
                + " WHERE data IS NOT NULL ORDER BY rowid", rs -> new Blob(rs.getString(1), rs.getLong(2)));
        blobs.removeIf(b -> b.id() == null);
        return blobs;
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(SqliteMediaStore store, String sql, Row<T> row)
            throws MediaStoreException {
        Path db = store.databaseFile();
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(),
                config.toProperties());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<T> result = new ArrayList<>();
            while (rs.next()) {
                result.add(row.read(rs));
            }
            return result;
        } catch (SQLException e) {
            throw new MediaStoreException("cannot read database " + db + ": " + e.getMessage(), e);
        }
    }
}
