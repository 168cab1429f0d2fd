package io.vidstore.sqlite;

import io.vidstore.api.MediaStoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The store's SQLite database: a small pool of connections, each used by one thread at a time
 * (sqlite-jdbc connections must not be shared), and a single writer at a time within this JVM.
 *
 * <p>Writes run in {@code BEGIN IMMEDIATE} transactions, so that a write never starts as a reader
 * and then fails to upgrade; across processes, SQLite's busy timeout makes writers wait for each
 * other. Connections stay in auto-commit mode between units of work, so no idle connection holds
 * a lock. The journal is WAL (readers never block the writer) with {@code synchronous=FULL}, so a
 * save that returned survives a power loss.
 *
 * <p>The few queries every read runs ({@link #query}) are prepared once per connection and kept:
 * preparing one costs more than running it.
 */
final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** A unit of work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException, MediaStoreException;
    }

    /** A query on a prepared statement that is kept: it sets the parameters and reads the results. */
    @FunctionalInterface
    interface Query<T> {
        T run(PreparedStatement statement) throws SQLException, MediaStoreException;
    }

    /** A pooled connection and the statements prepared on it. */
    private record Session(Connection connection, Map<String, PreparedStatement> statements) {
        Session(Connection connection) {
            this(connection, new HashMap<>());
        }
    }

    private final Path file;
    private final SQLiteConfig config;
    private final Duration busyTimeout;
    private final Semaphore permits;
    private final Deque<Session> idle = new ArrayDeque<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private boolean closed;

    Database(Path file, int maxConnections, Duration busyTimeout) {
        this.file = file;
        this.busyTimeout = busyTimeout;
        this.permits = new Semaphore(maxConnections, true);
        this.config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    }

    Path file() {
        return file;
    }

    /** Runs read-only work on a pooled connection, in auto-commit mode. */
    <T> T read(String what, Work<T> work) throws MediaStoreException {
        Session session = acquire(what);
        try {
            return work.run(session.connection());
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            release(session);
        }
    }

    /**
     * Runs a read-only query, in auto-commit mode, on a statement prepared for {@code sql} once per
     * connection. The query must close the result sets it opens (which resets the statement, so
     * that it holds no read transaction while it waits for its next use); its parameters are
     * cleared afterwards. A statement whose use failed is closed and prepared anew next time.
     */
    <T> T query(String what, String sql, Query<T> query) throws MediaStoreException {
        Session session = acquire(what);
        PreparedStatement statement = null;
        try {
            statement = session.statements().get(sql);
            if (statement == null) {
                statement = session.connection().prepareStatement(sql);
                session.statements().put(sql, statement);
            }
            T result = query.run(statement);
            statement.clearParameters();
            return result;
        } catch (SQLException e) {
            forget(session, sql, statement);
            throw failure(what, e);
        } catch (MediaStoreException | RuntimeException e) {
            forget(session, sql, statement);
            throw e;
        } finally {
            release(session);
        }
    }

    /**
     * Runs work in a {@code BEGIN IMMEDIATE} transaction and commits it; rolls back if the work
     * throws. Writers of this JVM take turns, so they never wait on SQLite's busy handler for each
     * other.
     */
    <T> T write(String what, Work<T> work) throws MediaStoreException {
        writeLock.lock();
        try {
            Session session = acquire(what);
            try (Statement s = session.connection().createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                boolean committed = false;
                try {
                    T result = work.run(session.connection());
                    s.execute("COMMIT");
                    committed = true;
                    return result;
                } finally {
                    if (!committed) {
                        rollback(s);
                    }
                }
            } catch (SQLException e) {
                throw failure(what, e);
            } finally {
                release(session);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs work outside any transaction while no other writer of this JVM runs, for statements
     * such as {@code VACUUM} that cannot run in a transaction.
     */
    <T> T exclusive(String what, Work<T> work) throws MediaStoreException {
        writeLock.lock();
        try {
            Session session = acquire(what);
            try {
                // Kept statements are reset, which VACUUM allows; closing them leaves no doubt.
                closeStatements(session);
                return work.run(session.connection());
            } catch (SQLException e) {
                throw failure(what, e);
            } finally {
                release(session);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private static void rollback(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // The transaction may already be gone (SQLite rolls back by itself on some errors).
            LOG.debug("rollback failed", e);
        }
    }

    private Session acquire(String what) throws MediaStoreException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaStoreException("interrupted while waiting for a connection to " + file
                    + " to " + what, e);
        }
        Session session;
        synchronized (this) {
            if (closed) {
                permits.release();
                throw new IllegalStateException("the store with database " + file + " is closed");
            }
            session = idle.pollFirst();
        }
        if (session != null) {
            return session;
        }
        try {
            return new Session(config.createConnection("jdbc:sqlite:" + file));
        } catch (SQLException e) {
            permits.release();
            throw failure("open a connection to " + what, e);
        }
    }

    private void release(Session session) {
        boolean keep;
        synchronized (this) {
            keep = !closed;
            if (keep) {
                idle.addFirst(session);
            }
        }
        if (!keep) {
            closeQuietly(session);
        }
        permits.release();
    }

    /** Turns a driver error into an exception whose message says what failed and where. */
    MediaStoreException failure(String what, SQLException e) {
        String reason = e.getMessage();
        if (e instanceof SQLiteException se) {
            SQLiteErrorCode code = se.getResultCode();
            switch (code) {
                case SQLITE_BUSY, SQLITE_LOCKED, SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_RECOVERY -> reason =
                        "the database is locked by another connection or process for longer than the"
                                + " busy timeout of " + busyTimeout.toMillis() + " ms (" + code + ")";
                case SQLITE_CORRUPT, SQLITE_NOTADB -> reason = "the file is not an SQLite database or"
                        + " is corrupt (" + code + ")";
                case SQLITE_READONLY, SQLITE_READONLY_DIRECTORY, SQLITE_CANTOPEN -> reason =
                        "the database or its directory cannot be written or opened (" + code + ")";
                case SQLITE_FULL -> reason = "the disk is full (" + code + ")";
                default -> { }
            }
        }
        return new MediaStoreException("cannot " + what + " in database " + file + ": " + reason, e);
    }

    @Override
    public void close() {
        Session[] toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = idle.toArray(new Session[0]);
            idle.clear();
        }
        for (Session session : toClose) {
            closeQuietly(session);
        }
    }

    private void closeQuietly(Session session) {
        closeStatements(session);
        try {
            session.connection().close();
        } catch (SQLException e) {
            LOG.warn("closing a connection to {} failed", file, e);
        }
    }

    /** Closes and drops a kept statement whose use failed, so that its state cannot linger. */
    private void forget(Session session, String sql, PreparedStatement statement) {
        if (statement != null) {
            session.statements().remove(sql);
            closeQuietly(statement);
        }
    }

    private void closeStatements(Session session) {
        for (PreparedStatement statement : session.statements().values()) {
            closeQuietly(statement);
        }
        session.statements().clear();
    }

    private void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            LOG.debug("closing a statement on {} failed", file, e);
        }
    }
}
