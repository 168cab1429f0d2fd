package io.vidstore.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaStoreException;
import io.vidstore.api.StoredMedia;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code files} table on PostgreSQL: created, upgraded in place from older shapes, or refused. */
class SchemaTest extends WithTestServers {

    /** The table of the application vidstore replaces, on PostgreSQL. */
    private static final String ORIGINAL_DDL = "CREATE TABLE files (id TEXT PRIMARY KEY, project_id TEXT,"
            + " filename TEXT NOT NULL, content_type TEXT, data BYTEA, created_at TEXT NOT NULL)";

    private void sql(String statement) throws SQLException {
        try (Connection c = Postgres.dataSource(servers.schema).getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private Set<String> columns() throws SQLException {
        Set<String> names = new HashSet<>();
        try (Connection c = Postgres.dataSource(servers.schema).getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                        + " WHERE table_schema = ? AND table_name = 'files'")) {
            ps.setString(1, servers.schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private int version() throws SQLException {
        try (Connection c = Postgres.dataSource(servers.schema).getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT max(version) FROM vidstore_schema")) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    @Test
    void upgradesTheOriginalApplicationsTableInPlaceAndKeepsItsRows() throws Exception {
        sql(ORIGINAL_DDL);
        byte[] notes = "1\n00:00:01,000 --> 00:00:02,000\nHello\n".getBytes(StandardCharsets.UTF_8);
        try (Connection c = Postgres.dataSource(servers.schema).getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO files (id, project_id, filename,"
                        + " content_type, data, created_at) VALUES ('old-1', 'p', 'notes.srt', 'application/x-subrip', ?,"
                        + " '2021-03-04 05:06:07')")) {
            ps.setBytes(1, notes);
            assertEquals(1, ps.executeUpdate());
        }

        S3MediaStore store = servers.store(servers.builder());

        assertTrue(columns().containsAll(Set.of("id", "project_id", "filename", "content_type", "data",
                "created_at", "storage_path", "file_size", "is_video", "sha256", "seq")), columns().toString());
        assertEquals(Schema.LATEST, version());
        StoredMedia old = store.find(MediaId.of("old-1")).orElseThrow();
        assertEquals("notes.srt", old.filename());
        assertEquals(notes.length, old.size());
        assertFalse(old.isVideo());
        try (MediaContent content = store.open(old.id()); InputStream in = content.inputStream()) {
            assertArrayEquals(notes, in.readAllBytes());
        }
        // A second start finds the schema current and changes nothing.
        servers.store(servers.builder());
        assertEquals(Schema.LATEST, version());
        assertEquals(1, store.list("p").size());
    }

    @Test
    void createsTheTableInAnEmptySchema() throws Exception {
        servers.store(servers.builder());
        assertTrue(columns().containsAll(Set.of("id", "data", "storage_path", "file_size", "is_video",
                "sha256", "seq")), columns().toString());
        assertEquals(Schema.LATEST, version());
    }

    @Test
    void refusesATableThatIsNotTheApplications() throws Exception {
        sql("CREATE TABLE files (id TEXT PRIMARY KEY, path TEXT)");
        MediaStoreException e = assertThrows(MediaStoreException.class, () -> servers.store(servers.builder()));
        assertTrue(e.getMessage().contains("without the column 'project_id'"), e.getMessage());
        assertEquals(Set.of("id", "path"), columns(), "nothing was added to the table");
    }

    @Test
    void refusesASchemaWrittenByANewerVersion() throws Exception {
        servers.store(servers.builder());
        sql("UPDATE vidstore_schema SET version = " + (Schema.LATEST + 1));
        MediaStoreException e = assertThrows(MediaStoreException.class, () -> servers.store(servers.builder()));
        assertTrue(e.getMessage().contains("newer vidstore"), e.getMessage());
    }
}
