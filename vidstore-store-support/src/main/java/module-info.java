/**
 * Building blocks for {@link io.vidstore.api.MediaStore} implementations: classification of
 * uploads, checked reading of upload streams and the {@code files} table's timestamps.
 *
 * <p><b>For store implementations only.</b> Applications use {@code io.vidstore.api} and a store
 * module. While vidstore is 0.x, this module may change in any release.
 */
module io.vidstore.store.support {
    requires transitive io.vidstore.api;
    requires org.slf4j;

    exports io.vidstore.store.support;
}
