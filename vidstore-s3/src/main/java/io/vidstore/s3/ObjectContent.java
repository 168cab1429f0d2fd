package io.vidstore.s3;

import io.vidstore.api.MediaStoreException;
import io.vidstore.api.MissingContentException;
import io.vidstore.api.StoredMedia;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Content in an object: every stream is a {@code GetObject} with a {@code Range} header for the
 * bytes it still needs. The first request is made when the content is opened, so that a missing
 * object is reported by {@code open}, and is handed to the first reader that starts at the
 * beginning. Closing the content aborts the requests still open.
 */
final class ObjectContent extends WindowContent {

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final AtomicReference<ResponseInputStream<GetObjectResponse>> first = new AtomicReference<>();
    private final Set<ResponseInputStream<GetObjectResponse>> open = ConcurrentHashMap.newKeySet();

    private ObjectContent(StoredMedia media, long offset, long size, int bufferSize, S3Client s3,
            String bucket, String key) {
        super(media, offset, size, bufferSize);
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
    }

    /** Opens the window, starting its first request; size 0 makes no request. */
    static ObjectContent open(StoredMedia media, long offset, long size, int bufferSize, S3Client s3,
            String bucket, String key) throws IOException {
        ObjectContent content = new ObjectContent(media, offset, size, bufferSize, s3, bucket, key);
        if (size > 0) {
            content.first.set(content.get(0));
        }
        return content;
    }

    @Override
    InputStream openAt(long position) throws IOException {
        ResponseInputStream<GetObjectResponse> in = position == 0 ? first.getAndSet(null) : null;
        if (in == null) {
            in = get(position);
        }
        ResponseInputStream<GetObjectResponse> response = in;
        return new FilterInputStream(response) {
            @Override
            public void close() throws IOException {
                if (!open.remove(response)) {
                    return;
                }
                // Read to its end, the connection can serve the next request; else it is dropped,
                // so that an unread rest is not downloaded just to be discarded.
                if (response.read() < 0) {
                    response.close();
                } else {
                    finish(response);
                }
            }
        };
    }

    private ResponseInputStream<GetObjectResponse> get(long position) throws IOException {
        long from = offset() + position;
        long to = offset() + size() - 1;
        try {
            ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key)
                    .range("bytes=" + from + "-" + to));
            long length = in.response().contentLength();
            if (length != to - from + 1) {
                in.abort();
                throw new MissingContentException(media().id(), location(), location() + " has"
                        + " another size than the " + media().size() + " bytes recorded (range "
                        + from + "-" + to + " gave " + length + " bytes)");
            }
            open.add(in);
            return in;
        } catch (NoSuchKeyException e) {
            throw new MissingContentException(media().id(), location(), location() + " does not exist");
        } catch (SdkException e) {
            throw new MediaStoreException("cannot read " + location() + " of media '" + media().id()
                    + "': " + e.getMessage(), e);
        }
    }

    private String location() {
        return "s3://" + bucket + "/" + key;
    }

    /** Ends a request by dropping its connection. */
    private static void finish(ResponseInputStream<GetObjectResponse> in) throws IOException {
        in.abort();
        in.close();
    }

    @Override
    void release() throws IOException {
        first.set(null);
        IOException failure = null;
        for (ResponseInputStream<GetObjectResponse> in : open) {
            try {
                finish(in);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
