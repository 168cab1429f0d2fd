package io.vidstore.ffmpeg;

/**
 * Receives the progress of a render, about twice a second while ffmpeg runs.
 *
 * <p>Calls come from the thread that reads ffmpeg's output, one at a time, in order. A listener
 * must return quickly: ffmpeg waits while it runs. An exception thrown by the listener is logged
 * and otherwise ignored; to stop a render, call {@link RenderJob#cancel()}, which is allowed here.
 * The listener must not wait for its job ({@link RenderJob#await()}, {@link RenderJob#close()},
 * {@code result().join()}): the job cannot end while its listener runs.
 */
@FunctionalInterface
public interface RenderProgressListener {

    /**
     * Reports progress.
     *
     * @param progress the latest snapshot
     */
    void onProgress(RenderProgress progress);
}
