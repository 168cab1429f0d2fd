package io.vidstore.ffmpeg;

import io.vidstore.api.MediaStoreException;
import java.util.Optional;

/**
 * Thrown when {@code ffmpeg} or {@code ffprobe} cannot be used: it was not found, is not
 * executable, does not run, or is older than {@value Ffmpeg#MINIMUM_VERSION}. The message names the
 * program, where it was looked for and how to install it.
 */
public class ToolUnavailableException extends MediaStoreException {
    private static final long serialVersionUID = 1L;

    /** The program's name. */
    private final String tool;
    /** The version found, or null. */
    private final String foundVersion;

    /**
     * Creates an exception.
     *
     * @param tool the program's name, {@code ffmpeg} or {@code ffprobe}
     * @param foundVersion the version found, or null if the program was not found or did not run
     * @param message what is wrong and where the program was looked for
     * @param cause the underlying failure, or null
     */
    public ToolUnavailableException(String tool, String foundVersion, String message, Throwable cause) {
        super(message, cause);
        this.tool = tool;
        this.foundVersion = foundVersion;
    }

    /** {@return the program that cannot be used: {@code ffmpeg} or {@code ffprobe}} */
    public String tool() {
        return tool;
    }

    /** {@return the version found, when the program ran but is too old} */
    public Optional<String> foundVersion() {
        return Optional.ofNullable(foundVersion);
    }
}
