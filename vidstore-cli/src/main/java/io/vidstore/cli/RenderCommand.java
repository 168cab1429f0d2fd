package io.vidstore.cli;

import io.vidstore.api.MediaId;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.NoSuchMediaException;
import io.vidstore.api.StoredMedia;
import io.vidstore.ffmpeg.AudioMode;
import io.vidstore.ffmpeg.EncodingSpeed;
import io.vidstore.ffmpeg.Ffmpeg;
import io.vidstore.ffmpeg.OutputFormat;
import io.vidstore.ffmpeg.RenderRequest;
import io.vidstore.ffmpeg.RenderResult;
import io.vidstore.ffmpeg.SubtitleMode;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vidstore render}: a {@link RenderRequest} as options; the output is saved in the store. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Renders a stored video with ffmpeg (extra audio, subtitles, trim, scale, format),"
                + " saves the output in the store and prints its id.")
final class RenderCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Option(names = "--video", required = true, paramLabel = "ID", converter = OptionValues.Id.class,
            description = "The video to render.")
    private MediaId video;

    @Option(names = "--audio", paramLabel = "ID", converter = OptionValues.Id.class,
            description = "An audio track to add.")
    private MediaId audio;

    @Option(names = "--audio-mode", paramLabel = "replace|mix", converter = OptionValues.Audio.class,
            defaultValue = "replace", description = "Replace the video's sound or mix with it (default: ${DEFAULT-VALUE}).")
    private AudioMode audioMode;

    @Option(names = "--subtitles", paramLabel = "ID", converter = OptionValues.Id.class,
            description = "Subtitles to add (.srt, .vtt or .ass).")
    private MediaId subtitles;

    @Option(names = "--subtitle-mode", paramLabel = "burn|soft", converter = OptionValues.Subtitles.class,
            defaultValue = "burn", description = "Burn into the picture (re-encodes) or add a track (default: burn).")
    private SubtitleMode subtitleMode;

    @Option(names = "--start", paramLabel = "T", converter = OptionValues.Time.class,
            description = "Start the output at this time of the video.")
    private Duration start;

    @Option(names = "--end", paramLabel = "T", converter = OptionValues.Time.class,
            description = "End the output at this time of the video (not with --duration).")
    private Duration end;

    @Option(names = "--duration", paramLabel = "T", converter = OptionValues.Time.class,
            description = "Limit the output's length (not with --end).")
    private Duration duration;

    @Option(names = "--height", paramLabel = "PIXELS", description = "Scale to this even height, keeping the aspect ratio.")
    private Integer height;

    @Option(names = "--format", paramLabel = "mp4|webm", converter = OptionValues.Format.class,
            defaultValue = "mp4", description = "H.264/AAC MP4 or VP9/Opus WebM (default: mp4).")
    private OutputFormat format;

    @Option(names = "--speed", paramLabel = "fastest|balanced|smallest", converter = OptionValues.Speed.class,
            defaultValue = "balanced", description = "Encoder effort when re-encoding (default: balanced).")
    private EncodingSpeed speed;

    @Option(names = "--timeout", paramLabel = "T", converter = OptionValues.Time.class,
            description = "Stop and fail when the render takes longer.")
    private Duration timeout;

    @Option(names = "--name", paramLabel = "NAME", description = "The output's filename (default: <video>-render.mp4).")
    private String name;

    @Option(names = "--project", paramLabel = "P", description = "The output's project (default: the video's).")
    private String project;

    @Override
    public Integer call() throws IOException {
        ProgressLine progress = ProgressLine.forTerminal(spec.commandLine().getErr(), "render");
        RenderRequest.Builder request = RenderRequest.builder(video).format(format).encodingSpeed(speed);
        if (audio != null) {
            request.audio(audio, audioMode);
        }
        if (subtitles != null) {
            request.subtitles(subtitles, subtitleMode);
        }
        if (start != null) {
            request.start(start);
        }
        if (end != null) {
            request.end(end);
        }
        if (duration != null) {
            request.duration(duration);
        }
        if (height != null) {
            request.scaleToHeight(height);
        }
        if (timeout != null) {
            request.timeout(timeout);
        }
        if (progress.enabled()) {
            request.progressListener(p -> progress.percent(p.percent().orElse(0),
                    p.speed().isPresent() ? String.format(java.util.Locale.ROOT, "(%.1fx)", p.speed().getAsDouble()) : ""));
        }
        RenderRequest built = request.build();
        RenderResult<StoredMedia> result;
        try (SqliteMediaStore s = store.open(); Ffmpeg ffmpeg = Ffmpeg.locate()) {
            StoredMedia source = s.find(video).orElseThrow(() -> new NoSuchMediaException(video));
            String filename = name != null ? name
                    : ThumbCommand.baseName(source.filename()) + "-render" + format.extension();
            MediaUpload upload = MediaUpload.builder(filename)
                    .projectId(project != null ? project : source.projectId().orElse(null)).build();
            result = RenderJobs.await(ffmpeg.render(s, built, upload));
        } finally {
            progress.done();
        }
        spec.commandLine().getOut().println(result.output().id().value());
        return VidstoreCli.OK;
    }
}
