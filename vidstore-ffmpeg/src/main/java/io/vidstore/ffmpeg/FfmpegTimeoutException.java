package io.vidstore.ffmpeg;

import java.time.Duration;
import java.util.List;

/**
 * Thrown when {@code ffmpeg} or {@code ffprobe} runs longer than its timeout. The process has been
 * stopped, and nothing was saved, when this exception is thrown.
 */
public class FfmpegTimeoutException extends FfmpegException {
    private static final long serialVersionUID = 1L;

    /** The timeout that ran out. */
    private final Duration timeout;

    /**
     * Creates an exception.
     *
     * @param timeout the timeout that ran out
     * @param command the program and its arguments
     * @param stderrTail the last lines of the program's standard error
     */
    public FfmpegTimeoutException(Duration timeout, List<String> command, List<String> stderrTail) {
        super("stopped " + command.get(0) + " after the timeout of " + timeout, -1, command, stderrTail);
        this.timeout = timeout;
    }

    /** {@return the timeout that ran out} */
    public Duration timeout() {
        return timeout;
    }
}
