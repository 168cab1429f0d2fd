package io.vidstore.s3;

import io.vidstore.api.MediaStoreException;
import io.vidstore.store.support.FilesTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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
 * <p>Versions 1 and 2 are the steps every store shares ({@link FilesTable}), with PostgreSQL's
 * types: version 1 is the table of the original application ({@code data} is {@code bytea}),
 * completed with {@code storage_path, file_size, is_video}; version 2 adds {@code sha256} and the
 * indexes for listing by project and finding rows by object key. Version 3 is this store's own: a {@code seq} column that orders
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

    private static final String CREATE_JOURNAL = """
            CREATE TABLE IF NOT EXISTS upload_journal (
                object_key TEXT PRIMARY KEY,
                upload_id TEXT,
                owner TEXT NOT NULL,
                started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                heartbeat TIMESTAMPTZ NOT NULL DEFAULT now()
            )""";

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
                    execute(s, FilesTable.toVersion1(FilesTable.Dialect.POSTGRESQL, columns,
                            "the database"));
                }
                if (version < 2) {
                    execute(s, FilesTable.toVersion2(columns));
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

    /** Version 3, this store's own: the order of saves across processes, and the journal. */
    private static void toVersion3(Statement s, Set<String> columns) throws SQLException {
        List<String> statements = new ArrayList<>();
        // Existing rows are numbered in the table's order; new ones by the sequence, in commit order.
        FilesTable.addColumnIfMissing(statements, columns, "seq", "BIGSERIAL");
        statements.add(CREATE_JOURNAL);
        execute(s, statements);
    }

    private static void execute(Statement s, List<String> statements) throws SQLException {
        for (String sql : statements) {
            s.execute(sql);
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
