package io.vidstore.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.ffmpeg.Ffmpeg;
import io.vidstore.ffmpeg.FfmpegException;
import io.vidstore.ffmpeg.FfmpegTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the real ffmpeg. */
class ChildProcessTest {

    private Ffmpeg ffmpeg;

    @BeforeEach
    void locate() {
        ffmpeg = FfmpegTools.shared();
    }

    private List<String> command(String... args) {
        List<String> c = new ArrayList<>();
        c.add(ffmpeg.ffmpegPath().toString());
        c.addAll(List.of(args));
        return c;
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void drainsBothPipesSoAChattyProcessNeverBlocks() throws Exception {
        // Debug logging on stderr and a checksum line per frame on stdout: far more than a 64 KiB
        // pipe holds, on both pipes.
        AtomicLong stdoutLines = new AtomicLong();
        try (ChildProcess p = ChildProcess.start(command("-hide_banner", "-nostdin", "-loglevel", "debug",
                "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-t", "40", "-f", "framecrc", "pipe:1"),
                line -> stdoutLines.incrementAndGet())) {
            assertEquals(0, p.await(Duration.ofMinutes(2)));
            assertFalse(p.stderrTail().isEmpty());
            assertTrue(p.stderrTail().size() <= FfmpegException.STDERR_TAIL_LINES);
        }
        assertTrue(stdoutLines.get() >= 1000, "frame lines read: " + stdoutLines.get());
    }

    @Test
    void stopEndsAnEndlessProcess() throws Exception {
        List<String> lines = new ArrayList<>();
        ChildProcess p = ChildProcess.start(command("-hide_banner", "-nostats", "-progress", "pipe:1", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10", "-f", "null", "-"), line -> {
                    synchronized (lines) {
                        lines.add(line);
                    }
                });
        long pid = p.pid();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            synchronized (lines) {
                if (lines.contains("progress=continue") || System.nanoTime() > deadline) {
                    break;
                }
                lines.wait(100);
            }
        }
        assertTrue(alive(pid));
        p.stop();
        assertFalse(alive(pid), "ffmpeg must be gone after stop()");
        assertTrue(p.isStopping());
    }

    @Test
    void failureCarriesExitCodeCommandAndStderr() throws Exception {
        Path missing = Path.of("target", "no such file.mp4").toAbsolutePath();
        List<String> command = command("-hide_banner", "-nostdin", "-i", "file:" + missing, "-f", "null", "-");
        try (ChildProcess p = ChildProcess.start(command, line -> { })) {
            int exit = p.await(Duration.ofMinutes(1));
            assertTrue(exit != 0);
            FfmpegException e = p.failure("ffmpeg exited with code " + exit, exit);
            assertEquals(exit, e.exitCode());
            assertEquals(command, e.command());
            assertTrue(e.stderrTail().stream().anyMatch(l -> l.contains("No such file or directory")),
                    e.stderrTail().toString());
            assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
            assertTrue(e.getMessage().contains("'file:" + missing + "'"), e.getMessage());
        }
    }
}
