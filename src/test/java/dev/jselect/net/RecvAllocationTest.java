package dev.jselect.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.BlockingIOException;
import dev.jselect.testing.AllocatedBytes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code recv(n)} in an event loop, where it usually finds fewer bytes than it asks for: the
 * bytes come back in an array of exactly their count, and the Java heap the call takes is about
 * that array, not {@code n} bytes more. Measured with the thread's allocated-bytes counter
 * ({@code ThreadMXBean.getThreadAllocatedBytes}), not timed.
 */
class RecvAllocationTest {
    private static final int CALLS = 20_000;
    /** A 40-byte request's array is 56 bytes; receiving into a 1 024-byte array first is over 1 000 more. */
    private static final long MOST_BYTES_PER_CALL = 512;

    @Test
    void aShortRecvAllocatesAboutItsResultOnly() throws Exception {
        assumeTrue(AllocatedBytes.isSupported(), "no per-thread allocation counter in this JVM");
        byte[] request = new byte[40];
        try (SocketPair pair = NativeSocket.socketpair()) {
            NativeSocket in = pair.second();
            in.setBlocking(false); // as an event loop's connection
            Runnable round = () -> {
                for (int i = 0; i < CALLS; i++) {
                    try {
                        pair.first().send(request);
                        if (in.recv(1024).length != request.length) {
                            throw new AssertionError("short recv");
                        }
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                }
            };
            round.run(); // the JIT's first compilations
            List<Long> perCall = new ArrayList<>();
            for (int r = 0; r < 5; r++) {
                long before = AllocatedBytes.ofCurrentThread();
                round.run();
                long bytes = (AllocatedBytes.ofCurrentThread() - before) / CALLS;
                if (bytes <= MOST_BYTES_PER_CALL) {
                    return;
                }
                perCall.add(bytes);
            }
            throw new AssertionError("bytes allocated per send(40 bytes) + recv(1024): " + perCall);
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
            pair.first().send("abc".getBytes());
            assertArrayEquals("ab".getBytes(), in.recv(2));
            assertArrayEquals("c".getBytes(), in.recv(2));
            pair.first().shutdown(NativeSocket.SHUT_WR);
            assertEquals(0, in.recv(1024).length, "end of stream");
            assertEquals(0, in.recv(0).length);
        }
    }
}
