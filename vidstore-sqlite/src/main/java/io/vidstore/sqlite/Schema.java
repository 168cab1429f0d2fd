package io.vidstore.sqlite;

import io.vidstore.api.MediaStoreException;
import io.vidstore.store.support.FilesTable;
import java.io.IOException;
import java.nio.file.Files;
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
import org.sqlite.SQLiteConfig;

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

    /** What a database file holds, seen before the store opens it. */
    enum State {
        /** There is no file. */
        MISSING("does not exist"),
        /** The file has 0 bytes. */
        EMPTY("is empty (0 bytes)"),
        /** The file is an SQLite database without a {@code files} table. */
        NO_FILES_TABLE("has no files table"),
        /** The file has a {@code files} table, or cannot be read here (opening it says why). */
        PRESENT("exists");

        private final String description;

        State(String description) {
            this.description = description;
        }

        /** {@return how to say it after "the database FILE"} */
        String description() {
            return description;
        }

        /** {@return whether opening the store would make a new database} */
        boolean isNew() {
            return this != PRESENT;
        }
    }

    /**
     * Looks at a database file without changing it: through a read-only connection that sets no
     * journal mode, so that neither the file nor its directory gains anything.
     */
    static State probe(Path file) {
        if (!Files.exists(file)) {
            return State.MISSING;
        }
        try {
            if (Files.size(file) == 0) {
                return State.EMPTY;
            }
        } catch (IOException e) {
            return State.PRESENT;
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master"
                        + " WHERE type = 'table' AND lower(name) = 'files'")) {
            return rs.next() && rs.getInt(1) > 0 ? State.PRESENT : State.NO_FILES_TABLE;
        } catch (SQLException e) {
            // Not a database, or not readable: opening it reports that in its own words.
            LOG.debug("cannot look into {} before opening it", file, e);
            return State.PRESENT;
        }
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
