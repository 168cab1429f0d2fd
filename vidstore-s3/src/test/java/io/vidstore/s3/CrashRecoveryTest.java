package io.vidstore.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.s3.ConsistencyReport.Problem;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * What a crashed process leaves behind is cleaned up by the next start, and uploads of processes
 * that are alive (here or on other servers) are left alone.
 */
class CrashRecoveryTest extends WithTestServers {

    /** Long enough that a fresh heartbeat stays fresh on a slow machine; heartbeats are moved back instead. */
    private static final Duration GRACE = Duration.ofMinutes(1);

    @Test
    void aProcessKilledDuringAnUploadIsCleanedUpOnTheNextStart() throws Exception {
        Process child = ChildJvm.of("128m", EndlessUpload.class, servers.childArgs()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("uploading")) {
                // Log lines of the child's start.
            }
            assertEquals("uploading", line, "the child never got to upload");
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(1, TestServers.uploads(servers.bucket).size(), "the killed child's multipart upload");

        S3MediaStore looking = servers.store(servers.builder().recoverOnStart(false));
        ConsistencyReport before = looking.check();
        assertEquals(1, before.findings(Problem.INTERRUPTED_UPLOAD).size(), before.toString());
        assertFalse(before.isConsistent());
        assertEquals(1, TestServers.uploads(servers.bucket).size(), "check() changes nothing");

        // The child's PID is gone, so the next start need not wait for the grace period.
        S3MediaStore next = servers.store(servers.builder());
        assertEquals(List.of(), TestServers.uploads(servers.bucket), "multipart uploads after the restart");
        assertEquals(List.of(), TestServers.objects(servers.bucket));
        ConsistencyReport after = next.check();
        assertEquals(List.of(), after.findings(), after.toString());
        assertEquals(List.of(), next.list("crash"));
    }

    @Test
    void aProcessKilledDuringAStreamingPutIsCleanedUpOnTheNextStart() throws Exception {
        List<String> args = new ArrayList<>(servers.childArgs());
        args.add("declared");
        Process child = ChildJvm.of("128m", EndlessUpload.class, args).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("uploading")) {
                // Log lines of the child's start.
            }
            assertEquals("uploading", line, "the child never got to upload");
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), TestServers.uploads(servers.bucket), "a streaming PutObject has no multipart upload");
        // Let s3proxy drop the body it was receiving, so that what follows sees only what the
        // child left for good: its journal entry.
        TestServers.objectsOnceSettled(servers.bucket);

        S3MediaStore looking = servers.store(servers.builder().recoverOnStart(false));
        ConsistencyReport before = looking.check();
        assertEquals(1, before.findings(Problem.INTERRUPTED_UPLOAD).size(), before.toString());

        S3MediaStore next = servers.store(servers.builder());
        ConsistencyReport after = next.check();
        assertEquals(List.of(), after.findings(), after.toString());
        assertEquals(List.of(), next.list("crash"));
    }

    @Test
    void uploadsOfLiveOwnersAreLeftAloneUntilTheirHeartbeatStops() throws Exception {
        String key = "media/ab/abandoned-by-another-server.mp4";
        String uploadId = TestServers.s3().createMultipartUpload(b -> b.bucket(servers.bucket).key(key)).uploadId();
        TestServers.s3().uploadPart(b -> b.bucket(servers.bucket).key(key).uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(new byte[1000]));
        S3MediaStore store = servers.store(servers.builder().gracePeriod(GRACE));
        try (Connection c = Postgres.dataSource(servers.schema).getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO upload_journal (object_key, upload_id, owner)"
                        + " VALUES (?, ?, 'other-server/4242@elsewhere/0')")) {
            ps.setString(1, key);
            ps.setString(2, uploadId);
            ps.executeUpdate();
        }

        // Another server's upload with a fresh heartbeat: neither a new store nor repair touch it.
        servers.store(servers.builder().gracePeriod(GRACE));
        ConsistencyReport live = store.repair();
        assertEquals(List.of(), live.findings(), live.toString());
        assertEquals(1, TestServers.uploads(servers.bucket).size());

        // Once its heartbeat is older than the grace period, it is taken as abandoned.
        try (Connection c = Postgres.dataSource(servers.schema).getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE upload_journal"
                        + " SET heartbeat = now() - interval '2 minutes' WHERE object_key = ?")) {
            ps.setString(1, key);
            assertEquals(1, ps.executeUpdate());
        }
        ConsistencyReport stale = store.repair();
        assertEquals(1, stale.findings(Problem.INTERRUPTED_UPLOAD).size(), stale.toString());
        assertTrue(stale.isConsistent(), stale.toString());
        assertEquals(List.of(), TestServers.uploads(servers.bucket));
    }
}
