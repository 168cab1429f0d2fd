package io.vidstore.cli;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.StoredMedia;
import io.vidstore.sqlite.LegacyMigrationResult;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vidstore migrate-legacy}: moves video BLOBs of older applications to files. */
@Command(name = "migrate-legacy", mixinStandardHelpOptions = true,
        description = {"Moves media that older applications kept as database BLOBs (videos, and files"
                + " larger than the inline limit) out to files, one at a time; safe to interrupt and run again.",
            "Use --database FILE to name the old application's database."})
final class MigrateLegacyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Option(names = "--dry-run", description = "List what would move, and change nothing.")
    private boolean dryRun;

    @Option(names = "--vacuum", description = "Compact the database afterwards (needs free space about its size).")
    private boolean vacuum;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (SqliteMediaStore s = store.open()) {
            if (dryRun) {
                dryRun(s, out);
                return VidstoreCli.OK;
            }
            LegacyMigrationResult result = s.migrateLegacyBlobs(vacuum);
            out.println("moved " + result.migrated() + " media (" + Units.bytes(result.bytesMoved())
                    + ") from " + s.databaseFile() + " to files");
            for (String skipped : result.skipped()) {
                out.println("left in the database: " + skipped);
            }
            if (result.vacuumed()) {
                out.println("compacted " + s.databaseFile());
            }
        }
        return VidstoreCli.OK;
    }

    /**
     * Lists the rows the migration would take: those with a BLOB that is a video's or larger than
     * the inline limit, as {@link SqliteMediaStore#migrateLegacyBlobs} chooses them. The store has
     * no read-only method for this, so the BLOBs are found with a read-only query and each is
     * classified through the public API.
     */
    private static void dryRun(SqliteMediaStore s, PrintWriter out) throws IOException {
        int count = 0;
        long bytes = 0;
        for (DatabaseIndex.Blob blob : DatabaseIndex.blobs(s)) {
            Optional<StoredMedia> media;
            try {
                media = s.find(MediaId.of(blob.id()));
            } catch (IllegalArgumentException e) {
                out.println("would leave " + blob.id() + ": its id cannot be used");
                continue;
            }
            if (media.isEmpty() || !(media.get().isVideo() || blob.length() > SqliteMediaStore.DEFAULT_INLINE_LIMIT)) {
                continue;
            }
            boolean hasFile;
            try (MediaContent content = s.open(media.get().id())) {
                hasFile = content.localPath().isPresent();
            }
            out.println("would move " + blob.id() + " " + media.get().filename() + " (" + blob.length()
                    + " bytes)" + (hasFile ? ": has a disk copy; its BLOB is dropped if the copy is identical" : ""));
            count++;
            bytes += blob.length();
        }
        out.println("dry run: " + count + " media (" + Units.bytes(bytes) + ") would move from "
                + s.databaseFile() + " to files; nothing was changed");
    }
}
