package io.vidstore.api;

import io.vidstore.api.testing.MediaStoreContractTest;
import java.nio.file.Path;

/**
 * Runs the contract suite against {@link ReferenceMediaStore}, so that a change to the suite that
 * no correct store could pass fails here, in the API's own build, first.
 */
class ReferenceMediaStoreContractTest extends MediaStoreContractTest {

    @Override
    protected MediaStore createStore(Path directory, long maxUploadSize) {
        return new ReferenceMediaStore(directory, maxUploadSize);
    }
}
