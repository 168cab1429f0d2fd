package io.vidstore.s3;

import io.vidstore.api.MediaStoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table {@code upload_journal}: one entry per object this process is writing (or deleting),
 * committed before the first byte goes to object storage and removed in the same transaction that
 * commits the media's row. An entry that outlives its process is what a crash left behind: its
 * multipart upload is aborted and its object deleted unless a row references it.
 *
 * <p>An entry belongs to its owner, one store instance, which refreshes the heartbeat of its
 * entries while it runs. Another instance takes an entry over only when its heartbeat is older
 * than the grace period (by the database's clock, so servers' clocks do not matter) or when its
 * owner was a process of the same PID namespace that no longer exists.
 */
final class Journal {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    /** An entry: an object being written or deleted, and the multipart upload if there is one. */
    record Entry(String objectKey, String uploadId, String owner, boolean stale) { }

    private final Database db;
    private final String owner;
    private final Duration grace;
    private final AtomicInteger inFlight = new AtomicInteger();

    Journal(Database db, Duration grace) {
        this.db = db;
        this.grace = grace;
        this.owner = ownerId();
    }

    String owner() {
        return owner;
    }

    /** Records that this instance starts writing {@code objectKey}. */
    void begin(String objectKey) throws MediaStoreException {
        db.read("journal the upload of '" + objectKey + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO upload_journal (object_key, owner) VALUES (?, ?)")) {
                ps.setString(1, objectKey);
                ps.setString(2, owner);
                ps.executeUpdate();
            }
            return null;
        });
        inFlight.incrementAndGet();
    }

    /** Records the multipart upload that now holds the parts of {@code objectKey}. */
    void uploadStarted(String objectKey, String uploadId) throws MediaStoreException {
        db.read("journal the multipart upload of '" + objectKey + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE upload_journal SET upload_id = ? WHERE object_key = ?")) {
                ps.setString(1, uploadId);
                ps.setString(2, objectKey);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Adds the entry for a deletion to the caller's transaction. */
    void beginInTransaction(Connection c, String objectKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO upload_journal (object_key, owner)"
                + " VALUES (?, ?) ON CONFLICT (object_key) DO NOTHING")) {
            ps.setString(1, objectKey);
            ps.setString(2, owner);
            ps.executeUpdate();
        }
        inFlight.incrementAndGet();
    }

    /** Removes the entry within the caller's transaction (the one that commits the row). */
    void endInTransaction(Connection c, String objectKey) throws SQLException {
        remove(c, objectKey);
    }

    /** Called once the transaction of {@link #endInTransaction} has committed, or the entry was removed otherwise. */
    void ended() {
        inFlight.decrementAndGet();
    }

    /** Removes the entry on its own, after the work it recorded was undone. */
    void end(String objectKey) throws MediaStoreException {
        db.read("remove '" + objectKey + "' from the upload journal", c -> {
            remove(c, objectKey);
            return null;
        });
        ended();
    }

    /**
     * Gives up an entry whose work could not be undone: it no longer gets heartbeats and is
     * marked as stale at once, so that the next recovery or repair (of any instance) cleans it up.
     */
    void abandon(String objectKey) {
        try {
            db.read("give up '" + objectKey + "' in the upload journal", c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE upload_journal SET"
                        + " owner = owner || ' (abandoned)', heartbeat = 'epoch' WHERE object_key = ?")) {
                    ps.setString(1, objectKey);
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (MediaStoreException e) {
            LOG.warn("{}", e.getMessage());
        }
        ended();
    }

    private static void remove(Connection c, String objectKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM upload_journal WHERE object_key = ?")) {
            ps.setString(1, objectKey);
            ps.executeUpdate();
        }
    }

    /** Refreshes the heartbeat of this instance's entries; cheap when there are none. */
    void heartbeat() {
        if (inFlight.get() <= 0) {
            return;
        }
        try {
            db.read("refresh the upload journal's heartbeat", c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE upload_journal SET heartbeat = now() WHERE owner = ?")) {
                    ps.setString(1, owner);
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (MediaStoreException | RuntimeException e) {
            // Keep beating: an exception would end the scheduled task for good.
            LOG.warn("{}", e.getMessage());
        }
    }

    /** {@return every entry, with whether another instance may clean it up now} */
    List<Entry> entries() throws MediaStoreException {
        return db.read("read the upload journal", c -> {
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT object_key, upload_id, owner,"
                    + " heartbeat < now() - make_interval(secs => ?) FROM upload_journal"
                    + " ORDER BY started_at")) {
                ps.setDouble(1, grace.toMillis() / 1000.0);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String entryOwner = rs.getString(3);
                        boolean stale = !entryOwner.equals(owner)
                                && (rs.getBoolean(4) || isDeadLocalProcess(entryOwner));
                        entries.add(new Entry(rs.getString(1), rs.getString(2), entryOwner, stale));
                    }
                }
            }
            return entries;
        });
    }

    /**
     * Runs {@code cleanup} for a stale entry while holding its row locked, and removes the entry
     * if the cleanup succeeds. Another instance cleaning up at the same time skips the entry.
     *
     * @return true if this call removed the entry
     */
    boolean takeOver(Entry entry, Cleanup cleanup) throws MediaStoreException {
        return db.write("clean up '" + entry.objectKey() + "' from the upload journal", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM upload_journal"
                    + " WHERE object_key = ? AND owner = ? FOR UPDATE SKIP LOCKED")) {
                ps.setString(1, entry.objectKey());
                ps.setString(2, entry.owner());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                }
            }
            boolean referenced;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM files WHERE storage_path = ?")) {
                ps.setString(1, entry.objectKey());
                try (ResultSet rs = ps.executeQuery()) {
                    referenced = rs.next();
                }
            }
            try {
                cleanup.run(entry, referenced);
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot clean up '{}' left by {}: {}", entry.objectKey(), entry.owner(), e.toString());
                return false;
            }
            remove(c, entry.objectKey());
            return true;
        });
    }

    /** Undoes what a stale entry recorded. */
    @FunctionalInterface
    interface Cleanup {
        void run(Entry entry, boolean referencedByRow) throws IOException;
    }

    // ---------------------------------------------------------------- who owns an entry

    /**
     * An owner id names the process so that a later process on the same machine can tell whether
     * it still runs: {@code host/pid@pidspace/random}, where the PID space is the boot id and PID
     * namespace on Linux (containers on one machine have PID namespaces of their own).
     */
    private static String ownerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "@" + pidSpace().orElse("unknown")
                + "/" + UUID.randomUUID();
    }

    private static Optional<String> pidSpace() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
            String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            return Optional.of(boot + ":" + ns.replaceAll("[^0-9]", ""));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** True only when the owner ran in this PID space and its process is gone. */
    private boolean isDeadLocalProcess(String entryOwner) {
        int at = entryOwner.indexOf('@');
        int slash = entryOwner.lastIndexOf('/', at);
        int end = entryOwner.indexOf('/', at);
        if (at < 0 || slash < 0 || end < 0) {
            return false;
        }
        String space = entryOwner.substring(at + 1, end);
        String mySpace = owner.substring(owner.indexOf('@') + 1, owner.indexOf('/', owner.indexOf('@')));
        if (space.equals("unknown") || !space.equals(mySpace)) {
            return false;
        }
        try {
            long pid = Long.parseLong(entryOwner.substring(slash + 1, at));
            if (pid == ProcessHandle.current().pid()) {
                // Our PID, another owner: an earlier process that had this PID before us.
                return true;
            }
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
