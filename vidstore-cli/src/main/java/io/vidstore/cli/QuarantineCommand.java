package io.vidstore.cli;

import io.vidstore.sqlite.QuarantinedFile;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vidstore quarantine}: lists the files {@code check --repair} moved aside, or deletes them. */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = {"Lists the orphan files that 'check --repair' moved into DIR/lost+found instead of"
            + " deleting them: when, size, where they were, where they are, why.",
            "With --purge, deletes them (and their manifests) and prints how many."})
final class QuarantineCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Option(names = "--purge", description = "Delete the quarantined files for good.")
    private boolean purge;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (SqliteMediaStore s = store.open()) {
            if (purge) {
                long deleted = s.purgeQuarantine();
                out.println("purged " + deleted + " files from quarantine " + s.quarantineDirectory());
                return VidstoreCli.OK;
            }
            List<QuarantinedFile> files = s.quarantined();
            long bytes = 0;
            for (QuarantinedFile f : files) {
                out.println(f.quarantinedAt() + "\t" + f.size() + "\t" + f.originalPath() + "\t" + f.path()
                        + "\t" + f.reason());
                bytes += f.size();
            }
            out.println(files.size() + " files (" + Units.bytes(bytes) + ") in quarantine "
                    + s.quarantineDirectory());
        }
        return VidstoreCli.OK;
    }
}
