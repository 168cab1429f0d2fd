package io.vidstore.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.ffmpeg.internal.ShutdownProbe;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Starts a JVM that runs an endless ffmpeg through the library and then exits with {@code
 * System.exit}; the ffmpeg process must not outlive that JVM.
 */
class ShutdownTest {

    @BeforeEach
    void requireFfmpeg() {
        FfmpegTools.shared();
    }

    @Test
    void ffmpegDoesNotOutliveTheJvm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                ShutdownProbe.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long ffmpegPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("ffmpeg pid "), "child JVM said: " + line);
            ffmpegPid = Long.parseLong(line.substring("ffmpeg pid ".length()));
            assertTrue(jvm.waitFor(1, TimeUnit.MINUTES), "child JVM did not exit");
        } finally {
            jvm.destroyForcibly();
        }
        assertEquals(0, jvm.exitValue());
        List<ProcessHandle> left = ProcessHandle.of(ffmpegPid).filter(ProcessHandle::isAlive).stream().toList();
        left.forEach(ProcessHandle::destroyForcibly);
        assertFalse(!left.isEmpty(), "ffmpeg (pid " + ffmpegPid + ") outlived its JVM");
    }
}
