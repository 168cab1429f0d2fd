/**
 * Serving and uploading the media of a {@link io.vidstore.api.MediaStore} over HTTP: a
 * framework-neutral core, a handler for the JDK's HTTP server and a Jakarta Servlet 6 adapter.
 *
 * <p>The servlet API is needed only by {@code MediaServlet} and comes from the container; Apache
 * Commons FileUpload 2 only by its {@code multipart/form-data} uploads.
 */
module io.vidstore.http {
    requires transitive io.vidstore.api;
    requires transitive jdk.httpserver;
    // Not transitive: users of the JDK handler alone must not need the servlet API to compile.
    requires static jakarta.servlet;
    requires static org.apache.commons.fileupload2.core;
    requires static org.apache.commons.fileupload2.jakarta.servlet6;

    exports io.vidstore.http;
}
