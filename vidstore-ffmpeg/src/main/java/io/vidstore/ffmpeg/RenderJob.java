package io.vidstore.ffmpeg;

import io.vidstore.ffmpeg.internal.ChildProcess;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A render running in the background, started by {@link Ffmpeg#render} or {@link
 * Ffmpeg#thumbnail}: its result, its progress, and a way to stop it.
 *
 * <p>The job runs on a thread of its own: it prepares the inputs (media without a file of their
 * own are served to ffmpeg over loopback HTTP, subtitles among them copied to temporary files),
 * runs ffmpeg, and stores the output. When it ends, by success, failure, {@linkplain #cancel()
 * cancellation} or timeout, ffmpeg has exited, its inputs are no longer served, the temporary files
 * are deleted and the inputs are closed, and only then does {@link #result()} complete.
 *
 * <p>Closing a job cancels it if it is still running and waits until it has ended, so that
 * try-with-resources never leaves a process behind. Thread-safe.
 *
 * @param <T> the type of the output: {@link io.vidstore.api.StoredMedia} or {@link java.nio.file.Path}
 */
public final class RenderJob<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RenderJob.class);
    private static final AtomicLong THREAD_NUMBER = new AtomicLong();

    /** Why a job was stopped early. */
    private enum Abort { CANCELLED, TIMED_OUT }

    /** The work of a job, run on its thread. */
    @FunctionalInterface
    interface Work<T> {
        RenderResult<T> run(RenderJob<T> job) throws Exception;
    }

    private final CompletableFuture<RenderResult<T>> result = new CompletableFuture<>();
    private final CompletableFuture<Void> aborted = new CompletableFuture<>();
    private final AtomicReference<Abort> abort = new AtomicReference<>();
    private final Duration timeout;
    private final long deadline;
    private final RenderProgressListener listener;
    private final Work<T> work;
    private volatile ChildProcess process;
    private volatile RenderProgress progress;
    private volatile List<String> lastCommand = List.of("ffmpeg");
    private volatile List<String> lastStderr = List.of();

    RenderJob(Optional<Duration> timeout, Optional<RenderProgressListener> listener, Work<T> work) {
        this.timeout = timeout.orElse(null);
        this.deadline = timeout.map(t -> System.nanoTime() + t.toNanos()).orElse(Long.MAX_VALUE);
        this.listener = listener.orElse(null);
        this.work = work;
        // A caller cancelling the future itself must stop the process too.
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                abort(Abort.CANCELLED);
            }
        });
    }

    void start(Runnable onEnd) {
        Thread thread = new Thread(() -> {
            try {
                run();
            } finally {
                onEnd.run();
            }
        }, "vidstore-ffmpeg-job-" + THREAD_NUMBER.incrementAndGet());
        // The shutdown hook stops ffmpeg; the job thread must not keep the JVM alive.
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            RenderResult<T> r = work.run(this);
            if (abort.get() == Abort.CANCELLED) {
                result.completeExceptionally(new CancellationException("render cancelled"));
            } else {
                result.complete(r);
            }
        } catch (Throwable e) {
            Abort why = abort.get();
            if (why == Abort.CANCELLED) {
                LOG.debug("Render cancelled", e);
                result.completeExceptionally(new CancellationException("render cancelled"));
            } else if (why == Abort.TIMED_OUT && !(e instanceof FfmpegTimeoutException)) {
                FfmpegTimeoutException t = new FfmpegTimeoutException(timeout, lastCommand, lastStderr);
                t.addSuppressed(e);
                result.completeExceptionally(t);
            } else {
                result.completeExceptionally(e);
            }
        }
    }

    /**
     * Returns the future result. It completes once the job has ended and cleaned up: normally with
     * the output; exceptionally with an {@link FfmpegException} (exit code, command, stderr), an
     * {@link FfmpegTimeoutException}, a {@link io.vidstore.api.MediaStoreException} from the store,
     * or a {@link CancellationException} after {@link #cancel()}.
     *
     * <p>Cancelling the returned future stops the job as well, but the future then completes at
     * once, before the clean-up; use {@link #cancel()} to be able to wait for the end.
     *
     * @return the future result
     */
    public CompletableFuture<RenderResult<T>> result() {
        return result;
    }

    /**
     * Waits for the job to end and returns its result, unwrapping failures.
     *
     * @return the result
     * @throws IOException the job's failure ({@link FfmpegException}, a store exception, ...)
     * @throws CancellationException if the job was cancelled
     * @throws InterruptedException if the waiting thread is interrupted; the job goes on
     */
    public RenderResult<T> await() throws IOException, InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    /**
     * Asks the job to stop: ffmpeg is sent {@code q}, then SIGTERM, then SIGKILL until it exits,
     * nothing is saved, and {@link #result()} completes with a {@link CancellationException} once
     * the clean-up is done. Returns at once.
     *
     * @return true if this call stopped a running job, false if it had already ended or been
     *     stopped
     */
    public boolean cancel() {
        return !result.isDone() && abort(Abort.CANCELLED);
    }

    /** {@return whether the job has ended, in any way} */
    public boolean isDone() {
        return result.isDone();
    }

    /** {@return the latest progress report, if ffmpeg has sent one yet} */
    public Optional<RenderProgress> progress() {
        return Optional.ofNullable(progress);
    }

    /**
     * {@return the operating system's id of the ffmpeg (or ffprobe) process the job is running right
     * now} Empty while no program runs, for example while inputs are prepared or the output is saved.
     */
    public OptionalLong pid() {
        ChildProcess p = process;
        return p == null ? OptionalLong.empty() : OptionalLong.of(p.pid());
    }

    /**
     * Cancels the job if it is still running and waits until it has ended and cleaned up.
     * Never throws; an interrupt is kept for the caller.
     */
    @Override
    public void close() {
        cancel();
        boolean interrupted = false;
        while (true) {
            try {
                result.handle((r, e) -> null).get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean abort(Abort why) {
        if (abort.compareAndSet(null, why)) {
            aborted.complete(null);
            return true;
        }
        return false;
    }

    /** Throws if the job was cancelled or is past its deadline. */
    void checkAborted() throws IOException {
        if (abort.get() == null && System.nanoTime() - deadline > 0) {
            abort(Abort.TIMED_OUT);
        }
        Abort why = abort.get();
        if (why == Abort.CANCELLED) {
            throw new InterruptedIOException("render cancelled");
        }
        if (why == Abort.TIMED_OUT) {
            throw new FfmpegTimeoutException(timeout, lastCommand, lastStderr);
        }
    }

    /** {@return whether the job was cancelled or timed out} */
    boolean isAborted() {
        return abort.get() != null;
    }

    /**
     * Runs a program to its end, unless the job is cancelled or times out first, and returns
     * normally when it exited with 0.
     *
     * @throws FfmpegException if it exited with another code
     */
    void runProcess(List<String> command, Consumer<String> stdout) throws IOException {
        finish(launch(command, stdout, true));
    }

    /**
     * Starts a program as part of this job; the caller must {@link #finish} or close it. The
     * current program is the one {@link #pid()} reports and a timeout report names; a program
     * started alongside it (current false) is not.
     */
    ChildProcess launch(List<String> command, Consumer<String> stdout, boolean current) throws IOException {
        return launch(command, stdout, line -> { }, current);
    }

    /** Starts a program as {@link #launch(List, Consumer, boolean)} does, passing its stderr on too. */
    ChildProcess launch(List<String> command, Consumer<String> stdout, Consumer<String> stderr, boolean current)
            throws IOException {
        checkAborted();
        ChildProcess p = ChildProcess.start(command, stdout, stderr);
        if (current) {
            lastCommand = p.command();
            lastStderr = List.of();
            process = p;
        }
        return p;
    }

    /**
     * Waits for a launched program to end, unless the job is cancelled or times out first, then
     * closes it; returns normally when it exited with 0. Other programs the job runs at the same
     * time are left alone.
     *
     * @throws FfmpegException if it exited with another code
     */
    void finish(ChildProcess p) throws IOException {
        try {
            long left = deadline - System.nanoTime();
            try {
                CompletableFuture.anyOf(p.onExit(), aborted).get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                abort(Abort.TIMED_OUT);
            } catch (InterruptedException e) {
                abort(Abort.CANCELLED);
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
            if (abort.get() != null) {
                p.stop();
                keepStderr(p);
                checkAborted();
            }
            int exit;
            try {
                exit = p.await(null);
            } catch (InterruptedException | TimeoutException e) {
                throw new IllegalStateException("cannot happen: the process has exited", e);
            }
            keepStderr(p);
            if (exit != 0) {
                throw p.failure(p.command().get(0).replaceAll(".*[/\\\\]", "") + " exited with code " + exit, exit);
            }
        } finally {
            if (process == p) {
                process = null;
            }
            p.close();
        }
    }

    /**
     * Waits until an event has happened or a launched program has exited, whichever comes first,
     * unless the job is cancelled or times out before: then the program is stopped and this throws.
     * When the program has exited, its output has been read to the end. The program is left
     * running otherwise; the caller must still {@link #finish} or close it.
     */
    void awaitEither(CompletableFuture<?> event, ChildProcess p) throws IOException {
        long left = deadline - System.nanoTime();
        try {
            CompletableFuture.anyOf(event, p.onExit(), aborted).get(Math.max(left, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abort(Abort.TIMED_OUT);
        } catch (InterruptedException e) {
            abort(Abort.CANCELLED);
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.debug("Awaited event failed", e);
        }
        if (abort.get() == null && !event.isDone()) {
            try {
                p.await(null);
            } catch (InterruptedException e) {
                abort(Abort.CANCELLED);
                Thread.currentThread().interrupt();
            } catch (TimeoutException e) {
                throw new IllegalStateException("cannot happen: no timeout was given", e);
            }
        }
        if (abort.get() != null) {
            p.stop();
            keepStderr(p);
            checkAborted();
        }
    }

    /** Keeps the stderr tail of the current program for a timeout report. */
    private void keepStderr(ChildProcess p) {
        if (process == p) {
            lastStderr = p.stderrTail();
        }
    }

    /** Delivers a progress report. */
    void report(RenderProgress p) {
        progress = p;
        if (listener != null) {
            try {
                listener.onProgress(p);
            } catch (RuntimeException e) {
                LOG.warn("Progress listener failed; the render goes on", e);
            }
        }
    }

    /** Wraps a stream so that reading it stops when the job is cancelled or times out. */
    InputStream guard(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                checkAborted();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                checkAborted();
                return super.read(b, off, len);
            }
        };
    }
}
