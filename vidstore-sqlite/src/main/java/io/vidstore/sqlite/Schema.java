package io.vidstore.sqlite;

import io.vidstore.api.MediaStoreException;
import io.vidstore.internal.FilesTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the {@code files} table or brings an existing one up to date, in place, with versioned
 * migrations recorded in SQLite's {@code user_version}.
 *
 * <p>Version 0 is any database written before vidstore: the original table has {@code id,
 * project_id, filename, content_type, data, created_at}, and a later one adds {@code
 * storage_path, file_size, is_video}. The steps to versions 1 and 2 are those every store shares
 * ({@link FilesTable}). Migrations only add columns and indexes; user data is never rewritten.
 * Each migration step checks what is there first, so both old shapes upgrade the same way.
 */
final class Schema {

    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    /** The schema version this code writes: the shared steps, and none of its own. */
    static final int LATEST = FilesTable.VERSION;

    private Schema() {
    }

    /**
     * Marks a database as vidstore's in SQLite's {@code application_id}, so that a {@code
     * user_version} set by the application vidstore replaces is not mistaken for vidstore's
     * schema version. ("VDST" in ASCII.)
     */
    static final int APPLICATION_ID = 0x56445354;

    /** Brings the database up to {@link #LATEST}, in one write transaction. */
    static void migrate(Database db) throws MediaStoreException {
        db.write("upgrade the schema", c -> {
            boolean ours = pragma(c, "application_id") == APPLICATION_ID;
            // A database vidstore has not marked is upgraded from the start; every step checks
            // what is there first, so that is safe whatever user_version says.
            int version = ours ? userVersion(c) : 0;
            if (version > LATEST) {
                throw new MediaStoreException("database " + db.file() + " has schema version "
                        + version + ", written by a newer vidstore; this version reads up to "
                        + LATEST);
            }
            if (version == LATEST) {
                return null;
            }
            Set<String> columns = columns(c);
            try (Statement s = c.createStatement()) {
                if (version < 1) {
                    execute(s, FilesTable.toVersion1(FilesTable.Dialect.SQLITE, columns,
                            "database " + db.file()));
                }
                if (version < 2) {
                    execute(s, FilesTable.toVersion2(columns));
                }
                s.execute("PRAGMA user_version = " + LATEST);
                s.execute("PRAGMA application_id = " + APPLICATION_ID);
            }
            LOG.info("upgraded database {} from schema version {} to {}", db.file(), version, LATEST);
            return null;
        });
    }

    private static void execute(Statement s, List<String> statements) throws SQLException {
        for (String sql : statements) {
            s.execute(sql);
        }
    }

    static int userVersion(Connection c) throws SQLException {
        return pragma(c, "user_version");
    }

    /** Reads an integer pragma; the name is a constant of this class, never input. */
    private static int pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static Set<String> columns(Connection c) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA table_info(files)")) {
            while (rs.next()) {
                names.add(rs.getString("name").toLowerCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }
}
