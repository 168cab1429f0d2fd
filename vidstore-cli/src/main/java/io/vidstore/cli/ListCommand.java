package io.vidstore.cli;

import io.vidstore.api.StoredMedia;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vidstore ls}: lists the media of one project, or of all. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "Lists media, newest first: those of one project, or all, project by project.")
final class ListCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Option(names = "--project", paramLabel = "P", description = "Only the media of this project.")
    private String project;

    @Option(names = "--json", description = "Print a JSON array of media.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        List<StoredMedia> media = new ArrayList<>();
        try (SqliteMediaStore s = store.open()) {
            if (project != null) {
                media.addAll(s.list(project));
            } else {
                for (String p : DatabaseIndex.projects(s)) {
                    media.addAll(s.list(p));
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json j = new Json().beginArray();
            for (StoredMedia m : media) {
                Descriptions.json(j, m, null);
            }
            out.println(j.endArray());
            return VidstoreCli.OK;
        }
        String format = "%-36s  %12s  %-5s  %-20s  %-20s  %s%n";
        out.printf(format, "ID", "SIZE", "KIND", "CREATED", "PROJECT", "NAME");
        for (StoredMedia m : media) {
            out.printf(format, m.id().value(), m.size(), m.isVideo() ? "video" : "other",
                    m.createdAt().toString().replaceFirst("\\.\\d+Z$", "Z"),
                    m.projectId().orElse("-"), m.filename());
        }
        return VidstoreCli.OK;
    }
}
