package io.vidstore.ffmpeg;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds ffmpeg for tests that need it; call {@link #shared()} from {@code @BeforeEach}. Without
 * ffmpeg such tests are skipped (each one counted as skipped, with a message saying how to install
 * it), except when the environment variable {@code CI} is {@code true}: there a missing ffmpeg
 * fails the build, so that the tests cannot silently stop running.
 */
public final class FfmpegTools {

    private static boolean checked;
    private static Ffmpeg shared;
    private static ToolUnavailableException missing;

    private FfmpegTools() {
    }

    /** {@return an ffmpeg shared by all tests of the run; skips or fails the calling test if there is none} */
    public static synchronized Ffmpeg shared() {
        if (!checked) {
            checked = true;
            try {
                shared = Ffmpeg.locate();
            } catch (ToolUnavailableException e) {
                missing = e;
                System.err.println("[vidstore-ffmpeg] ffmpeg tests are SKIPPED: " + e.getMessage()
                        + " -- install ffmpeg (apt-get install ffmpeg) to run them; with CI=true they fail instead");
            }
        }
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("ffmpeg and ffprobe are required when CI=true: " + missing.getMessage(), missing);
            }
            Assumptions.abort("skipped, ffmpeg/ffprobe not usable (install with: apt-get install ffmpeg): "
                    + missing.getMessage());
        }
        return shared;
    }
}
