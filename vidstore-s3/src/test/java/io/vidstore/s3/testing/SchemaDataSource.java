package io.vidstore.s3.testing;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source of new PostgreSQL connections (one per call, no pool) that work in one schema; for
 * tests and benchmarks.
 */
public final class SchemaDataSource implements DataSource {

    /** {@code VIDSTORE_TEST_POSTGRES_URL}, by default {@code jdbc:postgresql://localhost:5432/vidstore_test}. */
    public static final String TEST_URL = env("VIDSTORE_TEST_POSTGRES_URL",
            "jdbc:postgresql://localhost:5432/vidstore_test");
    /** {@code VIDSTORE_TEST_POSTGRES_USER}, by default {@code vidstore}. */
    public static final String TEST_USER = env("VIDSTORE_TEST_POSTGRES_USER", "vidstore");
    /** {@code VIDSTORE_TEST_POSTGRES_PASSWORD}, by default {@code vidstore}. */
    public static final String TEST_PASSWORD = env("VIDSTORE_TEST_POSTGRES_PASSWORD", "vidstore");

    private final String url;
    private final Properties properties = new Properties();

    /**
     * A data source for the server that the environment names for tests ({@link #TEST_URL},
     * {@link #TEST_USER}, {@link #TEST_PASSWORD}).
     *
     * @param schema the schema connections work in, or null for the user's default
     * @return the data source
     */
    public static SchemaDataSource forTests(String schema) {
        return new SchemaDataSource(TEST_URL, TEST_USER, TEST_PASSWORD, schema);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * A data source for a server and a schema.
     *
     * @param url the JDBC URL
     * @param user the user
     * @param password the password
     * @param schema the schema connections work in, or null for the user's default
     */
    public SchemaDataSource(String url, String user, String password, String schema) {
        this.url = url;
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        if (schema != null) {
            properties.setProperty("currentSchema", schema);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the user is set when the data source is made");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // No logging.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
