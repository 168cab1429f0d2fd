package io.vidstore.http;

import io.vidstore.api.MediaUpload;
import jakarta.servlet.http.HttpServletRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;

/**
 * A browser's {@code multipart/form-data} upload, parsed as it streams with Commons FileUpload's
 * item iterator: no part is buffered in memory or on disk by the parser. Loaded only when such a
 * request arrives, so that the library is needed only by those who accept forms.
 */
final class MultipartUpload {

    /** The longest text field read, in bytes. */
    private static final int MAX_FIELD_SIZE = 4096;

    private MultipartUpload() {
    }

    static MediaReply handle(MediaEndpoint endpoint, HttpServletRequest req, String collection)
            throws IOException {
        long limit = endpoint.maxUploadSize().orElse(-1);
        long declared = req.getContentLengthLong();
        if (limit >= 0 && declared > limit) {
            return MediaEndpoint.error(413, "the upload is larger than the limit of " + limit
                    + " bytes (Content-Length " + declared + ")", false);
        }
        Map<String, String> query;
        try {
            query = UriText.decodeQuery(req.getQueryString());
        } catch (IllegalArgumentException e) {
            return MediaEndpoint.error(400, "malformed query string", false);
        }
        JakartaServletFileUpload<DiskFileItem, DiskFileItemFactory> parser =
                new JakartaServletFileUpload<>();
        parser.setMaxSize(limit);
        parser.setHeaderCharset(StandardCharsets.UTF_8);
        String project = query.get("project");
        MediaReply stored = null;
        try {
            FileItemInputIterator items = parser.getItemIterator(req);
            while (items.hasNext()) {
                FileItemInput item = items.next();
                if (item.isFormField()) {
                    String value = readField(item);
                    if (value == null) {
                        return fail(endpoint, stored, 400, "form field " + item.getFieldName()
                                + " is longer than " + MAX_FIELD_SIZE + " bytes");
                    }
                    if ("project".equals(item.getFieldName()) && project == null && !value.isEmpty()) {
                        project = value;
                    }
                    continue;
                }
                String name = item.getName();
                if (name == null || name.isEmpty()) {
                    // A file input left empty in the form.
                    continue;
                }
                if (stored != null) {
                    return fail(endpoint, stored, 400, "a form may upload one file only");
                }
                MediaUpload upload;
                try {
                    upload = MediaUpload.of(project, name, item.getContentType());
                } catch (IllegalArgumentException e) {
                    return MediaEndpoint.error(400, e.getMessage(), false);
                }
                try (InputStream in = new SizeLimitTranslator(item.getInputStream(), limit)) {
                    stored = endpoint.save(upload, in, collection);
                }
                if (stored.status() != 201) {
                    return stored;
                }
            }
        } catch (FileUploadSizeException e) {
            return fail(endpoint, stored, 413, "the upload is larger than the limit of " + limit
                    + " bytes");
        } catch (FileUploadException e) {
            return fail(endpoint, stored, 400, "malformed multipart/form-data body");
        }
        if (stored == null) {
            return MediaEndpoint.error(400, "the form has no file", false);
        }
        return stored;
    }

    /** Reads a text field; null if it is too long. */
    private static String readField(FileItemInput item) throws IOException {
        try (InputStream in = item.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_FIELD_SIZE + 1);
            return bytes.length > MAX_FIELD_SIZE ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Answers with an error, first removing a file that this request already stored. */
    private static MediaReply fail(MediaEndpoint endpoint, MediaReply stored, int status,
            String message) throws IOException {
        if (stored != null) {
            String location = stored.headers().get("Location");
            String id = UriText.decodeSegment(location.substring(location.lastIndexOf('/') + 1));
            endpoint.store().delete(io.vidstore.api.MediaId.of(id));
            stored.close();
        }
        return MediaEndpoint.error(status, message, false);
    }

    /** Turns FileUpload's size failure into the endpoint's, so that it is answered with 413. */
    private static final class SizeLimitTranslator extends FilterInputStream {
        private final long limit;

        SizeLimitTranslator(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (FileUploadSizeException e) {
                throw new MediaEndpoint.UploadTooLargeException(e.getActualSize(), limit);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (FileUploadSizeException e) {
                throw new MediaEndpoint.UploadTooLargeException(e.getActualSize(), limit);
            }
        }
    }
}
