/**
 * Probe and render stored media with the {@code ffmpeg} and {@code ffprobe} programs, reading
 * media straight from the store's disk.
 *
 * <p>Start with {@link io.vidstore.ffmpeg.Ffmpeg}: {@link io.vidstore.ffmpeg.Ffmpeg#probe probe}
 * returns a typed {@link io.vidstore.ffmpeg.MediaProbe}; {@link io.vidstore.ffmpeg.Ffmpeg#render
 * render} takes a {@link io.vidstore.ffmpeg.RenderRequest} and returns a {@link
 * io.vidstore.ffmpeg.RenderJob} with a future result, progress and cancellation. Failures of the
 * programs are {@link io.vidstore.ffmpeg.FfmpegException}s carrying the exit code, the command and
 * the end of standard error; a missing or too old program is a {@link
 * io.vidstore.ffmpeg.ToolUnavailableException}.
 */
package io.vidstore.ffmpeg;
