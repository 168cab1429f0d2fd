package io.vidstore.ffmpeg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test media generated with ffmpeg's lavfi sources ({@code testsrc2}, {@code sine}) on first use
 * and cached in {@code target/test-media}, so each build generates them once. Nothing binary is
 * committed. Each file is written under a temporary name and moved into place, so an interrupted
 * build never leaves a half-written file in the cache.
 */
public final class TestMedia {

    /** The cache directory. */
    public static final Path DIR = Path.of("target", "test-media").toAbsolutePath();

    /** Length of {@link #clip()}. */
    public static final int CLIP_SECONDS = 6;
    /** Frame rate of {@link #clip()}. */
    public static final int CLIP_FPS = 10;
    /** Length of {@link #longVideo()}: ten minutes. */
    public static final int LONG_SECONDS = 600;

    private TestMedia() {
    }

    /** {@return 6 s, 320x240, 10 fps H.264 with mono 48 kHz AAC (440 Hz, language eng)} */
    public static synchronized Path clip() {
        return generate("clip.mp4", List.of(
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=" + CLIP_FPS,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(CLIP_SECONDS), "-c:v", "libx264", "-preset", "ultrafast", "-g", "10",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-metadata:s:a:0", "language=eng", "-f", "mp4"));
    }

    /** {@return {@link #clip()} with a display matrix that rotates it by 90 degrees} */
    public static synchronized Path rotated() {
        Path clip = clip();
        return generate("rotated.mp4", List.of("-i", "file:" + clip, "-c", "copy",
                "-metadata:s:v:0", "rotate=90", "-f", "mp4"));
    }

    /** {@return {@link #clip()} without its audio: an MP4 without the streams MP4 files usually have} */
    public static synchronized Path silent() {
        Path clip = clip();
        return generate("silent.mp4", List.of("-i", "file:" + clip, "-map", "0:v:0", "-c", "copy", "-f", "mp4"));
    }

    /** {@return 4 s, 320x240 VP9 with Opus; WebM has durations only at container level} */
    public static synchronized Path webm() {
        return generate("clip.webm", List.of(
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10",
                "-f", "lavfi", "-i", "sine=frequency=330:sample_rate=48000",
                "-t", "4", "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8",
                "-c:a", "libopus", "-f", "webm"));
    }

    /**
     * {@return 5 s of 880 Hz stereo AAC in an M4A container, about 20 KB: an audio track to add,
     * small enough for a store to keep it in its database}
     */
    public static synchronized Path voice() {
        return generate("voice.m4a", List.of(
                "-f", "lavfi", "-i", "sine=frequency=880:sample_rate=44100",
                "-t", "5", "-ac", "2", "-c:a", "aac", "-b:a", "32k", "-f", "ipod"));
    }

    /** {@return ten minutes of 160x120, 10 fps H.264 with AAC, made fast with {@code ultrafast}} */
    public static synchronized Path longVideo() {
        return generate("long.mp4", List.of(
                "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10",
                "-f", "lavfi", "-i", "sine=frequency=220:sample_rate=22050",
                "-t", Integer.toString(LONG_SECONDS), "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "32k", "-f", "mp4"));
    }

    /** {@return SubRip subtitles with cues from 0 s to 6 s, as text} */
    public static String subtitles() {
        return "1\n00:00:00,000 --> 00:00:02,000\nFirst line: it's [here], yes; ünïcödé\n\n"
                + "2\n00:00:02,000 --> 00:00:04,000\nSecond line\n\n"
                + "3\n00:00:04,000 --> 00:00:06,000\nThird line\n";
    }

    private static Path generate(String name, List<String> args) {
        Path target = DIR.resolve(name);
        if (Files.isRegularFile(target)) {
            return target;
        }
        Ffmpeg ffmpeg = FfmpegTools.shared();
        try {
            Files.createDirectories(DIR);
            Path part = DIR.resolve(name + ".part");
            Path log = DIR.resolve(name + ".log");
            List<String> command = new ArrayList<>();
            command.add(ffmpeg.ffmpegPath().toString());
            command.addAll(List.of("-hide_banner", "-nostdin", "-loglevel", "error", "-y"));
            command.addAll(args);
            command.add("file:" + part);
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("generating " + name + " took too long");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("generating " + name + " failed: " + command + "\n"
                        + Files.readString(log));
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(log);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
