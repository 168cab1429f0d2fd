package io.vidstore.cli;

import io.vidstore.api.MediaId;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.NoSuchMediaException;
import io.vidstore.api.StoredMedia;
import io.vidstore.ffmpeg.Ffmpeg;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vidstore thumb ID --at T}: saves one frame of a video as a JPEG. */
@Command(name = "thumb", mixinStandardHelpOptions = true,
        description = "Saves the frame of a video at a given time as a JPEG media, and prints its id.")
final class ThumbCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Parameters(index = "0", paramLabel = "ID", converter = OptionValues.Id.class, description = "The video's id.")
    private MediaId id;

    @Option(names = "--at", required = true, paramLabel = "T", converter = OptionValues.Time.class,
            description = "The media time of the frame: 90, 1.5s, 1:30, 01:02:03.5 ...")
    private Duration at;

    @Option(names = "--name", paramLabel = "NAME", description = "The image's filename (default: <video>-thumb.jpg).")
    private String name;

    @Option(names = "--project", paramLabel = "P", description = "The image's project (default: the video's).")
    private String project;

    @Override
    public Integer call() throws IOException {
        StoredMedia image;
        try (SqliteMediaStore s = store.open(); Ffmpeg ffmpeg = Ffmpeg.locate()) {
            StoredMedia video = s.find(id).orElseThrow(() -> new NoSuchMediaException(id));
            String filename = name != null ? name : baseName(video.filename()) + "-thumb.jpg";
            MediaUpload upload = MediaUpload.builder(filename)
                    .projectId(project != null ? project : video.projectId().orElse(null)).build();
            image = RenderJobs.await(ffmpeg.thumbnail(s, id, at, upload)).output();
        }
        spec.commandLine().getOut().println(image.id().value());
        return VidstoreCli.OK;
    }

    static String baseName(String filename) {
        int dot = filename.lastIndexOf('.');
        return dot > 0 ? filename.substring(0, dot) : filename;
    }
}
