package io.vidstore.sqlite;

import io.vidstore.api.MediaStoreException;
import java.nio.file.Path;
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
 * storage_path, file_size, is_video}. Migrations only add columns and indexes; user data is never
 * rewritten. Each migration step checks what is there first, so both old shapes upgrade the same
 * way.
 */
final class Schema {

    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    /** The schema version this code writes. */
    static final int LATEST = 2;

    private static final String CREATE_FILES = """
            CREATE TABLE files (
                id TEXT PRIMARY KEY,
                project_id TEXT,
                filename TEXT NOT NULL,
                content_type TEXT,
                data BLOB,
                created_at TEXT NOT NULL,
                storage_path TEXT,
                file_size INTEGER,
                is_video INTEGER
            )""";

    private static final List<String> REQUIRED_COLUMNS =
            List.of("id", "project_id", "filename", "content_type", "data", "created_at");

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
                    toVersion1(s, columns, db.file());
                }
                if (version < 2) {
                    toVersion2(s, columns);
                }
                s.execute("PRAGMA user_version = " + LATEST);
                s.execute("PRAGMA application_id = " + APPLICATION_ID);
            }
            LOG.info("upgraded database {} from schema version {} to {}", db.file(), version, LATEST);
            return null;
        });
    }

    /** Version 1: the table of the streaming-era application, created or completed. */
    private static void toVersion1(Statement s, Set<String> columns, Path file)
            throws SQLException, MediaStoreException {
        if (columns.isEmpty()) {
            s.execute(CREATE_FILES);
            return;
        }
        for (String required : REQUIRED_COLUMNS) {
            if (!columns.contains(required)) {
                throw new MediaStoreException("database " + file + " has a table 'files' without"
                        + " the column '" + required + "'; it was not written by vidstore or the"
                        + " application it replaces");
            }
        }
        addColumnIfMissing(s, columns, "storage_path", "TEXT");
        addColumnIfMissing(s, columns, "file_size", "INTEGER");
        addColumnIfMissing(s, columns, "is_video", "INTEGER");
    }

    /** Version 2: checksums, and indexes for listing by project and finding files by path. */
    private static void toVersion2(Statement s, Set<String> columns) throws SQLException {
        addColumnIfMissing(s, columns, "sha256", "TEXT");
        s.execute("CREATE INDEX IF NOT EXISTS files_project_created"
                + " ON files (project_id, created_at)");
        s.execute("CREATE INDEX IF NOT EXISTS files_storage_path ON files (storage_path)");
    }

    private static void addColumnIfMissing(Statement s, Set<String> columns, String name,
            String type) throws SQLException {
        if (columns.add(name)) {
            // Names and types are constants of this class, never input.
            s.execute("ALTER TABLE files ADD COLUMN " + name + " " + type);
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
