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

    /** {@return the cues of {@link #subtitles()} as WebVTT} */
    public static String webVttSubtitles() {
        return "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nFirst line: it's [here], yes; ünïcödé\n\n"
                + "00:00:02.000 --> 00:00:04.000\nSecond line\n\n"
                + "00:00:04.000 --> 00:00:06.000\nThird line\n";
    }

    /** {@return the cues of {@link #subtitles()} as ASS, with a style of its own} */
    public static String assSubtitles() {
        return "[Script Info]\nScriptType: v4.00+\nPlayResX: 384\nPlayResY: 288\n\n[V4+ Styles]\n"
                + "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
                + "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, "
                + "Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
                + "Style: Default,DejaVu Sans,24,&H0000FFFF,&H000000FF,&H00000000,&H80000000,-1,0,0,0,100,100,"
                + "0,0,1,2,1,2,10,10,20,1\n\n[Events]\n"
                + "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
                + "Dialogue: 0,0:00:00.00,0:00:02.00,Default,,0,0,0,,First line: it's [here], yes; ünïcödé\n"
                + "Dialogue: 0,0:00:02.00,0:00:04.00,Default,,0,0,0,,Second line\n"
                + "Dialogue: 0,0:00:04.00,0:00:06.00,Default,,0,0,0,,Third line\n";
    }

    /** The one cue of {@link #secret()}'s subtitle track. */
    public static final String SECRET_CUE = "SECRET FROM OUTSIDE THE STORE";

    /**
     * {@return 6 s of 320x240 H.264 in Matroska with a SubRip track whose one cue is {@link
     * #SECRET_CUE}: a private file, which a render must never read unless it is an input}
     */
    public static synchronized Path secret() {
        Path srt = DIR.resolve("secret.srt");
        try {
            Files.createDirectories(DIR);
            Files.writeString(srt, "1\n00:00:00,000 --> 00:00:06,000\n" + SECRET_CUE + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return generate("secret.mkv", List.of(
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=" + CLIP_FPS, "-i", "file:" + srt,
                "-t", Integer.toString(CLIP_SECONDS), "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", "-c:s", "srt", "-f", "matroska"));
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
