/**
 * Code shared by vidstore's store implementations: classification of uploads, checked reading of
 * upload streams and timestamps of the {@code files} table.
 *
 * <p><b>Unsupported:</b> this package is exported only to vidstore's own modules and may change
 * in any release without notice.
 */
package io.vidstore.internal;
