package io.vidstore.s3;

import io.vidstore.api.MediaStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the {@code files} table in PostgreSQL or brings an existing one up to date, in place,
 * with versioned migrations recorded in the table {@code vidstore_schema}.
 *
 * <p>The steps are those of the SQLite store, with PostgreSQL's types: version 1 is the table of
 * the original application ({@code data} is {@code bytea}), completed with {@code storage_path,
 * file_size, is_video}; version 2 adds {@code sha256} and the indexes for listing by project and
 * finding rows by object key. Version 3 is this store's own: a {@code seq} column that orders
 * saves across processes, and the {@code upload_journal} of uploads in flight. Migrations only
 * add; user data is never rewritten. Several processes starting at once take turns through a
 * transaction-level advisory lock.
 */
final class Schema {

    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    /** The schema version this code writes. */
    static final int LATEST = 3;

    /** The key of the advisory lock that serializes migrations ("VDST" in ASCII). */
    private static final long LOCK_KEY = 0x56445354L;

    private static final String CREATE_FILES = """
            CREATE TABLE files (
                id TEXT PRIMARY KEY,
                project_id TEXT,
                filename TEXT NOT NULL,
                content_type TEXT,
                data BYTEA,
                created_at TEXT NOT NULL,
                storage_path TEXT,
                file_size BIGINT,
                is_video INTEGER
            )""";

    private static final String CREATE_JOURNAL = """
            CREATE TABLE IF NOT EXISTS upload_journal (
                object_key TEXT PRIMARY KEY,
                upload_id TEXT,
                owner TEXT NOT NULL,
                started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                heartbeat TIMESTAMPTZ NOT NULL DEFAULT now()
            )""";

    private static final List<String> REQUIRED_COLUMNS =
            List.of("id", "project_id", "filename", "content_type", "data", "created_at");

    private Schema() {
    }

    /** Brings the database up to {@link #LATEST}, in one transaction. */
    static void migrate(Database db) throws MediaStoreException {
        db.write("upgrade the schema", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                s.execute("CREATE TABLE IF NOT EXISTS vidstore_schema (version INTEGER NOT NULL)");
            }
            int version = version(c);
            if (version > LATEST) {
                throw new MediaStoreException("the database has schema version " + version
                        + ", written by a newer vidstore; this version reads up to " + LATEST);
            }
            if (version == LATEST) {
                return null;
            }
            Set<String> columns = columns(c);
            try (Statement s = c.createStatement()) {
                if (version < 1) {
                    toVersion1(s, columns);
                }
                if (version < 2) {
                    toVersion2(s, columns);
                }
                if (version < 3) {
                    toVersion3(s, columns);
                }
                s.execute("DELETE FROM vidstore_schema");
                s.execute("INSERT INTO vidstore_schema (version) VALUES (" + LATEST + ")");
            }
            LOG.info("upgraded the database from schema version {} to {}", version, LATEST);
            return null;
        });
    }

    private static void toVersion1(Statement s, Set<String> columns)
            throws SQLException, MediaStoreException {
        if (columns.isEmpty()) {
            s.execute(CREATE_FILES);
            columns.addAll(List.of("id", "project_id", "filename", "content_type", "data",
                    "created_at", "storage_path", "file_size", "is_video"));
            return;
        }
        for (String required : REQUIRED_COLUMNS) {
            if (!columns.contains(required)) {
                throw new MediaStoreException("the database has a table 'files' without the"
                        + " column '" + required + "'; it was not written by vidstore or the"
                        + " application it replaces");
            }
        }
        addColumnIfMissing(s, columns, "storage_path", "TEXT");
        addColumnIfMissing(s, columns, "file_size", "BIGINT");
        addColumnIfMissing(s, columns, "is_video", "INTEGER");
    }

    private static void toVersion2(Statement s, Set<String> columns) throws SQLException {
        addColumnIfMissing(s, columns, "sha256", "TEXT");
        s.execute("CREATE INDEX IF NOT EXISTS files_project_created ON files (project_id, created_at)");
        s.execute("CREATE INDEX IF NOT EXISTS files_storage_path ON files (storage_path)");
    }

    private static void toVersion3(Statement s, Set<String> columns) throws SQLException {
        // Existing rows are numbered in the table's order; new ones by the sequence, in commit order.
        addColumnIfMissing(s, columns, "seq", "BIGSERIAL");
        s.execute(CREATE_JOURNAL);
    }

    private static void addColumnIfMissing(Statement s, Set<String> columns, String name,
            String type) throws SQLException {
        if (columns.add(name)) {
            // Names and types are constants of this class, never input.
            s.execute("ALTER TABLE files ADD COLUMN " + name + " " + type);
        }
    }

    private static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT max(version) FROM vidstore_schema")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static Set<String> columns(Connection c) throws SQLException {
        Set<String> names = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = 'files'");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
