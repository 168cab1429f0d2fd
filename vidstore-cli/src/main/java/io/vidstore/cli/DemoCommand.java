package io.vidstore.cli;

import io.vidstore.api.ByteRange;
import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaStore;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.ffmpeg.AudioMode;
import io.vidstore.ffmpeg.EncodingSpeed;
import io.vidstore.ffmpeg.Ffmpeg;
import io.vidstore.ffmpeg.MediaProbe;
import io.vidstore.ffmpeg.RenderRequest;
import io.vidstore.ffmpeg.RenderResult;
import io.vidstore.ffmpeg.StreamType;
import io.vidstore.ffmpeg.SubtitleMode;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vidstore demo}: end to end on a fresh directory — make a video, an audio track and
 * subtitles, store them, probe, render them together, read a range back, and show where
 * everything went, how fast, and the JVM's peak heap.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs vidstore end to end on a fresh directory with ffmpeg: makes a test video,"
                + " stores it with an audio track and subtitles, probes, renders the three together,"
                + " reads a range back, and prints what was stored where, throughput and peak heap.",
            "Try it with java -Xmx64m -jar vidstore.jar demo: memory does not grow with the video."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "An empty or new directory to work in (default: a new one in the temp directory). It is kept.")
    private Path dir;

    @Option(names = "--length", paramLabel = "T", converter = OptionValues.Time.class, defaultValue = "10m",
            description = "The test video's length (default: ${DEFAULT-VALUE}).")
    private Duration length;

    @Option(names = "--height", paramLabel = "PIXELS", defaultValue = "720",
            description = "The test video's height, 16:9 (default: ${DEFAULT-VALUE}).")
    private int height;

    private PrintWriter out;

    @Override
    public Integer call() throws IOException {
        if (length.isZero() || length.isNegative()) {
            throw new IllegalArgumentException("--length must be positive but was " + length);
        }
        if (height < 16 || height > RenderRequest.MAX_HEIGHT || height % 2 != 0) {
            throw new IllegalArgumentException("--height must be an even number from 16 to "
                    + RenderRequest.MAX_HEIGHT + " but was " + height);
        }
        out = spec.commandLine().getOut();
        Path work = workDirectory();
        Path sources = Files.createDirectories(work.resolve("sources"));
        Path storeDir = work.resolve("store");
        long demoStart = System.nanoTime();
        try (Ffmpeg ffmpeg = Ffmpeg.locate(); SqliteMediaStore store = SqliteMediaStore.open(storeDir)) {
            out.println("vidstore demo in " + work + " (ffmpeg " + ffmpeg.ffmpegVersion() + ")");
            DemoMedia media = new DemoMedia(ffmpeg.ffmpegPath());
            Path videoFile = sources.resolve("demo.mp4");
            Path audioFile = sources.resolve("voice.m4a");
            Path srtFile = sources.resolve("captions.srt");
            long t = System.nanoTime();
            media.video(videoFile, length, height);
            media.audio(audioFile, length);
            DemoMedia.subtitles(srtFile, length);
            step("made a " + format(length) + " " + height + "p test video, a tone and subtitles with ffmpeg",
                    System.nanoTime() - t);

            t = System.nanoTime();
            StoredMedia video = save(store, videoFile, "video/mp4");
            long saveNanos = System.nanoTime() - t;
            step("saved the video: " + Units.bytes(video.size()) + " at " + Units.rate(video.size(), saveNanos),
                    saveNanos);
            StoredMedia audio = save(store, audioFile, "audio/mp4");
            StoredMedia srt = save(store, srtFile, "application/x-subrip");
            out.println("  saved the audio track and the subtitles");

            t = System.nanoTime();
            MediaProbe probe = ffmpeg.probe(store, video.id());
            step("probed the video: " + probe.container() + ", " + probe.duration().map(DemoCommand::format).orElse("?")
                    + ", " + probe.streams().size() + " streams", System.nanoTime() - t);

            t = System.nanoTime();
            RenderRequest request = RenderRequest.builder(video.id())
                    .audio(audio.id(), AudioMode.MIX)
                    .subtitles(srt.id(), SubtitleMode.SOFT_TRACK)
                    .encodingSpeed(EncodingSpeed.FASTEST)
                    .build();
            RenderResult<StoredMedia> rendered = RenderJobs.await(ffmpeg.render(store, request,
                    MediaUpload.of(null, "demo-final.mp4", null)));
            StoredMedia output = rendered.output();
            MediaProbe outProbe = ffmpeg.probe(store, output.id());
            step("rendered video + mixed audio + subtitle track: " + Units.bytes(output.size()) + ", "
                    + outProbe.streams(StreamType.VIDEO).size() + " video, "
                    + outProbe.streams(StreamType.AUDIO).size() + " audio, "
                    + outProbe.streams(StreamType.SUBTITLE).size() + " subtitle stream(s); video "
                    + (rendered.videoCopied() ? "copied, not re-encoded" : "re-encoded"), System.nanoTime() - t);

            t = System.nanoTime();
            long read = readAll(store, video);
            long readNanos = System.nanoTime() - t;
            step("read the whole video back: " + Units.bytes(read) + " at " + Units.rate(read, readNanos), readNanos);

            long offset = output.size() / 2;
            ByteRange range = ByteRange.ofLength(offset, Math.min(4L << 20, output.size() - offset));
            t = System.nanoTime();
            long part;
            try (MediaContent content = store.open(output.id(), range)) {
                part = content.transferTo(Channels.newChannel(OutputStream.nullOutputStream()));
            }
            step("read range " + range + " of the rendered video: " + Units.bytes(part), System.nanoTime() - t);

            out.println();
            out.println("stored:");
            for (StoredMedia m : new StoredMedia[] {video, audio, srt, output}) {
                Optional<Path> file = Descriptions.file(store, m);
                out.printf(Locale.ROOT, "  %-16s %10s  %-36s  %s%n", m.filename(), Units.bytes(m.size()),
                        m.id().value(), file.map(p -> "disk: " + p).orElse("BLOB in " + store.databaseFile()));
            }
            out.println();
            out.println("total time:      " + Units.seconds(System.nanoTime() - demoStart));
            out.printf(Locale.ROOT, "peak heap:       %s of a %s maximum (-Xmx); the video is %s%n",
                    Units.bytes(peakHeap()), Units.bytes(Runtime.getRuntime().maxMemory()), Units.bytes(video.size()));
            out.println("look around:     java -jar vidstore.jar ls --store " + storeDir);
        }
        return VidstoreCli.OK;
    }

    private Path workDirectory() throws IOException {
        if (dir == null) {
            return Files.createTempDirectory("vidstore-demo-");
        }
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("--dir " + dir + " is not empty; the demo needs a fresh directory");
                }
            }
            return dir;
        }
        return Files.createDirectories(dir);
    }

    private static StoredMedia save(MediaStore store, Path file, String type) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return store.save(MediaUpload.builder(String.valueOf(file.getFileName())).contentType(type)
                    .expectedSize(Files.size(file)).build(), in);
        }
    }

    private static long readAll(MediaStore store, StoredMedia media) throws IOException {
        try (MediaContent content = store.open(media.id())) {
            return content.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** The sum of each heap pool's peak: an upper bound of the JVM's peak heap use. */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private void step(String what, long nanos) {
        out.println("  " + what + " (" + Units.seconds(nanos) + ")");
        out.flush();
    }

    private static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? String.format(Locale.ROOT, "%d:%02d min", s / 60, s % 60)
                : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
