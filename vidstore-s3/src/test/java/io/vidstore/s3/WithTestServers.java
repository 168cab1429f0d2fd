package io.vidstore.s3;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test with a PostgreSQL schema and a bucket of its own ({@link TestServers}), made before each
 * test method and removed after it, with every store built through {@link TestServers#store}.
 */
abstract class WithTestServers {

    /** This test's schema and bucket. */
    TestServers servers;

    @BeforeEach
    void createServers() throws Exception {
        servers = TestServers.create();
    }

    @AfterEach
    void closeServers() throws Exception {
        servers.close();
    }
}
