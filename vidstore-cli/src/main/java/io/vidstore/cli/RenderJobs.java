package io.vidstore.cli;

import io.vidstore.ffmpeg.RenderJob;
import io.vidstore.ffmpeg.RenderResult;
import java.io.IOException;
import java.io.InterruptedIOException;

/** Waiting for a render in a command: Ctrl-C or an interrupt stops ffmpeg, nothing is saved. */
final class RenderJobs {

    private RenderJobs() {
    }

    static <T> RenderResult<T> await(RenderJob<T> job) throws IOException {
        // The JVM runs shutdown hooks on Ctrl-C: cancelling there stops ffmpeg and its output.
        Thread hook = new Thread(job::cancel, "vidstore-cancel-render");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return job.await();
        } catch (InterruptedException e) {
            job.cancel();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while rendering");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running and cancels the job
            }
        }
    }
}
