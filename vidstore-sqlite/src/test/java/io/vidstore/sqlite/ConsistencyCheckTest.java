package io.vidstore.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.testing.TestStreams;
import io.vidstore.sqlite.ConsistencyReport.Finding;
import io.vidstore.sqlite.ConsistencyReport.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsistencyCheckTest {

    @TempDir
    Path dir;

    private SqliteMediaStore store;

    @BeforeEach
    void open() throws IOException {
        store = SqliteMediaStore.builder(dir).chunkSize(16 << 10).inlineLimit(4096).build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aStoreThatAgreesWithItselfIsConsistent() throws Exception {
        store.save(MediaUpload.of("p", "a.mp4", null), TestStreams.mp4(50_000, 1));
        store.save(MediaUpload.of("p", "b.srt", null), new ByteArrayInputStream("hello".getBytes()));
        store.save(MediaUpload.of("p", "c.bin", null), TestStreams.generated(20_000, 2));

        ConsistencyReport report = store.check(true);

        assertEquals(List.of(), report.findings());
        assertTrue(report.isConsistent());
        assertEquals(3, report.rowsChecked());
        assertEquals(2, report.filesChecked());
        assertTrue(report.deep());
    }

    @Test
    void findsEveryKindOfDriftAndRepairsOnlyWhatIsSafe() throws Exception {
        StoredMedia deleted = saveVideo("deleted.mp4", 1);
        StoredMedia truncated = saveVideo("truncated.mp4", 2);
        StoredMedia flipped = saveVideo("flipped.mp4", 3);
        StoredMedia blob = store.save(MediaUpload.of("p", "small.bin", null), TestStreams.generated(1000, 4));
        Files.delete(file(deleted));
        try (FileChannel c = FileChannel.open(file(truncated), StandardOpenOption.WRITE)) {
            c.truncate(10_000);
        }
        try (FileChannel c = FileChannel.open(file(flipped), StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 20_000);
        }
        Rows.execute(store.databaseFile(),
                "UPDATE files SET data = zeroblob(1000) WHERE id = '" + blob.id().value() + "'");
        Path orphan = Files.write(Files.createDirectories(dir.resolve("media/0f")).resolve("0f-orphan.mp4"),
                new byte[123]);
        Path stray = Files.write(dir.resolve("tmp/stray.part"), new byte[5]);

        Map<Problem, List<String>> shallow = byProblem(store.check(false));
        assertEquals(List.of(deleted.id().value()), shallow.get(Problem.CONTENT_MISSING));
        assertEquals(List.of(truncated.id().value()), shallow.get(Problem.SIZE_MISMATCH));
        assertEquals(List.of(orphan.toString()), shallow.get(Problem.ORPHAN_FILE));
        assertEquals(List.of(stray.toString()), shallow.get(Problem.INTERRUPTED_WORK));
        assertFalse(shallow.containsKey(Problem.CHECKSUM_MISMATCH), "a shallow check hashes nothing");
        assertTrue(Files.exists(orphan) && Files.exists(stray), "check changes nothing");

        ConsistencyReport deep = store.check(true);
        assertEquals(List.of(flipped.id().value(), blob.id().value()),
                byProblem(deep).get(Problem.CHECKSUM_MISMATCH));
        assertFalse(deep.isConsistent());

        ConsistencyReport repaired = store.repair(false);
        assertFalse(Files.exists(orphan));
        assertFalse(Files.exists(stray));
        for (Finding f : repaired.findings()) {
            boolean safe = f.problem() == Problem.ORPHAN_FILE || f.problem() == Problem.INTERRUPTED_WORK;
            assertEquals(safe, f.repaired(), f.toString());
        }
        assertEquals(4, Rows.count(store.databaseFile()), "repair never deletes rows");

        Map<Problem, List<String>> after = byProblem(store.check(false));
        assertEquals(Map.of(Problem.CONTENT_MISSING, List.of(deleted.id().value()),
                Problem.SIZE_MISMATCH, List.of(truncated.id().value())), after);
    }

    @Test
    void aMissingFileWithABlobIsReportedAsFallback() throws Exception {
        StoredMedia video = saveVideo("v.mp4", 5);
        Rows.execute(store.databaseFile(),
                "UPDATE files SET data = zeroblob(5) WHERE id = '" + video.id().value() + "'");
        Files.delete(file(video));

        assertEquals(Map.of(Problem.FILE_MISSING_BLOB_USED, List.of(video.id().value())),
                byProblem(store.check(false)));
    }

    @Test
    void workInFlightIsNeitherReportedNorRemoved() throws Exception {
        Path file = Files.write(Files.createDirectories(dir.resolve("media/ab")).resolve("ab-busy.mp4"), new byte[10]);
        Path marker = dir.resolve("tmp/ab-busy.pending");
        try (FileChannel channel = FileChannel.open(marker, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            channel.write(ByteBuffer.wrap("media/ab/ab-busy.mp4".getBytes()));

            ConsistencyReport report = store.repair(false);

            assertEquals(List.of(), report.findings());
            assertTrue(Files.exists(file) && Files.exists(marker));
            assertTrue(lock.isValid());
        }
    }

    private StoredMedia saveVideo(String name, long seed) throws IOException {
        return store.save(MediaUpload.of("p", name, "video/mp4"), TestStreams.mp4(40_000, seed));
    }

    private Path file(StoredMedia media) throws Exception {
        return dir.resolve((String) Rows.row(store.databaseFile(), media.id().value()).get("storage_path"));
    }

    private static Map<Problem, List<String>> byProblem(ConsistencyReport report) {
        Map<Problem, List<String>> map = new TreeMap<>();
        for (Finding f : report.findings()) {
            map.computeIfAbsent(f.problem(), p -> new java.util.ArrayList<>())
                    .add(f.mediaId() != null ? f.mediaId() : f.location());
        }
        return map;
    }
}
