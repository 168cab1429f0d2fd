package io.vidstore.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Generates the demo's media with ffmpeg's lavfi sources: a test video, a tone, subtitles. */
final class DemoMedia {

    private final Path ffmpeg;

    DemoMedia(Path ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /**
     * A 16:9 H.264/AAC MP4 of moving test pictures with a tone, 10 frames per second at a low
     * bit rate, so that ten minutes of 720p take well under a minute to make on two cores.
     */
    void video(Path target, Duration length, int height) throws IOException {
        int width = (height * 16 / 9 + 1) & ~1;
        String seconds = seconds(length);
        run(List.of("-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=10:duration=" + seconds,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + seconds,
                "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "800k", "-g", "100", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart", "-shortest"), target);
    }

    /** An AAC tone in an M4A file, as a voice-over stand-in. */
    void audio(Path target, Duration length) throws IOException {
        run(List.of("-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000:duration=" + seconds(length),
                "-c:a", "aac", "-b:a", "48k"), target);
    }

    /** SubRip subtitles, one cue every five seconds (at most 200). */
    static void subtitles(Path target, Duration length) throws IOException {
        StringBuilder srt = new StringBuilder();
        long cues = Math.max(1, Math.min(200, length.toSeconds() / 5));
        for (int i = 0; i < cues; i++) {
            srt.append(i + 1).append('\n')
                    .append(srtTime(i * 5_000L)).append(" --> ").append(srtTime(i * 5_000L + 4_000)).append('\n')
                    .append("vidstore demo, cue ").append(i + 1).append("\n\n");
        }
        Files.writeString(target, srt, StandardCharsets.UTF_8);
    }

    private static String srtTime(long millis) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d,%03d", millis / 3_600_000, millis / 60_000 % 60,
                millis / 1000 % 60, millis % 1000);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    /** Runs ffmpeg with an argument list (no shell); its messages go to a log shown on failure. */
    private void run(List<String> arguments, Path target) throws IOException {
        List<String> command = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin",
                "-loglevel", "error", "-y"));
        command.addAll(arguments);
        command.add(target.toString());
        Path log = Files.createTempFile(target.getParent(), ".ffmpeg-", ".log");
        Process p = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(log.toFile())
                .start();
        try {
            int exit = p.waitFor();
            if (exit != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new IOException("ffmpeg failed with exit code " + exit + " making " + target + ": "
                        + String.join(" ", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while making " + target);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
