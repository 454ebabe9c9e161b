package dev.jselect.net;

import static dev.jselect.net.ArrayCallAllocationTest.assertAtMostBytesPerCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The direct-buffer forms of send and recvInto in an event loop's steady state, one buffer
 * passed again and again: no Java heap per call (the thread's allocated-bytes counter, as in
 * {@link ArrayCallAllocationTest}), and no buffer kept alive by the socket once dropped.
 */
class DirectBufferCallAllocationTest {
    @Test
    void sendAndRecvIntoOfTheSameDirectBuffersAllocateNothing() throws Exception {
        ByteBuffer message = ByteBuffer.allocateDirect(120);
        ByteBuffer into = ByteBuffer.allocateDirect(4096);
        assertAtMostBytesPerCall(16, "send(direct 120 bytes) + recvInto(direct 4096)", (out, in) -> {
            out.send(message.clear());
            if (in.recvInto(into.clear()) != 120 || into.position() != 120 || message.hasRemaining()) {
                throw new AssertionError("short send or recvInto");
            }
        });
    }

    @Test
    void positionsAndLimitsAreTheBuffersOwnOnEveryCall() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            ByteBuffer buf = ByteBuffer.allocateDirect(16);
            buf.put("abcdefgh".getBytes()).flip();
            assertEquals(8, pair.first().send(buf));
            buf.clear().position(2).limit(5); // the same buffer at a new position: "cde"
            buf.put(2, "CDE".getBytes());
            assertEquals(3, pair.first().send(buf));
            ByteBuffer in = ByteBuffer.allocateDirect(32);
            in.position(3).limit(3 + 11);
            assertEquals(11, pair.second().recvInto(in));
            assertEquals(14, in.position());
            byte[] got = new byte[11];
            in.get(3, got);
            assertEquals("abcdefghCDE", new String(got));
            in.clear().limit(1); // the same buffer at position 0 now: at most its limit
            pair.first().send(ByteBuffer.wrap("xyz".getBytes()));
            assertEquals(1, pair.second().recvInto(in));
            assertEquals('x', in.get(0));
        }
    }

    @Test
    void theSocketKeepsNoDroppedBufferAlive() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            WeakReference<ByteBuffer> dropped = sendFromABufferDroppedAfter(pair.first());
            for (int i = 0; i < 20 && dropped.get() != null; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertNull(dropped.get(), "the socket still holds the direct buffer last sent from");
            assertEquals(4, pair.second().recv(16).length);
        }
    }

    private static WeakReference<ByteBuffer> sendFromABufferDroppedAfter(NativeSocket out) throws Exception {
        ByteBuffer buf = ByteBuffer.allocateDirect(4);
        out.send(buf);
        return new WeakReference<>(buf);
    }
}
