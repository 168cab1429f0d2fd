package io.vidstore.ffmpeg;

import java.util.List;
import java.util.Objects;

/**
 * What a finished {@link RenderJob} produced, and how.
 *
 * @param <T> the type of the output: {@link io.vidstore.api.StoredMedia} for output saved into a
 *     store, {@link java.nio.file.Path} for output written to a file
 * @param output the output
 * @param command the ffmpeg command that produced it, program first
 * @param videoCopied whether the video stream was copied without re-encoding ({@code -c:v copy})
 * @param audioCopied whether the audio stream was copied without re-encoding ({@code -c:a copy});
 *     false when the output has no audio
 */
public record RenderResult<T>(T output, List<String> command, boolean videoCopied, boolean audioCopied) {

    /**
     * Checks the components and freezes the command.
     *
     * @param output the output
     * @param command the ffmpeg command that produced it, program first
     * @param videoCopied whether the video stream was copied without re-encoding ({@code -c:v copy})
     * @param audioCopied whether the audio stream was copied without re-encoding ({@code -c:a copy});
     *     false when the output has no audio
     * @throws NullPointerException if a component is null
     */
    public RenderResult {
        Objects.requireNonNull(output, "output");
        command = List.copyOf(command);
    }
}
