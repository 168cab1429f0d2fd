package io.vidstore.s3;

import io.vidstore.api.MediaStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs units of work on connections of the caller's {@link DataSource}: one connection per unit,
 * returned at once, so that no connection is held while content streams.
 */
final class Database {

    /** A unit of work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException, MediaStoreException;
    }

    private final DataSource dataSource;

    Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} in autocommit mode; {@code what} names it in an error message. */
    <T> T read(String what, Work<T> work) throws MediaStoreException {
        try (Connection c = dataSource.getConnection()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. */
    <T> T write(String what, Work<T> work) throws MediaStoreException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | MediaStoreException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                // Pooled connections go back as they came: in autocommit mode.
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static MediaStoreException failure(String what, SQLException e) {
        return new MediaStoreException("cannot " + what + " in the database: " + e.getMessage()
                + " (SQLState " + e.getSQLState() + ")", e);
    }
}
