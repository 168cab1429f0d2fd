package io.vidstore.sqlite;

import io.vidstore.api.MediaStore;
import io.vidstore.api.testing.MediaStoreContractTest;
import java.io.IOException;
import java.nio.file.Path;

/** Runs the contract every {@link MediaStore} keeps against {@link SqliteMediaStore}. */
class SqliteMediaStoreContractTest extends MediaStoreContractTest {

    @Override
    protected MediaStore createStore(Path directory, long maxUploadSize) throws IOException {
        // Small chunks and inline limit, so that the suite's small files cross both.
        return SqliteMediaStore.builder(directory)
                .chunkSize(64 << 10)
                .inlineLimit(16 << 10)
                .maxUploadSize(maxUploadSize)
                .build();
    }

    @Override
    protected boolean isBookkeepingFile(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(SqliteMediaStore.DEFAULT_DATABASE_NAME);
    }
}
