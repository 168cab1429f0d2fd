/**
 * Range-correct serving and streaming upload of the media of a {@link io.vidstore.api.MediaStore}
 * over HTTP.
 *
 * <p>{@link io.vidstore.http.MediaEndpoint} is the framework-neutral core: it turns a request's
 * method, target and header fields into a {@link io.vidstore.http.MediaReply}. {@link
 * io.vidstore.http.MediaHttpHandler} adapts it to the JDK's {@code com.sun.net.httpserver}, {@link
 * io.vidstore.http.MediaServlet} to Jakarta Servlet 6 containers. Everything else in this package
 * is package-private implementation.
 */
package io.vidstore.http;
