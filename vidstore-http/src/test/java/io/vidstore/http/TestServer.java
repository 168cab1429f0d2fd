package io.vidstore.http;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** A real HTTP server on a loopback port with the media endpoint mounted at {@code /media}. */
abstract class TestServer implements AutoCloseable {

    /** Released once for every request the server has finished handling. */
    final Semaphore finished = new Semaphore(0);

    /** {@return the collection's URI, such as {@code http://127.0.0.1:1234/media}} */
    abstract URI media();

    /** {@return whether the server accepts multipart/form-data uploads} */
    abstract boolean acceptsForms();

    /** Waits until the server has finished handling {@code n} more requests; false if it did not. */
    boolean awaitFinished(int n) throws InterruptedException {
        return finished.tryAcquire(n, 60, TimeUnit.SECONDS);
    }

    /** Forgets requests finished so far. */
    void resetFinished() {
        finished.drainPermits();
    }

    @Override
    public abstract void close() throws IOException;
}
