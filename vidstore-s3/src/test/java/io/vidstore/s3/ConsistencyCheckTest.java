package io.vidstore.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaUpload;
import io.vidstore.api.MissingContentException;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import io.vidstore.s3.ConsistencyReport.Finding;
import io.vidstore.s3.ConsistencyReport.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** Drift between the database and the bucket is found, and repaired where that is safe. */
class ConsistencyCheckTest extends WithTestServers {

    private S3MediaStore store;

    @BeforeEach
    void store() throws Exception {
        store = servers.store(servers.builder().keyPrefix("app/"));
    }

    private StoredMedia save(String name, long size, long seed) throws IOException {
        try (InputStream in = TestStreams.generated(size, seed)) {
            return store.save(MediaUpload.of("p", name, name.endsWith(".mp4") ? "video/mp4" : "text/plain"), in);
        }
    }

    @Test
    void findsOrphansMissingObjectsAndWrongSizesAndRepairsOrphans() throws IOException {
        StoredMedia kept = save("kept.mp4", 100_000, 1);
        StoredMedia lost = save("lost.mp4", 100_000, 2);
        StoredMedia changed = save("changed.mp4", 100_000, 3);
        save("small.srt", 10, 4);
        String lostKey = key(lost);
        TestServers.s3().deleteObject(b -> b.bucket(servers.bucket).key(lostKey));
        String changedKey = key(changed);
        TestServers.s3().putObject(b -> b.bucket(servers.bucket).key(changedKey), RequestBody.fromBytes(new byte[5]));
        String orphan = "app/media/zz/orphan.mp4";
        TestServers.s3().putObject(b -> b.bucket(servers.bucket).key(orphan), RequestBody.fromBytes(new byte[7]));
        String outside = "other-data/file.bin";
        TestServers.s3().putObject(b -> b.bucket(servers.bucket).key(outside), RequestBody.fromBytes(new byte[3]));

        ConsistencyReport report = store.check();

        assertFalse(report.isConsistent());
        assertEquals(3, report.findings().size(), report.toString());
        Finding missing = report.findings(Problem.OBJECT_MISSING).get(0);
        assertEquals(lost.id().value(), missing.mediaId());
        assertEquals("s3://" + servers.bucket + "/" + lostKey, missing.location());
        assertEquals(changed.id().value(), report.findings(Problem.SIZE_MISMATCH).get(0).mediaId());
        assertEquals("s3://" + servers.bucket + "/" + orphan, report.findings(Problem.ORPHAN_OBJECT).get(0).location());
        assertEquals(3, report.rowsChecked());
        assertEquals(3, report.objectsChecked());
        MissingContentException e = assertThrows(MissingContentException.class, () -> store.open(lost.id()));
        assertTrue(e.getMessage().contains(lostKey), e.getMessage());

        ConsistencyReport repaired = store.repair();
        assertTrue(repaired.findings(Problem.ORPHAN_OBJECT).get(0).repaired());
        assertFalse(repaired.findings(Problem.OBJECT_MISSING).get(0).repaired());
        // The orphan is moved into the quarantine, not deleted.
        List<QuarantinedObject> quarantined = store.quarantined();
        assertEquals(1, quarantined.size(), quarantined.toString());
        assertEquals(orphan, quarantined.get(0).originalKey());
        assertEquals(7, quarantined.get(0).size());
        List<String> keys = TestServers.objects(servers.bucket).stream().map(o -> o.key())
                .filter(k -> !k.startsWith("app/quarantine/")).sorted().toList();
        assertEquals(List.of(changedKey, key(kept), outside).stream().sorted().toList(), keys);
        assertEquals(List.of(Problem.OBJECT_MISSING, Problem.SIZE_MISMATCH),
                store.check().findings().stream().map(Finding::problem).sorted().toList());
    }

