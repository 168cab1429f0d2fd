package io.vidstore.http;

import java.nio.ByteBuffer;

/**
 * Idle copy buffers of one size, so that a request takes one instead of allocating (and zeroing)
 * its own. The buffer given back last is taken first: it is the one most likely still in the
 * processor's cache. At most a fixed number are kept; requests beyond that many at once allocate
 * buffers that the garbage collector frees.
 */
final class BufferPool {

    private final int bufferSize;
    private final boolean direct;
    private final ByteBuffer[] idle;
    private int count;

    /**
     * @param bufferSize the capacity of every buffer
     * @param direct whether the buffers are direct (native memory) or heap buffers
     * @param kept how many idle buffers are kept at most
     */
    BufferPool(int bufferSize, boolean direct, int kept) {
        this.bufferSize = bufferSize;
        this.direct = direct;
        this.idle = new ByteBuffer[kept];
    }

    /** {@return an idle buffer, cleared, or a new one} */
    ByteBuffer take() {
        synchronized (this) {
            if (count > 0) {
                ByteBuffer buffer = idle[--count];
                idle[count] = null;
                return buffer;
            }
        }
        return direct ? ByteBuffer.allocateDirect(bufferSize) : ByteBuffer.allocate(bufferSize);
    }

    /**
     * Gives a buffer back; only once nothing holds it any more.
     *
     * @param buffer a buffer {@link #take()} returned
     */
    void give(ByteBuffer buffer) {
        buffer.clear();
        synchronized (this) {
            if (count < idle.length) {
                idle[count++] = buffer;
            }
        }
    }

    /** {@return how many idle buffers are kept now} */
    synchronized int idle() {
        return count;
    }
}
