/**
 * The vidstore API: {@link io.vidstore.api.MediaStore}, its value types and its exceptions.
 *
 * <p>This module has no run-time dependencies. Implementations live in other modules, such as
 * {@code io.vidstore.sqlite} and {@code io.vidstore.s3}.
 */
// The implementations are built after this module, so the compiler cannot see them yet.
@SuppressWarnings("module")
module io.vidstore.api {
    exports io.vidstore.api;
    exports io.vidstore.internal to io.vidstore.sqlite, io.vidstore.s3;
}
