package io.vidstore.ffmpeg;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.api.MediaStore;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.ffmpeg.internal.ChildProcess;
import io.vidstore.ffmpeg.internal.ContentServer;
import io.vidstore.ffmpeg.internal.HeldProgress;
import io.vidstore.ffmpeg.internal.InputDump;
import io.vidstore.ffmpeg.internal.ProbeCache;
import io.vidstore.ffmpeg.internal.ProbeParser;
import io.vidstore.ffmpeg.internal.ProgressParser;
import io.vidstore.ffmpeg.internal.RenderCommand;
import io.vidstore.ffmpeg.internal.SubtitleFormat;
import io.vidstore.ffmpeg.internal.ToolLocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes and renders stored media with the {@code ffmpeg} and {@code ffprobe} programs, reading
 * media straight from the store's disk.
 *
 * <pre>{@code
 * try (Ffmpeg ffmpeg = Ffmpeg.locate()) {
 *     MediaProbe probe = ffmpeg.probe(store, videoId);
 *     RenderJob<StoredMedia> job = ffmpeg.render(store,
 *             RenderRequest.builder(videoId).subtitles(srtId, SubtitleMode.BURN_IN).build(),
 *             MediaUpload.of("project-1", "final.mp4", "video/mp4"));
 *     StoredMedia rendered = job.await().output();
 * }
 * }</pre>
 *
 * <h2>Inputs and outputs</h2>
 * A media whose content is a file on disk ({@link MediaContent#localPath()}) is handed to ffmpeg
 * by its path, never copied or read by the JVM. Other media (objects in S3, small files kept in a
 * database) are served to ffmpeg and ffprobe over HTTP by this instance, on the loopback interface,
 * at a URL holding 256 random bits that is withdrawn when the probe or job ends. They read such
 * media with range requests, as they would read a file: a probe, or a clip from the middle of a
 * long video, reads the parts it needs instead of waiting for a copy of the whole. The server
 * starts with the first such input and stops when this object is closed; {@link
 * Builder#serveInputsOverHttp} says who else may read such a URL, and turns serving off.
 * Subtitles are the exception: those without a file of their own are copied to a temporary file.
 * All file arguments carry the {@code file:} prefix, so names starting with {@code -} or
 * containing {@code :} are safe. ffmpeg writes its output to a temporary file, which is then saved
 * into the store like any upload (checksum, atomic, classified) or moved to the caller's path.
 *
 * <h2>Subtitles</h2>
 * Subtitles must be SubRip (SRT), WebVTT or ASS/SSA, which is checked from the first 4 KiB of their
 * content when the render is started: anything else, such as an HLS playlist or an {@code
 * ffconcat} script uploaded as {@code subs.srt}, is refused with an {@link
 * UnsupportedSubtitlesException} before ffmpeg runs, since ffmpeg would read the files or URLs it
 * names. ffmpeg then reads them with their demuxer forced ({@code -f srt}, {@code -f webvtt} or
 * {@code -f ass}), only that demuxer allowed, and the {@code file} protocol only. Subtitles to
 * burn in are first converted that way by a short ffmpeg run into an ASS file in the {@linkplain
 * Builder#temporaryDirectory temporary directory}, under a generated name, which ffmpeg's {@code
 * ass} filter reads with libass alone; the {@code subtitles} filter would open its file with
 * libavformat, probing it without any whitelist. The path inside the filter is escaped by ffmpeg's
 * two-level rules as well.
 *
 * <h2>Probes</h2>
 * A render needs to know the streams of its inputs (is there audio to keep, can it be copied, how
 * long is the video). Stored media never change, so what ffprobe finds in one is kept, by content
 * (SHA-256, size and extension), for the last 1024 media this instance has probed: probing or
 * rendering them again runs no ffprobe. A video not probed before often needs no ffprobe run
 * either: when the command cannot depend on the video's duration (no audio input, no soft subtitle
 * track, no trim to a length), ffmpeg starts at once with the command for the streams a file of
 * its kind usually holds (H.264 and AAC in {@code .mp4} and {@code .mov}, VP9 and Opus in {@code
 * .webm}), at log level {@code info}, and the streams it then reports for its input are checked:
 * if they call for another command, that ffmpeg is stopped, the video is probed, and the command
 * built for its real streams runs instead. Progress is reported once the check is done. Other
 * renders probe their inputs first, all at the same time.
 *
 * <h2>Processes</h2>
 * Programs are started from argument lists, never through a shell, and their command lines are
 * logged at INFO. Their output is drained by threads of their own. A process is stopped when its
 * job is cancelled or times out, when this object is closed, and at JVM shutdown.
 *
 * <p>Thread-safe; one instance can run many jobs at once. Closing it cancels its running jobs.
 */
public final class Ffmpeg implements AutoCloseable {

    /** The oldest ffmpeg and ffprobe version supported (the one in Debian 12). */
    public static final String MINIMUM_VERSION = "5.1";

    private static final Logger LOG = LoggerFactory.getLogger(Ffmpeg.class);
    /** ffprobe's JSON for a normal file is a few KiB; this only bounds a pathological one. */
    private static final int MAX_PROBE_OUTPUT = 8 * 1024 * 1024;
    /** How many probes of stored media are kept; each is a few hundred bytes. */
    private static final int PROBE_CACHE_SIZE = 1024;

    private final ToolLocator.Located ffmpeg;
    private final ToolLocator.Located ffprobe;
    private final Path tempDir;
    private final Duration probeTimeout;
    private final boolean serveInputs;
    private final Set<RenderJob<?>> running = ConcurrentHashMap.newKeySet();
    private final ProbeCache probes = new ProbeCache(PROBE_CACHE_SIZE);
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Serves inputs that are not local files; guarded by this. */
    private ContentServer contentServer;

    private Ffmpeg(Builder b, ToolLocator.Located ffmpeg, ToolLocator.Located ffprobe) {
        this.ffmpeg = ffmpeg;
        this.ffprobe = ffprobe;
        this.tempDir = b.tempDir;
        this.probeTimeout = b.probeTimeout;
        this.serveInputs = b.serveInputs;
    }

    /**
     * Finds ffmpeg and ffprobe with the default settings (see {@link Builder}) and checks them.
     *
     * @return a ready instance
     * @throws ToolUnavailableException if either program is missing, does not run or is older than
     *     {@value #MINIMUM_VERSION}; the exception names which one
     */
    public static Ffmpeg locate() throws ToolUnavailableException {
        return builder().build();
    }

    /** {@return a builder for an instance with custom settings} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the ffmpeg executable in use} */
    public Path ffmpegPath() {
        return ffmpeg.path();
    }

    /** {@return the ffprobe executable in use} */
    public Path ffprobePath() {
        return ffprobe.path();
    }

    /** {@return ffmpeg's version as it reports it, such as {@code 5.1.6-0+deb12u1}} */
    public String ffmpegVersion() {
        return ffmpeg.version().text();
    }

    /** {@return ffprobe's version as it reports it} */
    public String ffprobeVersion() {
        return ffprobe.version().text();
    }

    /**
     * Probes a media file with ffprobe and waits for the result.
     *
     * @param file the file
     * @return what ffprobe found
     * @throws FfmpegException if ffprobe fails (the file does not exist or is not media) or prints
     *     output that cannot be read
     * @throws FfmpegTimeoutException if ffprobe takes longer than the probe timeout
     * @throws InterruptedIOException if the calling thread is interrupted; ffprobe is stopped
     * @throws IOException if ffprobe cannot be started
     * @throws IllegalStateException if this instance is closed
     */
    public MediaProbe probe(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        checkOpen();
        return probeInput(RenderCommand.fileUrl(file), file.toString());
    }

    /** Runs ffprobe on an input URL and waits; {@code what} names the input in messages. */
    private MediaProbe probeInput(String input, String what) throws IOException {
        StringBuilder out = new StringBuilder();
        List<String> command = probeCommand(input);
        try (ChildProcess p = ChildProcess.start(command, line -> append(out, line))) {
            int exit;
            try {
                exit = p.await(probeTimeout);
            } catch (TimeoutException e) {
                p.stop();
                throw new FfmpegTimeoutException(probeTimeout, command, p.stderrTail());
            } catch (InterruptedException e) {
                p.stop();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while probing " + what);
            }
            String json;
            synchronized (out) {
                json = out.toString();
            }
            return parseProbe(json, exit, p, what);
        }
    }

    /**
     * Probes a stored media and waits for the result. A media on disk is probed in place; ffprobe
     * reads other media over HTTP from this instance (see {@link Ffmpeg}), only the parts it needs.
     * The result is kept, so probing the same stored content again, or rendering it, runs no
     * ffprobe.
     *
     * @param store the store
     * @param id the media's id
     * @return what ffprobe found
     * @throws io.vidstore.api.NoSuchMediaException if the store has no such media
     * @throws FfmpegException if ffprobe fails or prints output that cannot be read
     * @throws IOException if the media cannot be read or ffprobe cannot be started
     * @throws IllegalStateException if this instance is closed, before or while ffprobe runs
     */
    public MediaProbe probe(MediaStore store, MediaId id) throws IOException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(id, "id");
        checkOpen();
        try (MediaContent content = store.open(id); Scratch scratch = new Scratch()) {
            Optional<MediaProbe> known = probes.get(content.media());
            if (known.isPresent()) {
                return known.get();
            }
            MediaProbe probe;
            try {
                probe = probeInput(input(content, scratch, null), "media " + id);
            } catch (FfmpegException e) {
                checkOpen();
                scratch.checkServed();
                throw e;
            }
            scratch.checkServed();
            probes.put(content.media(), probe);
            return probe;
        }
    }

    /**
     * Starts rendering a request and saving the output into the store as a new media.
     *
     * <p>The inputs are opened before this method returns, so a missing one fails at once; the
     * rest runs in the background. The output is written into the store's {@linkplain
     * MediaStore#stagingDirectory() staging directory} (or, for a store without one, the {@linkplain
     * Builder#temporaryDirectory temporary directory}) and handed over with {@link
     * MediaStore#adopt}, which moves it into place instead of copying it where it can.
     *
     * @param store the store holding the inputs, which receives the output
     * @param request what to render
     * @param output how to describe the output; when it has no content type, the format's is used
     * @return the running job; its result holds the saved media
     * @throws io.vidstore.api.NoSuchMediaException if an input is not in the store
     * @throws UnsupportedSubtitlesException if the subtitles are not SRT, WebVTT or ASS/SSA
     * @throws IOException if an input cannot be opened
     * @throws IllegalStateException if this instance is closed
     */
    public RenderJob<StoredMedia> render(MediaStore store, RenderRequest request, MediaUpload output)
            throws IOException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(output, "output");
        checkOpen();
        MediaUpload upload = output.contentType().isPresent() ? output
                : output.toBuilder().contentType(request.format().contentType()).build();
        Inputs inputs = Inputs.open(store, request);
        return start(request, job -> {
            try (inputs; Scratch scratch = new Scratch()) {
                Path out = scratch.file(Files.createTempFile(outputDirectory(store), "vidstore-render-",
                        request.format().extension()));
                RenderCommand command = runRender(job, request, inputs, out, scratch);
                StoredMedia saved = saveOutput(job, store, upload, out);
                return new RenderResult<>(saved, command.arguments(), command.videoCopied(),
                        command.audioCopied());
            }
        });
    }

    /**
     * Starts rendering a request into a file. The output is written to a temporary file in the
     * target's directory and moved over {@code target} once complete, so {@code target} never holds
     * a partial file; an existing {@code target} is replaced.
     *
     * @param store the store holding the inputs
     * @param request what to render
     * @param target the file to write; its directory must exist
     * @return the running job; its result holds {@code target}
     * @throws io.vidstore.api.NoSuchMediaException if an input is not in the store
     * @throws UnsupportedSubtitlesException if the subtitles are not SRT, WebVTT or ASS/SSA
     * @throws IOException if an input cannot be opened
     * @throws IllegalArgumentException if {@code target}'s directory does not exist
     * @throws IllegalStateException if this instance is closed
     */
    public RenderJob<Path> render(MediaStore store, RenderRequest request, Path target) throws IOException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(request, "request");
        Path file = Objects.requireNonNull(target, "target").toAbsolutePath();
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("target's directory " + dir + " does not exist");
        }
        checkOpen();
        Inputs inputs = Inputs.open(store, request);
        return start(request, job -> {
            try (inputs; Scratch scratch = new Scratch()) {
                Path out = scratch.file(Files.createTempFile(dir, ".vidstore-render-", request.format().extension()));
                RenderCommand command = runRender(job, request, inputs, out, scratch);
                job.checkAborted();
                move(out, file);
                return new RenderResult<>(file, command.arguments(), command.videoCopied(),
                        command.audioCopied());
            }
        });
    }

    /**
     * Starts extracting one frame of a stored video as a JPEG image (a poster frame or thumbnail)
     * and saving it into the store.
     *
     * @param store the store holding the video, which receives the image
     * @param video the video's id
     * @param at the media time of the frame; it must be inside the video
     * @param output how to describe the image; when it has no content type, {@code image/jpeg}
     * @return the running job; its result holds the saved image. It fails with an {@link
     *     FfmpegException} if the video has no frame at {@code at}.
     * @throws io.vidstore.api.NoSuchMediaException if the video is not in the store
     * @throws IOException if the video cannot be opened
     * @throws IllegalArgumentException if {@code at} is negative
     * @throws IllegalStateException if this instance is closed
     */
    public RenderJob<StoredMedia> thumbnail(MediaStore store, MediaId video, Duration at, MediaUpload output)
            throws IOException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(output, "output");
        if (at.isNegative()) {
            throw new IllegalArgumentException("at must not be negative but was " + at);
        }
        checkOpen();
        MediaUpload upload = output.contentType().isPresent() ? output
                : output.toBuilder().contentType("image/jpeg").build();
        RenderRequest request = RenderRequest.builder(video).build();
        Inputs inputs = Inputs.open(store, request);
        return start(request, job -> {
            try (inputs; Scratch scratch = new Scratch()) {
                String in = input(inputs.video, scratch, job);
                Path out = scratch.file(Files.createTempFile(outputDirectory(store), "vidstore-thumbnail-", ".jpg"));
                List<String> command = new ArrayList<>();
                command.add(ffmpeg.path().toString());
                command.addAll(RenderCommand.GLOBAL_OPTIONS);
                command.addAll(RenderCommand.INPUT_OPTIONS);
                command.addAll(List.of("-ss", RenderCommand.seconds(at), "-i", in,
                        "-map", "0:v:0", "-frames:v", "1", "-update", "1", "-c:v", "mjpeg", "-q:v", "3",
                        "-f", "image2", RenderCommand.fileUrl(out)));
                try {
                    job.runProcess(command, line -> { });
                } catch (FfmpegException e) {
                    scratch.checkServed();
                    throw e;
                }
                scratch.checkServed();
                if (Files.size(out) == 0) {
                    throw new FfmpegException("ffmpeg found no frame at " + at + " in media " + video, 0,
                            command, List.of());
                }
                return new RenderResult<>(saveOutput(job, store, upload, out), command, false, false);
            }
        });
    }

    /**
     * Cancels the running jobs, waits until they have ended, and refuses new work. Calling it again
     * has no effect.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        List<RenderJob<?>> jobs = new ArrayList<>(running);
        jobs.forEach(RenderJob::cancel);
        jobs.forEach(RenderJob::close);
        synchronized (this) {
            if (contentServer != null) {
                contentServer.close();
            }
        }
    }

    private <T> RenderJob<T> start(RenderRequest request, RenderJob.Work<T> work) {
        RenderJob<T> job = new RenderJob<>(request.timeout(), request.progressListener(), work);
        running.add(job);
        job.start(() -> running.remove(job));
        if (closed.get()) {
            job.cancel();
        }
        return job;
    }

    /**
     * Renders, and fails if a served input could not be read, even when ffmpeg succeeded: it may
     * have taken the input's early end for the end of the media.
     */
    private RenderCommand runRender(RenderJob<?> job, RenderRequest request, Inputs inputs, Path out,
            Scratch scratch) throws IOException {
        RenderCommand command;
        try {
            command = render(job, request, inputs, out, scratch);
        } catch (FfmpegException e) {
            scratch.checkServed();
            throw e;
        }
        scratch.checkServed();
        return command;
    }

    private RenderCommand render(RenderJob<?> job, RenderRequest request, Inputs inputs, Path out,
            Scratch scratch) throws IOException {
        String video = input(inputs.video, scratch, job);
        String audio = inputs.audio == null ? null : input(inputs.audio, scratch, job);
        RenderCommand.Subtitles subtitles = null;
        if (inputs.subtitles != null) {
            subtitles = new RenderCommand.Subtitles(localFile(inputs.subtitles, scratch, job), inputs.subtitleFormat);
            if (request.subtitleMode() == SubtitleMode.BURN_IN) {
                subtitles = toAss(job, subtitles, scratch);
            }
        }
        MediaProbe videoProbe = probes.get(inputs.video.media()).orElse(null);
        MediaProbe audioProbe = inputs.audio == null ? null : probes.get(inputs.audio.media()).orElse(null);
        if (videoProbe == null) {
            Optional<MediaProbe> presumed = RenderCommand.presumedProbe(request, extension(inputs.video.media()));
            Optional<RenderCommand> done = presumed.isPresent()
                    ? renderUsualStreams(job, request, video, subtitles, presumed.get(), out) : Optional.empty();
            if (done.isPresent()) {
                return done.get();
            }
        }
        // The probes still needed run at the same time: most of an ffprobe run is its start-up.
        try (JobProbe videoRun = videoProbe != null ? null : new JobProbe(job, inputs.video.media(), video, true);
                JobProbe audioRun = audio == null || audioProbe != null ? null
                        : new JobProbe(job, inputs.audio.media(), audio, videoRun == null)) {
            if (videoRun != null) {
                videoProbe = videoRun.await(job);
            }
            if (audioRun != null) {
                audioProbe = audioRun.await(job);
            }
        }
        if (audioProbe != null && audioProbe.firstAudio().isEmpty()) {
            throw new FfmpegException("media " + request.audio().orElseThrow() + " has no audio stream", 0,
                    List.of(), List.of());
        }
        requireVideoStream(request, videoProbe);
        RenderCommand command = RenderCommand.build(ffmpeg.path(), request,
                new RenderCommand.Inputs(video, videoProbe, audio, audioProbe, subtitles), out);
        ProgressParser parser = new ProgressParser(command.expectedDuration());
        job.runProcess(command.arguments(), line -> parser.accept(line).ifPresent(job::report));
        return command;
    }

    /**
     * Renders a request whose command, for a video with the usual streams, needs nothing a probe
     * tells before ffmpeg starts: ffmpeg starts at once with the command built for those streams,
     * at a log level at which it describes its input. Once it has, the command is built again from
     * that description; if it is the same, that ffmpeg goes on, and its progress (held back until
     * then) is reported with the video's duration.
     *
     * @return the command that ran; empty if the video does not have the usual streams, or ffmpeg
     *     ended without describing it: that ffmpeg is stopped, and the request must be rendered as
     *     any other
     */
    private Optional<RenderCommand> renderUsualStreams(RenderJob<?> job, RenderRequest request, String video,
            RenderCommand.Subtitles subtitles, MediaProbe presumed, Path out) throws IOException {
        RenderCommand guess = RenderCommand.build(ffmpeg.path(), request,
                new RenderCommand.Inputs(video, presumed, null, null, subtitles), out);
        RenderCommand started = guess.describingInputs();
        HeldProgress progress = new HeldProgress(job::report);
        InputDump dump = new InputDump();
        try (ChildProcess render = job.launch(started.arguments(), progress, dump, true)) {
            job.awaitEither(dump.result(), render);
            MediaProbe described = dump.result().getNow(null);
            if (described != null && described.firstVideo().isPresent()) {
                RenderCommand command = RenderCommand.build(ffmpeg.path(), request,
                        new RenderCommand.Inputs(video, described, null, null, subtitles), out);
                if (command.sameWork(guess)) {
                    progress.release(command.expectedDuration());
                    job.finish(render);
                    return Optional.of(started);
                }
            }
            LOG.debug("Media {} does not have the usual streams ({}); stopping pid {} to probe it first",
                    request.video(), described == null ? "not described" : described.streams(), render.pid());
        }
        return Optional.empty();
    }

    private static void requireVideoStream(RenderRequest request, MediaProbe probe) throws FfmpegException {
        if (probe.firstVideo().isEmpty()) {
            throw new FfmpegException("media " + request.video() + " has no video stream", 0, List.of(), List.of());
        }
    }

    /**
     * Where outputs for the store are written: its staging directory when it has one, so that
     * adopting the output is a move, else the temporary directory.
     */
    private Path outputDirectory(MediaStore store) {
        return store.stagingDirectory().orElse(tempDir);
    }

    private StoredMedia saveOutput(RenderJob<?> job, MediaStore store, MediaUpload upload, Path out)
            throws IOException {
        job.checkAborted();
        StoredMedia saved = store.adopt(upload, out);
        if (job.isAborted()) {
            // Cancelled while the save finished: the caller was promised no output.
            store.delete(saved.id());
            job.checkAborted();
        }
        return saved;
    }

    /**
     * An ffprobe run of a stored media that is part of a job; closing it stops ffprobe if it still
     * runs.
     */
    private final class JobProbe implements AutoCloseable {
        private final StoredMedia media;
        private final String what;
        private final StringBuilder out = new StringBuilder();
        private final List<String> command;
        private final ChildProcess process;

        JobProbe(RenderJob<?> job, StoredMedia media, String input, boolean current) throws IOException {
            this.media = media;
            this.what = "media " + media.id();
            this.command = probeCommand(input);
            this.process = job.launch(command, line -> append(out, line), current);
        }

        /** Waits for ffprobe and returns what it found, which is kept for the media. */
        MediaProbe await(RenderJob<?> job) throws IOException {
            try {
                job.finish(process);
            } catch (FfmpegException e) {
                if (e instanceof FfmpegTimeoutException) {
                    throw e;
                }
                throw describeProbeFailure(json(), e.exitCode(), command, e.stderrTail(), what);
            }
            MediaProbe probe = parse(json(), command, what);
            probes.put(media, probe);
            return probe;
        }

        private String json() {
            synchronized (out) {
                return out.toString();
            }
        }

        @Override
        public void close() {
            process.close();
        }
    }

    private List<String> probeCommand(String input) {
        List<String> command = new ArrayList<>(List.of(ffprobe.path().toString(), "-hide_banner", "-v", "error",
                "-print_format", "json", "-show_format", "-show_streams", "-show_error"));
        command.addAll(RenderCommand.INPUT_OPTIONS);
        command.add(input);
        return List.copyOf(command);
    }

    private static void append(StringBuilder out, String line) {
        synchronized (out) {
            if (out.length() + line.length() < MAX_PROBE_OUTPUT) {
                out.append(line).append('\n');
            }
        }
    }

    private static MediaProbe parseProbe(String json, int exit, ChildProcess p, String what) throws FfmpegException {
        if (exit != 0) {
            throw describeProbeFailure(json, exit, p.command(), p.stderrTail(), what);
        }
        return parse(json, p.command(), what);
    }

    private static FfmpegException describeProbeFailure(String json, int exit, List<String> command,
            List<String> stderr, String what) {
        String error;
        try {
            error = ProbeParser.error(json).orElse("exit code " + exit);
        } catch (IllegalArgumentException e) {
            error = "exit code " + exit;
        }
        return new FfmpegException("ffprobe cannot read " + what + " (" + error + ")", exit, command, stderr);
    }

    private static MediaProbe parse(String json, List<String> command, String what) throws FfmpegException {
        try {
            return ProbeParser.parse(json);
        } catch (IllegalArgumentException e) {
            throw new FfmpegException("ffprobe's output for " + what + " cannot be read (" + e.getMessage() + ")",
                    0, command, List.of(), e);
        }
    }

    /**
     * Returns the argument that gives ffmpeg a content: its own file, or else a URL at which this
     * instance serves it for as long as {@code scratch} is open (or, when serving is off, a copy).
     */
    private String input(MediaContent content, Scratch scratch, RenderJob<?> job) throws IOException {
        Optional<Path> own = ownFile(content);
        if (own.isPresent()) {
            return RenderCommand.fileUrl(own.get());
        }
        if (!serveInputs) {
            return RenderCommand.fileUrl(localFile(content, scratch, job));
        }
        return scratch.serve(contentServer().serve(content, extension(content.media())));
    }

    /** The server of contents that are not local files, started when first needed. */
    private synchronized ContentServer contentServer() throws IOException {
        checkOpen();
        if (contentServer == null) {
            contentServer = ContentServer.start();
        }
        return contentServer;
    }

    /** The content's own file, when it has one this process can read. */
    private static Optional<Path> ownFile(MediaContent content) {
        return content.localPath().filter(Files::isReadable);
    }

    /** Returns the content's own file, or copies the content to a temporary file. */
    private Path localFile(MediaContent content, Scratch scratch, RenderJob<?> job) throws IOException {
        Optional<Path> own = ownFile(content);
        if (own.isPresent()) {
            return own.get();
        }
        Path temp = scratch.file(Files.createTempFile(tempDir, "vidstore-input-", extension(content.media())));
        copy(content, temp, job);
        return temp;
    }

    /**
     * Converts subtitles to burn in into an ASS file with a generated name, for the {@code ass}
     * filter; see {@link RenderCommand#assConversion}. One short ffmpeg run, part of the job.
     */
    private RenderCommand.Subtitles toAss(RenderJob<?> job, RenderCommand.Subtitles source, Scratch scratch)
            throws IOException {
        Path ass = scratch.file(Files.createTempFile(tempDir, "vidstore-subtitles-", ".ass"));
        job.runProcess(RenderCommand.assConversion(ffmpeg.path(), source, ass), line -> { });
        return new RenderCommand.Subtitles(ass, SubtitleFormat.ASS);
    }

    /**
     * Recognises the format of subtitles from their first bytes; see {@link SubtitleFormat}.
     *
     * @throws UnsupportedSubtitlesException if they are not SRT, WebVTT or ASS/SSA
     */
    private static SubtitleFormat subtitleFormat(MediaContent content) throws IOException {
        byte[] head;
        try (InputStream in = content.inputStream()) {
            head = in.readNBytes(SubtitleFormat.SNIFF_LENGTH);
        }
        Optional<SubtitleFormat> format = SubtitleFormat.recognise(head, head.length);
        if (format.isEmpty()) {
            throw new UnsupportedSubtitlesException(content.media().id(), SubtitleFormat.describe(head, head.length));
        }
        return format.get();
    }

    private static void copy(MediaContent content, Path target, RenderJob<?> job) throws IOException {
        try (InputStream in = job == null ? content.inputStream() : job.guard(content.inputStream());
                OutputStream out = Files.newOutputStream(target)) {
            in.transferTo(out);
        }
    }

    /** The extension of a stored filename, when it is short and plain, so ffmpeg can tell the format. */
    private static String extension(StoredMedia media) {
        String name = media.filename();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return ext.matches("[a-z0-9]{1,8}") ? "." + ext : ".bin";
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * What a probe or a job makes to hand its inputs to ffmpeg: temporary files, and contents
     * served over HTTP. Closing it stops serving them and deletes the files; a file that cannot be
     * deleted is logged, as that must not hide the job's outcome.
     */
    private static final class Scratch implements AutoCloseable {
        private final List<Path> files = new ArrayList<>();
        private final List<ContentServer.Registration> served = new ArrayList<>();

        /** Deletes {@code file} on close; returns it. */
        Path file(Path file) {
            files.add(file);
            return file;
        }

        /** Stops serving on close; returns the content's URL. */
        String serve(ContentServer.Registration registration) {
            served.add(registration);
            return registration.url();
        }

        /**
         * Fails if a served content could not be read: ffmpeg saw its input end early, and may
         * have taken that for the end of the media.
         */
        void checkServed() throws IOException {
            for (ContentServer.Registration r : served) {
                r.checkRead();
            }
        }

        @Override
        public void close() {
            served.forEach(ContentServer.Registration::close);
            for (Path p : files) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("Cannot delete temporary file {}", p, e);
                }
            }
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this Ffmpeg instance is closed");
        }
    }

    /**
     * The opened inputs of a render, the subtitles' format recognised; closing it closes them all.
     */
    private static final class Inputs implements AutoCloseable {
        final MediaContent video;
        final MediaContent audio;
        final MediaContent subtitles;
        final SubtitleFormat subtitleFormat;

        private Inputs(MediaContent video, MediaContent audio, MediaContent subtitles, SubtitleFormat subtitleFormat) {
            this.video = video;
            this.audio = audio;
            this.subtitles = subtitles;
            this.subtitleFormat = subtitleFormat;
        }

        static Inputs open(MediaStore store, RenderRequest request) throws IOException {
            List<MediaContent> opened = new ArrayList<>();
            try {
                MediaContent video = store.open(request.video());
                opened.add(video);
                MediaContent audio = request.audio().isPresent() ? store.open(request.audio().get()) : null;
                opened.add(audio);
                MediaContent subtitles = request.subtitles().isPresent()
                        ? store.open(request.subtitles().get()) : null;
                opened.add(subtitles);
                SubtitleFormat format = subtitles == null ? null : subtitleFormat(subtitles);
                return new Inputs(video, audio, subtitles, format);
            } catch (IOException | RuntimeException e) {
                for (MediaContent c : opened) {
                    if (c != null) {
                        try {
                            c.close();
                        } catch (IOException suppressed) {
                            e.addSuppressed(suppressed);
                        }
                    }
                }
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            IOException failure = null;
            for (MediaContent c : new MediaContent[] {video, audio, subtitles}) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (IOException e) {
                        if (failure == null) {
                            failure = e;
                        } else {
                            failure.addSuppressed(e);
                        }
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * Builds an {@link Ffmpeg}. Each setter checks its value at once and throws an {@link
     * IllegalArgumentException} naming the setting; {@link #build()} finds and checks the programs.
     * Not thread-safe.
     *
     * <p>Where the programs are looked for, first match wins: the path set here; the system
     * property {@code vidstore.ffmpeg.path} / {@code vidstore.ffprobe.path}; the environment
     * variable {@code VIDSTORE_FFMPEG} / {@code VIDSTORE_FFPROBE}; the directories of {@code PATH}.
     */
    public static final class Builder {
        private Path ffmpegPath;
        private Path ffprobePath;
        private Path tempDir = Path.of(System.getProperty("java.io.tmpdir"));
        private Duration probeTimeout = Duration.ofMinutes(1);
        private boolean serveInputs = true;

        private Builder() {
        }

        /**
         * Uses this ffmpeg executable.
         *
         * @param path the executable
         * @return this builder
         * @throws NullPointerException if {@code path} is null
         */
        public Builder ffmpegPath(Path path) {
            this.ffmpegPath = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * Uses this ffprobe executable.
         *
         * @param path the executable
         * @return this builder
         * @throws NullPointerException if {@code path} is null
         */
        public Builder ffprobePath(Path path) {
            this.ffprobePath = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * Sets where subtitles copied out of a database, subtitles converted to ASS to be burned in,
         * render outputs for stores without a staging directory and, with {@link
         * #serveInputsOverHttp serveInputsOverHttp(false)}, copies of media without a file are
         * written; the system's temporary directory by default. Files made there are readable by
         * their owner only, on POSIX systems.
         *
         * @param dir an existing, writable directory
         * @return this builder
         * @throws IllegalArgumentException if {@code dir} is not a writable directory
         */
        public Builder temporaryDirectory(Path dir) {
            Objects.requireNonNull(dir, "dir");
            if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
                throw new IllegalArgumentException("temporaryDirectory " + dir + " is not a writable directory");
            }
            this.tempDir = dir.toAbsolutePath();
            return this;
        }

        /**
         * Limits how long one ffprobe run of {@link Ffmpeg#probe(Path)} may take; one minute by
         * default.
         *
         * @param timeout the limit, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder probeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("probeTimeout must be positive but was " + timeout);
            }
            this.probeTimeout = timeout;
            return this;
        }

        /**
         * Sets how ffmpeg and ffprobe get media that are not files on disk (objects in S3, files
         * kept in a database). By default ({@code true}) this instance serves them over HTTP on
         * the loopback interface, and they read only the parts they need, with range requests. The
         * URL, with 256 random bits, is withdrawn when the probe or job ends, but while it runs it
         * is on ffmpeg's command line, which other users of the machine may be able to read (on
         * Linux, unless {@code /proc} is mounted with {@code hidepid}); they could then fetch the
         * media from the loopback interface. On a machine shared with users who must not read the
         * media, set {@code false}: such media are then copied whole to a file in the {@linkplain
         * #temporaryDirectory temporary directory} (readable by its owner only, on POSIX
         * systems) before ffmpeg starts.
         *
         * @param serve whether to serve such media over loopback HTTP
         * @return this builder
         */
        public Builder serveInputsOverHttp(boolean serve) {
            this.serveInputs = serve;
            return this;
        }

        /**
         * Finds ffmpeg and ffprobe, checks that both run and are at least version {@value
         * Ffmpeg#MINIMUM_VERSION}, and returns a ready instance.
         *
         * @return the instance
         * @throws ToolUnavailableException if a program is missing, does not run or is too old; the
         *     exception names which one
         */
        public Ffmpeg build() throws ToolUnavailableException {
            String[] min = MINIMUM_VERSION.split("\\.");
            int major = Integer.parseInt(min[0]);
            int minor = Integer.parseInt(min[1]);
            ToolLocator.Located ffmpeg = ToolLocator.locate("ffmpeg", ffmpegPath, System::getProperty,
                    System.getenv(), major, minor);
            ToolLocator.Located ffprobe = ToolLocator.locate("ffprobe", ffprobePath, System::getProperty,
                    System.getenv(), major, minor);
            return new Ffmpeg(this, ffmpeg, ffprobe);
        }
    }
}
