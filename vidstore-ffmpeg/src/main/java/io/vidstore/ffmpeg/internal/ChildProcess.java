package io.vidstore.ffmpeg.internal;

import io.vidstore.ffmpeg.FfmpegException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running {@code ffmpeg} or {@code ffprobe}: started from an argument list (never a shell),
 * with standard output and standard error drained by two threads of their own so that the program
 * never blocks on a full pipe.
 *
 * <p>Standard output goes line by line to a consumer, and so may standard error; the last lines of
 * standard error are kept for error reports, except those tagged as mere information ({@link
 * InputDump#isChatter}). Standard input stays open so that {@link #stop()} can ask ffmpeg to finish
 * with {@code q} before it resorts to {@link Process#destroy()} and {@link
 * Process#destroyForcibly()}.
 * The process is registered for termination at JVM shutdown until it has exited. Thread-safe.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

    /** How long ffmpeg gets to act on {@code q}, and then on SIGTERM, before the next step. */
    private static final Duration STOP_STEP = Duration.ofSeconds(2);
    /** Longer lines are cut; ffmpeg's lines are short, this only bounds memory. */
    private static final int MAX_LINE = 16 * 1024;

    private final List<String> command;
    private final Process process;
    private final Thread stdoutThread;
    private final Thread stderrThread;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    private ChildProcess(List<String> command, Process process, Consumer<String> stdoutLines,
            Consumer<String> stderrLines) {
        this.command = command;
        this.process = process;
        String name = command.get(0).replaceAll(".*[/\\\\]", "") + "-" + process.pid();
        this.stdoutThread = new Thread(() -> drain(process.getInputStream(), stdoutLines), name + "-stdout");
        this.stderrThread = new Thread(() -> drain(process.getErrorStream(), line -> {
            keepStderr(line);
            stderrLines.accept(line);
        }), name + "-stderr");
        stdoutThread.setDaemon(true);
        stderrThread.setDaemon(true);
        stdoutThread.start();
        stderrThread.start();
        process.onExit().thenRun(() -> ChildProcesses.unregister(process));
    }

    /**
     * Starts a program.
     *
     * @param command the program's path and its arguments
     * @param stdoutLines receives each line of standard output, on the stdout thread; exceptions it
     *     throws are logged and the draining goes on
     * @return the running process
     * @throws IOException if the program cannot be started
     */
    public static ChildProcess start(List<String> command, Consumer<String> stdoutLines) throws IOException {
        return start(command, stdoutLines, line -> { });
    }

    /**
     * Starts a program and passes its standard error on as well.
     *
     * @param command the program's path and its arguments
     * @param stdoutLines receives each line of standard output, on the stdout thread; exceptions it
     *     throws are logged and the draining goes on
     * @param stderrLines receives each line of standard error, on the stderr thread, in the same
     *     way
     * @return the running process
     * @throws IOException if the program cannot be started
     */
    public static ChildProcess start(List<String> command, Consumer<String> stdoutLines,
            Consumer<String> stderrLines) throws IOException {
        List<String> cmd = List.copyOf(command);
        if (LOG.isInfoEnabled()) {
            LOG.info("Running {}", CommandLine.display(cmd));
        }
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        return new ChildProcess(cmd, ChildProcesses.start(builder), stdoutLines, stderrLines);
    }

    /** {@return the operating system's id of the process} */
    public long pid() {
        return process.pid();
    }

    /** {@return the program and its arguments} */
    public List<String> command() {
        return command;
    }

    /** {@return the last lines of standard error, oldest first} */
    public List<String> stderrTail() {
        synchronized (stderrTail) {
            return List.copyOf(stderrTail);
        }
    }

    /** {@return a future that completes when the process has exited} */
    public java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** {@return whether {@link #stop()} has been called} */
    public boolean isStopping() {
        return stopping.get();
    }

    /**
     * Waits until the program has exited and its output has been read to the end.
     *
     * @param timeout how long to wait at most, or null to wait as long as it takes
     * @return the exit code
     * @throws TimeoutException if the program is still running after {@code timeout}; it is left
     *     running, the caller decides what to do
     * @throws InterruptedException if the waiting thread is interrupted; the program is left
     *     running
     */
    public int await(Duration timeout) throws InterruptedException, TimeoutException {
        if (timeout == null) {
            process.waitFor();
        } else if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new TimeoutException();
        }
        // The pipes reach end-of-file once the process has exited; these joins are short.
        stdoutThread.join();
        stderrThread.join();
        return process.exitValue();
    }

    /**
     * Stops the program and waits until it is gone: writes {@code q} to its standard input (ffmpeg's
     * way to stop cleanly), then after a grace period sends SIGTERM ({@link Process#destroy()}),
     * then SIGKILL ({@link Process#destroyForcibly()}). Returns at once if it has already exited.
     * Keeps the interrupt flag of the calling thread, but finishes stopping first.
     */
    public void stop() {
        stopping.set(true);
        boolean interrupted = false;
        try {
            if (!process.isAlive()) {
                return;
            }
            try {
                OutputStream stdin = process.getOutputStream();
                stdin.write('q');
                stdin.flush();
                stdin.close();
            } catch (IOException e) {
                LOG.debug("Could not send 'q' to pid {}: {}", process.pid(), e.toString());
            }
            for (int step = 0; step < 3 && process.isAlive(); step++) {
                if (step == 1) {
                    LOG.debug("pid {} ignored 'q'; sending SIGTERM", process.pid());
                    process.destroy();
                } else if (step == 2) {
                    LOG.warn("pid {} ignored SIGTERM; killing it", process.pid());
                    process.destroyForcibly();
                }
                while (true) {
                    try {
                        if (step == 2) {
                            process.waitFor();
                        } else {
                            process.waitFor(STOP_STEP.toMillis(), TimeUnit.MILLISECONDS);
                        }
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the program if it is still running; see {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Builds the exception for a failed run, with the exit code, the command and the stderr tail.
     *
     * @param what what failed, such as {@code ffmpeg exited with code 1}
     * @param exitCode the exit code, or -1
     * @return the exception
     */
    public FfmpegException failure(String what, int exitCode) {
        return new FfmpegException(what, exitCode, command, stderrTail());
    }

    private void keepStderr(String line) {
        LOG.debug("[{}] {}", process.pid(), line);
        if (InputDump.isChatter(line)) {
            return;
        }
        synchronized (stderrTail) {
            if (stderrTail.size() == FfmpegException.STDERR_TAIL_LINES) {
                stderrTail.removeFirst();
            }
            stderrTail.addLast(line);
        }
    }

    private void drain(InputStream in, Consumer<String> lines) {
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            StringBuilder line = new StringBuilder();
            int n;
            while ((n = reader.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    char c = buffer[i];
                    if (c == '\n' || c == '\r') {
                        if (line.length() > 0) {
                            deliver(lines, line.toString());
                            line.setLength(0);
                        }
                    } else if (line.length() < MAX_LINE) {
                        line.append(c);
                    }
                }
            }
            if (line.length() > 0) {
                deliver(lines, line.toString());
            }
        } catch (IOException e) {
            // The stream closes when the process is killed; nothing is left to read then.
            LOG.debug("Stopped reading output of pid {}: {}", process.pid(), e.toString());
        }
    }

    private void deliver(Consumer<String> lines, String line) {
        try {
            lines.accept(line);
        } catch (RuntimeException e) {
            LOG.warn("Output consumer of pid {} failed; output reading goes on", process.pid(), e);
        }
    }
}
