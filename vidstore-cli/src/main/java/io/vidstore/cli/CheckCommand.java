package io.vidstore.cli;

import io.vidstore.sqlite.ConsistencyReport;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vidstore check}: compares rows with files, and repairs what is safe to repair. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Compares the database with the files on disk and reports where they disagree.",
            "Exits with 1 when problems remain (after --repair: those it cannot fix)."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Option(names = "--deep", description = "Also hash every byte and compare with the recorded SHA-256.")
    private boolean deep;

    @Option(names = "--repair", description = {"Move orphan files (no row references them) into"
            + " DIR/lost+found/<time>/ with a manifest, and delete leftovers of interrupted work"
            + " (temp files, journal markers); rows are never changed. 'vidstore quarantine' lists"
            + " the moved files, 'vidstore quarantine --purge' deletes them."})
    private boolean repair;

    @Override
    public Integer call() throws IOException {
        ConsistencyReport report;
        Path quarantine;
        try (SqliteMediaStore s = store.open()) {
            report = repair ? s.repair(deep) : s.check(deep);
            quarantine = s.quarantineDirectory();
        }
        PrintWriter out = spec.commandLine().getOut();
        long repaired = 0;
        for (ConsistencyReport.Finding f : report.findings()) {
            out.println(f.problem() + " " + (f.mediaId() == null ? "-" : f.mediaId()) + " " + f.location()
                    + ": " + f.detail() + (f.repaired() ? " [repaired]" : ""));
            repaired += f.repaired() ? 1 : 0;
        }
        int problems = report.findings().size();
        out.println("checked " + report.rowsChecked() + " rows and " + report.filesChecked() + " files"
                + (report.deep() ? " (deep)" : "") + ": "
                + (problems == 0 ? "consistent" : problems + " problems, " + repaired + " repaired"));
        long quarantined = report.findings().stream()
                .filter(f -> f.problem() == ConsistencyReport.Problem.ORPHAN_FILE && f.repaired()).count();
        if (quarantined > 0) {
            out.println("moved " + quarantined + " orphan files to quarantine " + quarantine
                    + " (list them with 'vidstore quarantine', delete them with 'vidstore quarantine --purge')");
        }
        return report.isConsistent() ? VidstoreCli.OK : VidstoreCli.FAILURE;
    }
}
