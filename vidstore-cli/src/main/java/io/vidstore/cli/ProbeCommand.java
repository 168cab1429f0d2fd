package io.vidstore.cli;

import io.vidstore.api.MediaId;
import io.vidstore.ffmpeg.Ffmpeg;
import io.vidstore.ffmpeg.MediaProbe;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vidstore probe ID}: what ffprobe finds in a media. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Probes a media with ffprobe: container, duration, streams.")
final class ProbeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Parameters(index = "0", paramLabel = "ID", converter = OptionValues.Id.class, description = "The media's id.")
    private MediaId id;

    @Option(names = "--json", description = "Print the probe as JSON.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        MediaProbe probe;
        try (SqliteMediaStore s = store.open(); Ffmpeg ffmpeg = Ffmpeg.locate()) {
            probe = ffmpeg.probe(s, id);
        }
        if (json) {
            Json j = new Json();
            Descriptions.json(j, probe);
            spec.commandLine().getOut().println(j);
        } else {
            Descriptions.text(spec.commandLine().getOut(), probe);
        }
        return VidstoreCli.OK;
    }
}
