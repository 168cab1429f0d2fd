package io.vidstore.http;

import io.vidstore.api.MediaUpload;
import jakarta.servlet.http.HttpServletRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
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

    private static final System.Logger LOG = System.getLogger(MediaServlet.class.getName());

    /** The longest text field read, in bytes. */
    private static final int MAX_FIELD_SIZE = 4096;

    /**
     * The longest header of one part, in bytes: room for a filename of a few hundred characters
     * in any script, as browsers send it (FileUpload's own default of 512 bytes refuses 150
     * Chinese characters).
     */
    static final int MAX_PART_HEADER_SIZE = 8192;

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
        parser.setMaxPartHeaderSize(MAX_PART_HEADER_SIZE);
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
                MediaReply reply = save(endpoint, upload, item, limit, collection);
                if (reply.status() != 201) {
                    // The store kept nothing; the rest of the body does not matter.
                    return reply;
                }
                stored = reply;
            }
        } catch (StoreFailure e) {
            throw e.failure;
        } catch (FileUploadSizeException e) {
            if (isPartHeaderLimit(e, limit)) {
                return fail(endpoint, stored, 400, "a part header of the multipart/form-data body"
                        + " is longer than " + MAX_PART_HEADER_SIZE + " bytes");
            }
            return fail(endpoint, stored, 413, "the upload is larger than the limit of " + limit
                    + " bytes");
        } catch (FileUploadException e) {
            return fail(endpoint, stored, 400, "malformed multipart/form-data body: "
                    + MediaEndpoint.printable(String.valueOf(e.getMessage())));
        } catch (IOException e) {
            // Everything but the store is the client's doing here: its body ended early, or it
            // went away.
            LOG.log(Level.DEBUG, "multipart/form-data upload to {0} could not be read: {1}",
                    collection, e.toString());
            return fail(endpoint, stored, 400, "the multipart/form-data body could not be read"
                    + " to its closing boundary");
        }
        if (stored == null) {
            return MediaEndpoint.error(400, "the form has no file", false);
        }
        return stored;
    }

    /**
     * Saves one file of the form. A failure of the store comes out as {@link StoreFailure}; a
     * failure to read or close the part is the client's and gives a client error (removing the
     * media again when it was stored).
     */
    private static MediaReply save(MediaEndpoint endpoint, MediaUpload upload, FileItemInput item,
            long limit, String collection) throws IOException {
        MediaReply reply;
        InputStream in = new SizeLimitTranslator(item.getInputStream(), limit);
        try {
            reply = endpoint.save(upload, in, collection);
        } catch (IOException e) {
            closeQuietly(in);
            throw new StoreFailure(e);
        }
        if (reply.status() != 201) {
            // The part could not be read; closing it would read on into the same broken body.
            closeQuietly(in);
            return reply;
        }
        try {
            in.close();
        } catch (IOException e) {
            // The body breaks off after the file: the form is not what the client meant to send.
            LOG.log(Level.DEBUG, "multipart/form-data upload to {0} broke off after its file: {1}",
                    collection, e.toString());
            return fail(endpoint, reply, 400, "the multipart/form-data body could not be read"
                    + " to its closing boundary");
        }
        return reply;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing a multipart/form-data part failed: {0}", e.toString());
        }
    }

    /**
     * Whether FileUpload's size failure is about a part's header, not the body: both are the same
     * exception type, told apart by the limit they name.
     */
    private static boolean isPartHeaderLimit(FileUploadSizeException e, long limit) {
        return e.getPermitted() == MAX_PART_HEADER_SIZE && (limit != MAX_PART_HEADER_SIZE
                || String.valueOf(e.getMessage()).startsWith("Header section"));
    }

    /** A failure of the store while saving a part, passed through the parser's failures. */
    private static final class StoreFailure extends IOException {
        private static final long serialVersionUID = 1L;
        final IOException failure;

        StoreFailure(IOException failure) {
            super(failure);
            this.failure = failure;
        }
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
        if (stored != null && stored.status() == 201) {
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
