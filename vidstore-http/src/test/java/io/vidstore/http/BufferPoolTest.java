package io.vidstore.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

    @Test
    void theBufferGivenBackLastIsTakenFirstAndCleared() {
        BufferPool pool = new BufferPool(1024, true, 4);
        ByteBuffer a = pool.take();
        ByteBuffer b = pool.take();
        assertTrue(a.isDirect());
        assertEquals(1024, a.capacity());
        a.put(new byte[100]).flip();
        pool.give(a);
        pool.give(b);
        assertSame(b, pool.take());
        ByteBuffer again = pool.take();
        assertSame(a, again);
        assertEquals(0, again.position());
        assertEquals(1024, again.limit());
    }

    @Test
    void keepsNoMoreThanItsLimitAndAllocatesBeyondIt() {
        BufferPool pool = new BufferPool(64, false, 2);
        ByteBuffer[] taken = {pool.take(), pool.take(), pool.take()};
        assertFalse(taken[0].isDirect());
        for (ByteBuffer buffer : taken) {
            pool.give(buffer);
        }
        assertEquals(2, pool.idle());
        pool.take();
        pool.take();
        assertEquals(0, pool.idle());
        ByteBuffer fresh = pool.take();
        for (ByteBuffer buffer : taken) {
            assertNotSame(buffer, fresh);
        }
    }
}
