package io.vidstore.s3;

import io.vidstore.api.MediaStoreException;
import io.vidstore.store.support.CheckedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Streams one upload into one object: a single {@code PutObject} when the content fits into one
 * part, else a multipart upload whose parts go up on the store's threads, at most {@code
 * parallelism} at once. Heap is bounded by {@code (parallelism + 1) × partSize}: the buffers are
 * allocated once per upload and reused, one being filled while the others upload. Content whose
 * size the caller declared, larger than one part and at most {@link #MAX_STREAMING_PUT}, is
 * instead the body of one {@code PutObject}, read from the caller's stream while it is sent
 * ({@link #putStreaming}): no part is buffered at all.
 *
 * <p>Whatever fails, {@link #abort()} leaves nothing behind in the bucket: the multipart upload is
 * aborted (with its parts) or the object deleted.
 */
final class ObjectWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectWriter.class);

    /** The first buffer grows from this size, so that a small upload does not cost a whole part. */
    private static final int FIRST_BUFFER = 256 << 10;

    /** The largest object S3 accepts in one {@code PutObject}: 5 GiB. */
    static final long MAX_STREAMING_PUT = 5L << 30;

    /**
     * Makes a request a single attempt: a body read from the caller's stream cannot be sent again,
     * and a retry would fail anyway when it asks for the body a second time.
     */
    private static final SdkPlugin SINGLE_ATTEMPT = config -> config.overrideConfiguration(
            c -> c.retryStrategy(r -> r.maxAttempts(1)));

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String contentType;
    private final int partSize;
    private final int parallelism;
    private final ExecutorService executor;
    private final Journal journal;

    private final BlockingQueue<byte[]> free;
    /** Parts uploading now: one more buffer than this may be full, waiting its turn. */
    private final Semaphore uploading;
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private int buffersAllocated;
    private String uploadId;
    private boolean putDone;
    /** Set by {@link #abort}: parts not yet started are skipped. */
    private volatile boolean aborted;

    ObjectWriter(S3Client s3, String bucket, String key, String contentType, int partSize,
            int parallelism, ExecutorService executor, Journal journal) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.contentType = contentType;
        this.partSize = partSize;
        this.parallelism = parallelism;
        this.executor = executor;
        this.journal = journal;
        this.free = new ArrayBlockingQueue<>(parallelism + 1);
        this.uploading = new Semaphore(parallelism);
    }

    /**
     * Reads the rest of the content from {@code reader}, after the {@code prefix} already read,
     * and uploads it. On return the content has ended and its parts (if any) are uploaded; call
     * {@link #complete()} once the content is checked. A {@code declaredSize} larger than one part
     * and at most {@link #MAX_STREAMING_PUT} makes it one streaming {@code PutObject}.
     */
    void write(byte[] prefix, int prefixLength, CheckedReader reader, OptionalLong declaredSize)
            throws IOException {
        if (declaredSize.isPresent() && declaredSize.getAsLong() > partSize
                && declaredSize.getAsLong() <= MAX_STREAMING_PUT) {
            putStreaming(prefix, prefixLength, reader, declaredSize.getAsLong());
            return;
        }
        byte[] first = new byte[Math.min(partSize, Math.max(FIRST_BUFFER, prefixLength))];
        System.arraycopy(prefix, 0, first, 0, prefixLength);
        int length = prefixLength;
        buffersAllocated = 1;
        while (!reader.ended() && length < partSize) {
            if (length == first.length) {
                first = Arrays.copyOf(first, (int) Math.min(partSize, 2L * first.length));
            }
            length += reader.readFully(first, length, first.length - length);
        }
        if (reader.ended()) {
            putSingle(first, length);
            return;
        }
        uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType))
                .uploadId();
        journal.uploadStarted(key, uploadId);
        submit(1, first, length);
        for (int number = 2; ; number++) {
            byte[] buffer = nextBuffer();
            int n = reader.readFully(buffer, 0, buffer.length);
            if (n == 0) {
                free.add(buffer);
                break;
            }
            submit(number, buffer, n);
            if (reader.ended()) {
                break;
            }
        }
        // Any part that failed fails the upload here, before the content is declared good.
        for (Future<CompletedPart> part : parts) {
            await(part);
        }
    }

    private void putSingle(byte[] buffer, int length) throws MediaStoreException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType)
                    .contentLength((long) length), body(buffer, length));
            putDone = true;
        } catch (SdkException e) {
            // The object may exist even so (the response was lost): abort() deletes it.
            putDone = true;
            throw failure("upload", e);
        }
    }

    /**
     * Sends the content as the body of one {@code PutObject} of {@code size} bytes while reading
     * it: the {@code prefix} already read, then the rest from {@code reader}. The body is read
     * once, in one attempt; a content that ends early or fails fails the request with the
     * reader's exception (a {@link io.vidstore.api.SizeMismatchException}, the caller's {@link
     * IOException}, …), and a content that goes on after {@code size} bytes fails once the
     * request is done. Either way {@link #abort} then deletes whatever the request left.
     */
    private void putStreaming(byte[] prefix, int prefixLength, CheckedReader reader, long size)
            throws IOException {
        OnceBody body = new OnceBody(prefix, prefixLength, reader, size);
        // From here on the object may exist, even when the request fails: abort() deletes it.
        putDone = true;
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength(size)
                    .overrideConfiguration(o -> o.addPlugin(SINGLE_ATTEMPT)),
                    RequestBody.fromContentProvider(body, size, "application/octet-stream"));
        } catch (RuntimeException e) {
            // The S3 client wraps what the body threw; the save fails with the original.
            body.rethrowFailure();
            if (e instanceof SdkException) {
                throw failure("upload", e);
            }
            throw e;
        }
        body.rethrowFailure();
        if (body.sent != size) {
            throw new MediaStoreException("the S3 client sent " + body.sent + " of the " + size
                    + " bytes of object '" + key + "' in bucket '" + bucket + "'");
        }
        // The content must end here: one more byte is a SizeMismatchException.
        reader.readFully(new byte[1], 0, 1);
    }

    /** Makes the uploaded content the object; after the last part is written and checked. */
    void complete() throws MediaStoreException {
        if (uploadId == null) {
            return;
        }
        List<CompletedPart> completed = new ArrayList<>(parts.size());
        for (Future<CompletedPart> part : parts) {
            completed.add(await(part));
        }
        try {
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build()));
        } catch (SdkException e) {
            throw failure("complete the multipart upload of", e);
        }
        uploadId = null;
        putDone = true;
    }

    /**
     * Removes whatever this writer put into the bucket; failures are added to {@code cause} as
     * suppressed exceptions.
     *
     * @return true if nothing is left behind
     */
    boolean abort(Throwable cause) {
        aborted = true;
        boolean clean = true;
        if (uploadId != null) {
            // A part that finished uploading after the abort would be kept by some servers: wait
            // for the parts that are running (the others are skipped), then abort.
            for (Future<CompletedPart> part : parts) {
                try {
                    part.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException | CancellationException e) {
                    // The part failed or was cancelled, which is all the same now.
                }
            }
            try {
                String id = uploadId;
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id));
                uploadId = null;
            } catch (SdkException e) {
                clean = false;
                cause.addSuppressed(e);
            }
        }
        if (putDone) {
            try {
                s3.deleteObject(b -> b.bucket(bucket).key(key));
            } catch (SdkException e) {
                clean = false;
                cause.addSuppressed(e);
            }
        }
        LOG.debug("aborted the upload of {}: {}", key, cause.toString());
        return clean;
    }

    private byte[] nextBuffer() throws IOException {
        byte[] buffer = free.poll();
        if (buffer != null) {
            return buffer;
        }
        if (buffersAllocated <= parallelism) {
            buffersAllocated++;
            return new byte[partSize];
        }
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while uploading " + key);
        }
    }

    private void submit(int number, byte[] buffer, int length) throws MediaStoreException {
        String id = uploadId;
        // A failed part fails the upload early, instead of after the whole stream was read.
        for (Future<CompletedPart> part : parts) {
            if (part.isDone()) {
                await(part);
            }
        }
        parts.add(executor.submit(() -> {
            try {
                uploading.acquire();
                try {
                    if (aborted) {
                        throw new CancellationException("the upload of '" + key + "' was aborted");
                    }
                    UploadPartResponse response = s3.uploadPart(b -> b.bucket(bucket).key(key)
                            .uploadId(id).partNumber(number).contentLength((long) length),
                            body(buffer, length));
                    return CompletedPart.builder().partNumber(number).eTag(response.eTag()).build();
                } finally {
                    uploading.release();
                }
            } finally {
                free.add(buffer);
            }
        }));
    }

    private CompletedPart await(Future<CompletedPart> part) throws MediaStoreException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaStoreException("interrupted while uploading '" + key + "'", e);
        } catch (ExecutionException e) {
            throw failure("upload a part of", e.getCause());
        }
    }

    /** A body over the buffer without copying it; the SDK may read it more than once (signing, retries). */
    private static RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length),
                length, "application/octet-stream");
    }

    /**
     * The body of a streaming {@code PutObject}: exactly {@code size} bytes, given to one stream
     * only. A second {@link #newStream()} (a retry, or a signer that reads the body twice) fails
     * rather than send other bytes. The first exception of the content is kept, so that the save
     * fails with it and not with the S3 client's wrapper.
     */
    private final class OnceBody implements ContentStreamProvider {

        private final byte[] prefix;
        private final int prefixLength;
        private final CheckedReader reader;
        private final long size;
        private boolean opened;
        private long sent;
        private Throwable failure;

        OnceBody(byte[] prefix, int prefixLength, CheckedReader reader, long size) {
            this.prefix = prefix;
            this.prefixLength = prefixLength;
            this.reader = reader;
            this.size = size;
        }

        @Override
        public InputStream newStream() {
            if (opened) {
                throw new IllegalStateException("the S3 client asked a second time for the body of"
                        + " object '" + key + "', which is read from the caller's stream and can be"
                        + " sent only once");
            }
            opened = true;
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    Objects.checkFromIndexSize(off, len, b.length);
                    return OnceBody.this.read(b, off, len);
                }

                @Override
                public void close() {
                    // The caller's stream stays open: the caller closes it.
                }
            };
        }

        int read(byte[] b, int off, int len) throws IOException {
            if (failure != null) {
                rethrowFailure();
            }
            if (len == 0) {
                return 0;
            }
            if (sent == size) {
                return -1;
            }
            int n;
            try {
                if (sent < prefixLength) {
                    n = (int) Math.min(len, prefixLength - sent);
                    System.arraycopy(prefix, (int) sent, b, off, n);
                } else {
                    int want = (int) Math.min(len, size - sent);
                    n = reader.readFully(b, off, want);
                    if (n < want) {
                        // Ended early: finish() throws the SizeMismatchException.
                        reader.finish();
                        throw new IllegalStateException("the content of '" + key + "' ended after "
                                + reader.count() + " of " + size + " bytes");
                    }
                }
            } catch (IOException | RuntimeException | Error e) {
                failure = e;
                throw e;
            }
            sent += n;
            return n;
        }

        void rethrowFailure() throws IOException {
            if (failure instanceof IOException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }
    }

    private MediaStoreException failure(String what, Throwable e) {
        return new MediaStoreException("cannot " + what + " object '" + key + "' in bucket '"
                + bucket + "': " + e.getMessage(), e);
    }
}
