package io.vidstore.s3;

import static org.junit.jupiter.api.Assertions.fail;

import io.vidstore.s3.testing.SchemaDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server of the tests, found through the environment: {@code
 * VIDSTORE_TEST_POSTGRES_URL} (default {@code jdbc:postgresql://localhost:5432/vidstore_test}),
 * {@code VIDSTORE_TEST_POSTGRES_USER} and {@code VIDSTORE_TEST_POSTGRES_PASSWORD} (default {@code
 * vidstore} both). Each caller gets a schema of its own. Without a reachable server the tests are
 * skipped with a message saying how to get one, except when {@code CI} is {@code true}: there they
 * fail, so that they cannot silently stop running.
 */
final class Postgres {

    static final String URL = SchemaDataSource.TEST_URL;
    static final String USER = SchemaDataSource.TEST_USER;
    static final String PASSWORD = SchemaDataSource.TEST_PASSWORD;

    private static boolean checked;
    private static SQLException missing;

    private Postgres() {
    }

    /** Checks once per run that the server answers; skips or fails the calling test if not. */
    static synchronized void require() {
        if (!checked) {
            checked = true;
            try (Connection c = dataSource(null).getConnection()) {
                c.isValid(5);
            } catch (SQLException e) {
                missing = e;
                System.err.println("[vidstore-s3] PostgreSQL tests are SKIPPED: cannot connect to " + URL
                        + " as " + USER + ": " + e.getMessage() + " -- install and start PostgreSQL"
                        + " (apt-get install postgresql; pg_ctlcluster 15 main start), create the role and"
                        + " database (see .ci/run), or point VIDSTORE_TEST_POSTGRES_URL/_USER/_PASSWORD at"
                        + " a server; with CI=true they fail instead");
            }
        }
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("PostgreSQL at " + URL + " is required when CI=true: " + missing.getMessage(), missing);
            }
            Assumptions.abort("skipped, PostgreSQL not reachable at " + URL
                    + " (install with: apt-get install postgresql): " + missing.getMessage());
        }
    }

    /** Creates a new, empty schema and returns its name. */
    static String newSchema() throws SQLException {
        require();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toLowerCase(Locale.ROOT);
        try (Connection c = dataSource(null).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }

    /** Drops a schema made by {@link #newSchema()}, with everything in it. */
    static void dropSchema(String schema) throws SQLException {
        try (Connection c = dataSource(null).getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** A data source whose connections work in {@code schema} (or the default one when null). */
    static SchemaDataSource dataSource(String schema) {
        return dataSource(URL, schema);
    }

    /** The same for a server at {@code url}, as a child JVM is told. */
    static SchemaDataSource dataSource(String url, String schema) {
        return new SchemaDataSource(url, USER, PASSWORD, schema);
    }
}
