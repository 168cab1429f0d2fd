package io.vidstore.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import io.vidstore.s3.ConsistencyReport.Finding;
import io.vidstore.s3.ConsistencyReport.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A repair never deletes content because the metadata is gone: over a database that is new (its
 * schema empty), every object of the bucket is an orphan, and the repair moves them all into the
 * quarantine, from which only {@link S3MediaStore#purgeQuarantine()} deletes.
 */
class QuarantineTest extends WithTestServers {

    private final List<String> schemas = new ArrayList<>();

    @AfterEach
    void dropSchemas() throws Exception {
        for (String schema : schemas) {
            Postgres.dropSchema(schema);
        }
    }

    private S3MediaStore storeOnNewDatabase() throws Exception {
        String schema = Postgres.newSchema();
        schemas.add(schema);
        return servers.store(servers.builder().keyPrefix("app/").dataSource(Postgres.dataSource(schema)));
    }

    private static StoredMedia save(S3MediaStore store, String name, long size, long seed) throws IOException {
        try (InputStream in = TestStreams.generated(size, seed)) {
            return store.save(MediaUpload.of("p", name, name.endsWith(".mp4") ? "video/mp4" : "text/plain"), in);
        }
    }

    /** Every object's key with the SHA-256 of its bytes. */
    private Map<String, String> bucket() throws IOException {
        Map<String, String> result = new TreeMap<>();
        for (S3Object object : TestServers.objects(servers.bucket)) {
            try (InputStream in = TestServers.s3().getObject(b -> b.bucket(servers.bucket).key(object.key()))) {
                result.put(object.key(), TestStreams.sha256Hex(in));
            }
        }
        return result;
    }

    private String read(String key) {
        return TestServers.s3().getObjectAsBytes(b -> b.bucket(servers.bucket).key(key))
                .asString(StandardCharsets.UTF_8);
    }

    @Test
    void repairOverANewDatabaseQuarantinesEveryObjectAndOnlyPurgeDeletesThem() throws Exception {
        S3MediaStore original = servers.store(servers.builder().keyPrefix("app/"));
        List<StoredMedia> saved = List.of(save(original, "a.mp4", 100_000, 1), save(original, "b.mp4", 70_000, 2),
                save(original, "c.bin", 40_000, 3));
        save(original, "small.srt", 100, 4);
        String outside = "other-data/file.bin";
        TestServers.s3().putObject(b -> b.bucket(servers.bucket).key(outside), RequestBody.fromBytes(new byte[3]));
        Map<String, String> before = bucket();
        assertEquals(4, before.size(), before.toString());

        S3MediaStore fresh = storeOnNewDatabase();
        assertEquals(3, fresh.check().findings(Problem.ORPHAN_OBJECT).size());
        ConsistencyReport report = fresh.repair();

        List<Finding> orphans = report.findings(Problem.ORPHAN_OBJECT);
        assertEquals(3, orphans.size(), report.toString());
        assertTrue(report.isConsistent(), report.toString());
        for (Finding orphan : orphans) {
            assertTrue(orphan.repaired(), orphan.toString());
            assertTrue(orphan.detail().contains("moved into quarantine as s3://" + servers.bucket + "/app/quarantine/"),
                    orphan.detail());
        }

        // Nothing is lost: each object's bytes are still in the bucket, under the quarantine.
        Map<String, String> after = bucket();
        List<QuarantinedObject> quarantined = fresh.quarantined();
        assertEquals(3, quarantined.size(), quarantined.toString());
        Map<String, String> originalKeys = quarantined.stream()
                .collect(Collectors.toMap(QuarantinedObject::originalKey, QuarantinedObject::key));
        for (Map.Entry<String, String> object : before.entrySet()) {
            if (object.getKey().equals(outside)) {
                assertEquals(object.getValue(), after.get(outside), "an object outside the prefix is left alone");
                continue;
            }
            String now = originalKeys.get(object.getKey());
            assertTrue(now != null && now.startsWith("app/quarantine/") && now.endsWith(object.getKey().substring(4)),
                    object.getKey() + " -> " + now);
            assertEquals(object.getValue(), after.get(now), "the bytes of " + object.getKey());
            assertTrue(!after.containsKey(object.getKey()), object.getKey() + " is moved, not copied");
        }
        String folder = quarantined.get(0).key().substring(0, quarantined.get(0).key().indexOf("/media/") + 1);
        String manifest = read(folder + "MANIFEST.tsv");
        List<String> lines = manifest.lines().toList();
        assertEquals("original_key\tquarantined_key\tsize\tlast_modified\treason\tquarantined_at", lines.get(0));
        assertEquals(4, lines.size(), manifest);
        for (QuarantinedObject q : quarantined) {
            assertTrue(manifest.contains(q.originalKey() + "\t" + q.key() + "\t" + q.size() + "\t"), manifest);
        }
        assertEquals(5, after.size(), "three quarantined objects, their manifest and the outside object: " + after);
        assertEquals(List.of(), fresh.check().findings(), "quarantined objects are no orphans");
        assertEquals(List.of(), fresh.list("p"));

        // A quarantined object can be put back, and its media reads back intact.
        QuarantinedObject first = quarantined.stream()
                .filter(q -> q.originalKey().contains(saved.get(0).id().value())).findFirst().orElseThrow();
        TestServers.s3().copyObject(b -> b.sourceBucket(servers.bucket).sourceKey(first.key())
                .destinationBucket(servers.bucket).destinationKey(first.originalKey()));
        try (MediaContent content = original.open(saved.get(0).id());
                InputStream in = content.verifiedInputStream()) {
            assertEquals(saved.get(0).sha256().orElseThrow(), TestStreams.sha256Hex(in));
        }

        assertEquals(3, fresh.purgeQuarantine());
        assertEquals(List.of(), fresh.quarantined());
        assertEquals(List.of(first.originalKey(), outside).stream().sorted().toList(),
                new ArrayList<>(bucket().keySet()));
        assertEquals(0, fresh.purgeQuarantine());
    }

    @Test
    void aRepairWithNothingToMoveWritesNoManifest() throws Exception {
        S3MediaStore store = servers.store(servers.builder().keyPrefix("app/"));
        save(store, "a.mp4", 10_000, 1);
        assertEquals(List.of(), store.repair().findings());
        assertEquals(1, TestServers.objects(servers.bucket).size());
        assertEquals(List.of(), store.quarantined());
    }
}
