/**
 * Code shared by vidstore's store implementations: classification of uploads, checked reading of
 * upload streams and timestamps of the {@code files} table.
 *
 * <p><b>For store implementations only.</b> While vidstore is 0.x, this package may change in any
 * release without notice.
 */
package io.vidstore.store.support;
