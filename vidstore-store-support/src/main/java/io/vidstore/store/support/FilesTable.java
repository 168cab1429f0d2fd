package io.vidstore.store.support;

import io.vidstore.api.MediaStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The schema steps of the {@code files} table that every store shares, as SQL for a dialect: the
 * table of the application vidstore replaces, and the migrations that bring it to the shape the
 * stores read. Each store keeps its own record of the version a database is at, and runs these
 * statements in its own transaction; steps only add, and each checks what is there first, so a
 * table written by any earlier version upgrades the same way.
 *
 * <p>Version 1 is the table of the original application ({@code id, project_id, filename,
 * content_type, data, created_at}), completed with {@code storage_path, file_size, is_video};
 * version 2 adds {@code sha256} and the indexes for listing by project and finding rows by path.
 */
public final class FilesTable {

    /** The version the steps here lead to. */
    public static final int VERSION = 2;

    /** The columns any table the stores accept has, from the original application on. */
    public static final List<String> REQUIRED_COLUMNS =
            List.of("id", "project_id", "filename", "content_type", "data", "created_at");

    /** The SQL types that differ between the databases the stores run on. */
    public enum Dialect {
        /** SQLite. */
        SQLITE("BLOB", "INTEGER"),
        /** PostgreSQL. */
        POSTGRESQL("BYTEA", "BIGINT");

        private final String bytes;
        private final String bigint;

        Dialect(String bytes, String bigint) {
            this.bytes = bytes;
            this.bigint = bigint;
        }
    }

    private FilesTable() {
    }

    /**
     * The statements that create the table, or complete an existing one, to version 1.
     *
     * @param dialect the database's SQL
     * @param columns the table's columns in lower case, empty if there is no table; the columns
     *     the statements add are added to it
     * @param database the database, as error messages name it (such as {@code "database
     *     /data/app.db"})
     * @return the statements to run, in order
     * @throws MediaStoreException if an existing table lacks a column of the original application
     */
    public static List<String> toVersion1(Dialect dialect, Set<String> columns, String database)
            throws MediaStoreException {
        List<String> statements = new ArrayList<>();
        if (columns.isEmpty()) {
            statements.add("CREATE TABLE files ("
                    + "id TEXT PRIMARY KEY, "
                    + "project_id TEXT, "
                    + "filename TEXT NOT NULL, "
                    + "content_type TEXT, "
                    + "data " + dialect.bytes + ", "
                    + "created_at TEXT NOT NULL, "
                    + "storage_path TEXT, "
                    + "file_size " + dialect.bigint + ", "
                    + "is_video INTEGER)");
            columns.addAll(REQUIRED_COLUMNS);
            columns.addAll(List.of("storage_path", "file_size", "is_video"));
            return statements;
        }
        for (String required : REQUIRED_COLUMNS) {
            if (!columns.contains(required)) {
                throw new MediaStoreException(database + " has a table 'files' without the column '"
                        + required + "'; it was not written by vidstore or the application it replaces");
            }
        }
        addColumnIfMissing(statements, columns, "storage_path", "TEXT");
        addColumnIfMissing(statements, columns, "file_size", dialect.bigint);
        addColumnIfMissing(statements, columns, "is_video", "INTEGER");
        return statements;
    }

    /**
     * The statements that bring a version 1 table to version 2.
     *
     * @param columns the table's columns in lower case; the columns the statements add are added
     * @return the statements to run, in order
     */
    public static List<String> toVersion2(Set<String> columns) {
        List<String> statements = new ArrayList<>();
        addColumnIfMissing(statements, columns, "sha256", "TEXT");
        statements.add("CREATE INDEX IF NOT EXISTS files_project_created ON files (project_id, created_at)");
        statements.add("CREATE INDEX IF NOT EXISTS files_storage_path ON files (storage_path)");
        return statements;
    }

    /**
     * Adds the statement that adds a column, unless the table has it.
     *
     * @param statements where to add it
     * @param columns the table's columns in lower case, updated
     * @param name the column's name, a constant of the caller, never input
     * @param type its SQL type, a constant of the caller
     */
    public static void addColumnIfMissing(List<String> statements, Set<String> columns, String name,
            String type) {
        if (columns.add(name)) {
            statements.add("ALTER TABLE files ADD COLUMN " + name + " " + type);
        }
    }
}
