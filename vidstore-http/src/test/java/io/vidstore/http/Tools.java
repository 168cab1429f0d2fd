package io.vidstore.http;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * External programs the tests run (curl, ffmpeg, ffprobe). A missing program skips the test with
 * a message naming the Debian package, except when the environment variable {@code CI} is
 * {@code true}: there it fails the test.
 */
final class Tools {

    /** What a finished program left behind. */
    record Result(int exitCode, String stdout, String stderr) { }

    private Tools() {
    }

    /** Skips (or, with CI=true, fails) the test unless the program runs. */
    static void require(String program, String aptPackage) {
        boolean present;
        try {
            Process p = new ProcessBuilder(program, program.equals("curl") ? "--version" : "-version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        if (!present) {
            String message = program + " is not installed; install it with 'apt-get install "
                    + aptPackage + "' to run this test";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + " (required because CI=true)");
            }
            Assumptions.abort(message);
        }
    }

    /** Runs a program (no shell) with its output in files under {@code dir}, within 5 minutes. */
    static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish within 5 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /**
     * Returns a 10-second H.264/AAC MP4 made with ffmpeg's lavfi sources, generated once per build
     * under {@code target/test-media}. The index (moov) stays at the end of the file, so players
     * reading it over HTTP must seek with ranges.
     */
    static synchronized Path testVideo() throws IOException, InterruptedException {
        Path dir = Path.of("target", "test-media");
        Path video = dir.resolve("testsrc2-10s.mp4");
        if (Files.isRegularFile(video) && Files.size(video) > 0) {
            return video;
        }
        Files.createDirectories(dir);
        Path partial = dir.resolve("testsrc2-10s.partial.mp4");
        Result r = run(dir, "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=duration=10:size=320x240:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=10",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-shortest", "file:" + partial);
        if (r.exitCode() != 0) {
            fail("ffmpeg could not generate the test video: " + r.stderr());
        }
        Files.move(partial, video, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return video;
    }
}