    @Test
    void aStoreWithoutDriftIsConsistent() throws IOException {
        for (int i = 0; i < 5; i++) {
            save("v" + i + ".mp4", 20_000 + i, i);
        }
        StoredMedia deleted = save("gone.mp4", 1000, 9);
        assertTrue(store.delete(deleted.id()));
        ConsistencyReport report = store.check();
        assertEquals(List.of(), report.findings(), report.toString());
        assertEquals(5, report.rowsChecked());
        assertEquals(5, report.objectsChecked());
    }

    @Test
    void aDeepCheckFindsContentOfTheRightSizeWithOtherBytesAndRepairLeavesIt() throws Exception {
        StoredMedia video = save("video.mp4", 100_000, 1);
        StoredMedia small = save("small.srt", 100, 2);
        StoredMedia intact = save("intact.mp4", 50_000, 3);
        StoredMedia intactSmall = save("intact.srt", 80, 4);
        // The same sizes with other bytes: only hashing can tell.
        String videoKey = key(video);
        TestServers.s3().putObject(b -> b.bucket(servers.bucket).key(videoKey),
                RequestBody.fromBytes(bytes(100_000, 99)));
        try (Connection c = Postgres.dataSource(servers.schema).getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE files SET data = ? WHERE id = ?")) {
            ps.setBytes(1, bytes(100, 98));
            ps.setString(2, small.id().value());
            assertEquals(1, ps.executeUpdate());
        }

        ConsistencyReport shallow = store.check();
        assertEquals(List.of(), shallow.findings(), "sizes agree, so a check without hashing finds nothing");
        assertFalse(shallow.deep());
        assertEquals(2, shallow.rowsChecked());

        ConsistencyReport deep = store.check(true);
        assertTrue(deep.deep());
        assertEquals(2, deep.findings().size(), deep.toString());
        Map<String, Finding> byId = deep.findings(Problem.CHECKSUM_MISMATCH).stream()
                .collect(Collectors.toMap(Finding::mediaId, f -> f));
        assertEquals(Set.of(video.id().value(), small.id().value()), byId.keySet());
        Finding object = byId.get(video.id().value());
        assertEquals("s3://" + servers.bucket + "/" + videoKey, object.location());
        assertTrue(object.detail().contains(video.sha256().orElseThrow()), object.detail());
        assertEquals("files/" + small.id().value(), byId.get(small.id().value()).location());
        assertEquals(4, deep.rowsChecked(), "two rows with objects and two with inline content");
        assertEquals(2, deep.objectsChecked());

        ConsistencyReport repaired = store.repair(true);
        assertEquals(2, repaired.findings(Problem.CHECKSUM_MISMATCH).size());
        assertFalse(repaired.isConsistent(), "a mismatch is left for a person to decide");
        for (StoredMedia m : List.of(video, small, intact, intactSmall)) {
            assertTrue(store.find(m.id()).isPresent(), m.id() + " lost its row");
        }
        assertEquals(2, TestServers.objects(servers.bucket).size());
        assertEquals(2, store.check(true).findings(Problem.CHECKSUM_MISMATCH).size());
    }

    @Test
    void aDeepCheckOfAnIntactStoreHashesEverythingAndFindsNothing() throws IOException {
        for (int i = 0; i < 3; i++) {
            save("v" + i + ".mp4", 6_000_000 + i, i);
            save("s" + i + ".srt", 50 + i, 10 + i);
        }
        ConsistencyReport report = store.check(true);
        assertEquals(List.of(), report.findings(), report.toString());
        assertTrue(report.isConsistent());
        assertEquals(6, report.rowsChecked());
        assertEquals(3, report.objectsChecked());
    }

    private static byte[] bytes(int size, long seed) throws IOException {
        try (InputStream in = TestStreams.generated(size, seed)) {
            return in.readAllBytes();
        }
    }

    private String key(StoredMedia media) throws IOException {
        return TestServers.objects(servers.bucket).stream().map(o -> o.key())
                .filter(k -> k.contains(media.id().value())).findFirst()
                .orElseThrow(() -> new IOException("no object for " + media.id()));
    }
}
