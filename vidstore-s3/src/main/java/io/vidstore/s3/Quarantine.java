package io.vidstore.s3;

import io.vidstore.api.MediaStoreException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The part of the bucket where repairs put objects that no row references, instead of deleting
 * them: {@code <prefix>quarantine/<repair>/<key without prefix>}, where {@code <repair>} is the
 * repair's start time and a random suffix, next to a {@value #MANIFEST} listing what was moved.
 * Quarantined keys are outside {@code <prefix>media/}, so checks never see them as orphans.
 */
final class Quarantine {

    /** The name of each repair's manifest, in the repair's folder. */
    static final String MANIFEST = "MANIFEST.tsv";

    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** S3's limit for one {@code CopyObject}; larger objects are copied in parts. */
    private static final long MAX_SINGLE_COPY = 5L << 30;
    private static final long COPY_PART = 512L << 20;
    private static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final String bucket;
    private final String keyPrefix;
    private final String prefix;

    Quarantine(S3Client s3, String bucket, String keyPrefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.keyPrefix = keyPrefix;
        this.prefix = keyPrefix + "quarantine/";
    }

    /** {@return the key prefix of everything quarantined} */
    String prefix() {
        return prefix;
    }

    /** Starts the folder of one repair; nothing is written before the first move. */
    Batch start(Instant now) {
        String folder = prefix + STAMP.format(now) + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "/";
        return new Batch(folder, now);
    }

    /** The objects moved by one repair, and its manifest. */
    final class Batch {
        private final String folder;
        private final Instant time;
        private final StringBuilder manifest = new StringBuilder(
                "original_key\tquarantined_key\tsize\tlast_modified\treason\tquarantined_at\n");
        private int moved;

        private Batch(String folder, Instant time) {
            this.folder = folder;
            this.time = time;
        }

        /**
         * Moves an object into the quarantine: copies it, checks the copy's size, and only then
         * deletes the original.
         *
         * @return the key the object has now
         */
        String move(S3Object object, String reason) throws MediaStoreException {
            String target = folder + object.key().substring(keyPrefix.length());
            try {
                copy(object.key(), target, object.size());
                long copied = s3.headObject(b -> b.bucket(bucket).key(target)).contentLength();
                if (copied != object.size()) {
                    throw new MediaStoreException("the quarantine copy " + location(target) + " has "
                            + copied + " bytes, not the " + object.size() + " of " + location(object.key())
                            + "; the original is kept");
                }
                s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
            } catch (SdkException e) {
                throw new MediaStoreException("cannot move " + location(object.key()) + " into quarantine at "
                        + location(target) + ": " + e.getMessage() + "; the original is kept unless"
                        + " the copy is complete", e);
            }
            moved++;
            manifest.append(field(object.key())).append('\t').append(field(target)).append('\t')
                    .append(object.size()).append('\t').append(object.lastModified()).append('\t')
                    .append(field(reason)).append('\t').append(time).append('\n');
            LOG.info("moved orphan {} into quarantine as {}", location(object.key()), location(target));
            return target;
        }

        /** Writes the manifest, if anything was moved. */
        void finish() throws MediaStoreException {
            if (moved == 0) {
                return;
            }
            String key = folder + MANIFEST;
            try {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/tab-separated-values; charset=utf-8"),
                        RequestBody.fromBytes(manifest.toString().getBytes(StandardCharsets.UTF_8)));
            } catch (SdkException e) {
                throw new MediaStoreException("moved " + moved + " objects into " + location(folder)
                        + " but cannot write its manifest " + location(key) + ": " + e.getMessage(), e);
            }
        }
    }

    private void copy(String source, String target, long size) {
        if (size <= MAX_SINGLE_COPY) {
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(source)
                    .destinationBucket(bucket).destinationKey(target));
            return;
        }
        long part = Math.max(COPY_PART, (size + MAX_PARTS - 1) / MAX_PARTS);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(target)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long from = 0; from < size; from += part) {
                int number = parts.size() + 1;
                String range = "bytes=" + from + "-" + (Math.min(size, from + part) - 1);
                String etag = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(source)
                        .destinationBucket(bucket).destinationKey(target).uploadId(uploadId)
                        .partNumber(number).copySourceRange(range)).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(target).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (SdkException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(target).uploadId(uploadId));
            } catch (SdkException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    /** Lists what is quarantined, oldest repair first; manifests are left out. */
    List<QuarantinedObject> list() throws MediaStoreException {
        List<QuarantinedObject> result = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                String original = originalKey(object.key());
                if (original != null) {
                    result.add(new QuarantinedObject(object.key(), original, object.size(), object.lastModified()));
                }
            }
        } catch (SdkException e) {
            throw new MediaStoreException("cannot list the quarantine " + location(prefix) + ": "
                    + e.getMessage(), e);
        }
        return result;
    }

    /** Deletes everything quarantined, manifests included; returns how many content objects went. */
    long purge() throws MediaStoreException {
        long deleted = 0;
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                // Folder markers, which some servers list, are no objects the store wrote.
                if (object.key().endsWith("/")) {
                    continue;
                }
                s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
                if (originalKey(object.key()) != null) {
                    deleted++;
                }
            }
        } catch (SdkException e) {
            throw new MediaStoreException("cannot purge the quarantine " + location(prefix) + " after "
                    + deleted + " objects: " + e.getMessage(), e);
        }
        if (deleted > 0) {
            LOG.info("purged {} quarantined objects from {}", deleted, location(prefix));
        }
        return deleted;
    }

    /** The key a quarantined object had, or null for a manifest or a folder marker. */
    private String originalKey(String key) {
        String rest = key.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (key.endsWith("/") || slash < 0 || rest.substring(slash + 1).equals(MANIFEST)) {
            return null;
        }
        return keyPrefix + rest.substring(slash + 1);
    }

    /** A value for one field of the manifest: tabs, line breaks and backslashes escaped. */
    private static String field(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private String location(String key) {
        return "s3://" + bucket + "/" + key;
    }
}
