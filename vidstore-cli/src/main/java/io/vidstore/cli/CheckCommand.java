package io.vidstore.cli;

import io.vidstore.sqlite.ConsistencyReport;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.io.PrintWriter;
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

    @Option(names = "--repair", description = "Delete orphan files and leftovers of interrupted work; rows are never changed.")
    private boolean repair;

    @Override
    public Integer call() throws IOException {
        ConsistencyReport report;
        try (SqliteMediaStore s = store.open()) {
            report = repair ? s.repair(deep) : s.check(deep);
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
        return report.isConsistent() ? VidstoreCli.OK : VidstoreCli.FAILURE;
    }
}
