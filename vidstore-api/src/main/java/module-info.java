/**
 * The vidstore API: {@link io.vidstore.api.MediaStore}, its value types and its exceptions.
 *
 * <p>This module has no run-time dependencies. Implementations live in other modules, such as
 * {@code io.vidstore.sqlite} and {@code io.vidstore.s3}.
 */
module io.vidstore.api {
    exports io.vidstore.api;
}
