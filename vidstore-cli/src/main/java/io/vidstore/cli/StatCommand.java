package io.vidstore.cli;

import io.vidstore.api.MediaId;
import io.vidstore.api.NoSuchMediaException;
import io.vidstore.api.StoredMedia;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vidstore stat ID}: describes one media and where its bytes are. */
@Command(name = "stat", mixinStandardHelpOptions = true,
        description = "Describes a media: its metadata, SHA-256, and whether its bytes are in a file or the database.")
final class StatCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Parameters(index = "0", paramLabel = "ID", converter = OptionValues.Id.class, description = "The media's id.")
    private MediaId id;

    @Option(names = "--json", description = "Print the media as JSON.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        StoredMedia media;
        Optional<Path> file;
        try (SqliteMediaStore s = store.open()) {
            media = s.find(id).orElseThrow(() -> new NoSuchMediaException(id));
            file = Descriptions.file(s, media);
        }
        if (json) {
            Json j = new Json();
            Descriptions.json(j, media, file);
            spec.commandLine().getOut().println(j);
        } else {
            Descriptions.text(spec.commandLine().getOut(), media, file);
        }
        return VidstoreCli.OK;
    }
}
