package dev.jselect.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.BlockingIOException;
import dev.jselect.testing.AllocatedBytes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java heap that the array forms of send and recv take in an event loop's steady state,
 * measured with the thread's allocated-bytes counter ({@code ThreadMXBean.getThreadAllocatedBytes}),
 * not timed: {@code send(byte[])} and {@code recvInto(byte[])} none, {@code recv(n)} the array
 * of the bytes it found, not {@code n} bytes, although a loop's recv usually finds fewer bytes
 * than it asks for.
 */
class ArrayCallAllocationTest {
    private static final int CALLS = 20_000;

    /** One send and one receive on a non-blocking socketpair, as in an event loop. */
    @FunctionalInterface
    interface Exchange {
        void run(NativeSocket out, NativeSocket in) throws IOException;
    }

    @Test
    void sendAndRecvIntoAllocateNothing() throws Exception {
        byte[] message = new byte[120];
        byte[] into = new byte[4096];
        assertAtMostBytesPerCall(16, "send(120 bytes) + recvInto(byte[4096])", (out, in) -> {
            out.send(message);
            if (in.recvInto(into, 0, into.length) != message.length) {
                throw new AssertionError("short recvInto");
            }
        });
    }

    /** A 40-byte request's array is 56 bytes; receiving into a 1 024-byte array first is over 1 000 more. */
    @Test
    void aShortRecvAllocatesItsResultOnly() throws Exception {
        byte[] request = new byte[40];
        assertAtMostBytesPerCall(56 + 16, "send(40 bytes) + recv(1024)", (out, in) -> {
            out.send(request);
            if (in.recv(1024).length != request.length) {
                throw new AssertionError("short recv");
            }
        });
    }

    static void assertAtMostBytesPerCall(long most, String what, Exchange exchange) throws Exception {
        assumeTrue(AllocatedBytes.isSupported(), "no per-thread allocation counter in this JVM");
        try (SocketPair pair = NativeSocket.socketpair()) {
            NativeSocket out = pair.first();
            NativeSocket in = pair.second();
            in.setBlocking(false);
            for (int i = 0; i < CALLS; i++) {
                exchange.run(out, in); // the JIT's first compilations
            }
            List<Long> perCall = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                long before = AllocatedBytes.ofCurrentThread();
                for (int i = 0; i < CALLS; i++) {
                    exchange.run(out, in);
                }
                long bytes = (AllocatedBytes.ofCurrentThread() - before) / CALLS;
                if (bytes <= most) {
                    return;
                }
                perCall.add(bytes);
            }
            throw new AssertionError("bytes allocated per " + what + ", at most " + most + " expected: " + perCall);
        }
    }

    @Test
    void recvReturnsWhatIsThereThenEagainOnANonBlockingSocket() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            NativeSocket in = pair.second();
            in.setBlocking(false);
            pair.first().send("GET / HTTP/1.1\r\n\r\n".getBytes());
            assertArrayEquals("GET / HTTP/1.1\r\n\r\n".getBytes(), in.recv(1024));
            assertThrows(BlockingIOException.class, () -> in.recv(1024));
            assertThrows(BlockingIOException.class, () -> in.recvInto(new byte[8]));
            pair.first().send("abcdef".getBytes(), 1, 4);
            assertArrayEquals("bc".getBytes(), in.recv(2));
            byte[] into = new byte[6];
            assertEquals(2, in.recvInto(into, 3, 3));
            assertArrayEquals(new byte[] {0, 0, 0, 'd', 'e', 0}, into);
            pair.first().shutdown(NativeSocket.SHUT_WR);
            assertEquals(0, in.recv(1024).length, "end of stream");
            assertEquals(0, in.recv(0).length);
            assertEquals(0, pair.second().send(new byte[0]), "an empty send");
        }
    }
}
