package io.vidstore.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** Reads and writes the {@code files} table directly, as another program would. */
final class Rows {

    private Rows() {
    }

    static Connection connect(Path db) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    /** The row of a media as column name → value, with {@code data} as its length. */
    static Map<String, Object> row(Path db, String id) throws SQLException {
        try (Connection c = connect(db);
                PreparedStatement ps = c.prepareStatement("SELECT id, project_id, filename,"
                        + " content_type, length(data) AS data_length, data IS NULL AS data_null,"
                        + " created_at, storage_path, file_size, is_video, sha256"
                        + " FROM files WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                return row;
            }
        }
    }

    static long count(Path db) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM files")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void execute(Path db, String... statements) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
