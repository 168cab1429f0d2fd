package io.vidstore.s3;

import io.vidstore.api.MediaStore;
import io.vidstore.api.testing.MediaStoreContractTest;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/** The behaviour every {@link MediaStore} promises, for the S3 store on s3proxy and PostgreSQL. */
class S3MediaStoreContractTest extends MediaStoreContractTest {

    private TestServers servers;

    @Override
    protected MediaStore createStore(Path directory, long maxUploadSize) throws IOException {
        if (servers == null) {
            servers = TestServers.create();
        }
        return servers.builder().maxUploadSize(maxUploadSize).build();
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }
}
