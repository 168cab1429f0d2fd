package io.vidstore.ffmpeg;

import io.vidstore.api.MediaStoreException;
import io.vidstore.ffmpeg.internal.CommandLine;
import java.util.List;

/**
 * Thrown when {@code ffmpeg} or {@code ffprobe} fails: it exited with a non-zero code, was killed,
 * or produced output that cannot be read. Carries the exit code, the full argument list and the
 * last lines of the program's standard error, which usually say what went wrong.
 */
public class FfmpegException extends MediaStoreException {
    private static final long serialVersionUID = 1L;

    /** The number of standard-error lines kept. */
    public static final int STDERR_TAIL_LINES = 30;

    /** The exit code. */
    private final int exitCode;
    /** The program and its arguments. */
    private final List<String> command;
    /** The last lines of standard error. */
    private final List<String> stderrTail;

    /**
     * Creates an exception.
     *
     * @param message what failed, in a few words, such as {@code ffmpeg exited with code 1}; the
     *     last stderr line and the command are appended
     * @param exitCode the program's exit code, or -1 if it did not exit by itself
     * @param command the program and its arguments, exactly as started
     * @param stderrTail the last lines of the program's standard error, oldest first
     */
    public FfmpegException(String message, int exitCode, List<String> command, List<String> stderrTail) {
        this(message, exitCode, command, stderrTail, null);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what failed, in a few words; the last stderr line and the command are
     *     appended
     * @param exitCode the program's exit code, or -1 if it did not exit by itself
     * @param command the program and its arguments, exactly as started
     * @param stderrTail the last lines of the program's standard error, oldest first
     * @param cause the underlying failure, or null
     */
    public FfmpegException(String message, int exitCode, List<String> command, List<String> stderrTail,
            Throwable cause) {
        super(describe(message, command, stderrTail), cause);
        this.exitCode = exitCode;
        this.command = List.copyOf(command);
        this.stderrTail = List.copyOf(stderrTail);
    }

    private static String describe(String message, List<String> command, List<String> stderrTail) {
        StringBuilder s = new StringBuilder(message);
        if (!stderrTail.isEmpty()) {
            s.append(": ").append(stderrTail.get(stderrTail.size() - 1).trim());
        }
        if (!command.isEmpty()) {
            s.append(" (command: ").append(CommandLine.display(command)).append(')');
        }
        return s.toString();
    }

    /** {@return the program's exit code, or -1 if it did not exit by itself (killed, not started)} */
    public int exitCode() {
        return exitCode;
    }

    /** {@return the program and its arguments, exactly as they were passed to the program} */
    public List<String> command() {
        return command;
    }

    /** {@return the last lines (at most {@value #STDERR_TAIL_LINES}) of the program's standard error} */
    public List<String> stderrTail() {
        return stderrTail;
    }
}
