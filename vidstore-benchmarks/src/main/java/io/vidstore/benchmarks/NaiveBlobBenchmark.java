package io.vidstore.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The baseline vidstore replaces: the original application read a whole upload into a {@code
 * byte[]}, stored it as a BLOB with sqlite-jdbc's default settings, and read it back whole. Compare
 * its {@code gc.alloc.rate.norm} and time with {@link SaveBenchmark} and {@link ReadBenchmark} at
 * the same {@code fileSize}. SQLite refuses BLOBs over 1,000,000,000 bytes, so 1 GiB cannot be
 * measured at all.
 *
 * <pre>java -jar vidstore-benchmarks/target/benchmarks.jar NaiveBlobBenchmark -p fileSize=256MiB -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class NaiveBlobBenchmark {

    /** The size of the file: bytes, or with a KiB, MiB or GiB suffix. */
    @Param({"16MiB", "256MiB"})
    public String fileSize;

    private static final String INSERT = "INSERT INTO files (id, project_id, filename, content_type,"
            + " data, created_at) VALUES (?, 'benchmark', 'clip.mp4', 'video/mp4', ?, datetime('now'))";

    private long size;
    private ScratchDirectory dir;
    private Connection connection;
    private int nextId;

    /**
     * Creates the original application's table and stores one file to read.
     *
     * @throws IOException if the directory cannot be created
     * @throws SQLException if the database cannot be written
     */
    @Setup(Level.Trial)
    public void createDatabase() throws IOException, SQLException {
        size = ByteSize.parse(fileSize);
        dir = ScratchDirectory.create("naive-");
        connection = DriverManager.getConnection("jdbc:sqlite:" + dir.path().resolve("legacy.db"));
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE files (id TEXT PRIMARY KEY, project_id TEXT, filename TEXT NOT NULL,"
                    + " content_type TEXT, data BLOB, created_at TEXT NOT NULL)");
        }
        insert("stored", new PatternInputStream(size).readAllBytes());
    }

    /**
     * Reads the whole upload into memory and inserts it as a BLOB.
     *
     * @return the number of bytes stored
     * @throws IOException if reading the upload fails
     * @throws SQLException if the insert fails
     */
    @Benchmark
    public long naiveSave() throws IOException, SQLException {
        byte[] all = new PatternInputStream(size).readAllBytes();
        insert("saved-" + nextId++, all);
        return all.length;
    }

    /**
     * Reads the whole BLOB into memory and writes it to a discarding stream.
     *
     * @return the number of bytes read
     * @throws IOException if writing fails
     * @throws SQLException if the query fails
     */
    @Benchmark
    public long naiveOpen() throws IOException, SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT data FROM files WHERE id = 'stored'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            byte[] all = rs.getBytes(1);
            OutputStream.nullOutputStream().write(all);
            return all.length;
        }
    }

    private void insert(String id, byte[] data) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
            ps.setString(1, id);
            ps.setBytes(2, data);
            ps.executeUpdate();
        }
    }

    /**
     * Deletes the saved rows outside the measured time.
     *
     * @throws SQLException if the delete fails
     */
    @TearDown(Level.Invocation)
    public void deleteSaved() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("DELETE FROM files WHERE id <> 'stored'");
        }
    }

    /**
     * Closes the database and removes its directory.
     *
     * @throws SQLException if closing fails
     */
    @TearDown(Level.Trial)
    public void closeDatabase() throws SQLException {
        connection.close();
        dir.close();
    }
}
