package dev.jselect.net;

import static dev.jselect.net.NativeSocket.AF_INET;
import static dev.jselect.net.NativeSocket.AF_INET6;
import static dev.jselect.net.NativeSocket.AF_UNIX;
import static dev.jselect.net.NativeSocket.MSG_DONTWAIT;
import static dev.jselect.net.NativeSocket.MSG_PEEK;
import static dev.jselect.net.NativeSocket.MSG_WAITALL;
import static dev.jselect.net.NativeSocket.SOCK_DGRAM;
import static dev.jselect.net.NativeSocket.SOCK_STREAM;
import static dev.jselect.net.NativeSocket.SOL_SOCKET;
import static dev.jselect.net.NativeSocket.SO_RCVBUF;
import static dev.jselect.net.NativeSocket.SO_SNDBUF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.Errno;
import dev.jselect.ErrnoException;
import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.internal.NativeMemory;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.Staging;
import dev.jselect.testing.FdLimit;
import dev.jselect.testing.ResourceGrowth;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The data path over real sockets: flags, UDP (sendTo/recvFrom), whole datagrams through
 * staging, bounded staging for huge heap arrays, slices of arrays.
 */
class DataPathTest {
    private static final int EMSGSIZE = Platform.constant("EMSGSIZE");

    private static byte[] pattern(int size, int seed) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + seed + (i >>> 13));
        }
        return data;
    }

    @Test
    void udpEchoOverIpv4() throws Exception {
        udpEcho("127.0.0.1", AF_INET);
    }

    @Test
    void udpEchoOverIpv6() throws Exception {
        udpEcho("::1", AF_INET6);
    }

    /** Python: server.recvfrom(1024) -> (data, addr); server.sendto(data, addr); client.recvfrom(1024). */
    private static void udpEcho(String host, int family) throws Exception {
        try (NativeSocket server = NativeSocket.open(family, SOCK_DGRAM); NativeSocket client = NativeSocket.open(family, SOCK_DGRAM)) {
            server.bind(host, 0);
            client.bind(host, 0);
            int port = server.getSockName().getPort();
            assertEquals(SOCK_DGRAM, server.type());

            assertEquals(5, client.sendTo("hello".getBytes(), host, port));
            Datagram got = server.recvFrom(1024);
            assertArrayEquals("hello".getBytes(), got.data());
            assertEquals(client.getSockName(), got.address(), "the sender's address, as Python's recvfrom gives it");

            assertEquals(5, server.sendTo(got.data(), got.address()));
            Datagram back = client.recvFrom(1024);
            assertArrayEquals("hello".getBytes(), back.data());
            assertEquals(new InetSocketAddress(InetAddress.getByName(host), port), back.address());

            // recvfrom_into, into a heap and a direct buffer: the position advances by the count
            client.sendTo("heap".getBytes(), 0, new InetSocketAddress(host, port));
            ByteBuffer heap = ByteBuffer.allocate(16).position(3);
            assertEquals(client.getSockName(), server.recvFromInto(heap));
            assertEquals(7, heap.position());
            client.sendTo(ByteBuffer.wrap("direct".getBytes()), new InetSocketAddress(host, port));
            ByteBuffer direct = ByteBuffer.allocateDirect(16);
            assertEquals(client.getSockName(), server.recvFromInto(direct));
            assertEquals("direct", readAll(direct.flip()));

            // one datagram per recv, truncated by the kernel (not by staging) when bufsize is shorter
            client.sendTo("0123456789".getBytes(), host, port);
            assertArrayEquals("0123".getBytes(), server.recv(4));
            client.sendTo("next".getBytes(), host, port);
            assertArrayEquals("next".getBytes(), server.recv(1024), "the rest of the truncated datagram was dropped");
        }
    }

    private static String readAll(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes);
    }

    @Test
    void aDatagramTooLongForTheKernelIsEmsgsizeAndNothingIsSent() throws Exception {
        try (NativeSocket server = NativeSocket.open(AF_INET, SOCK_DGRAM); NativeSocket client = NativeSocket.open(AF_INET, SOCK_DGRAM)) {
            server.bind("127.0.0.1", 0);
            int port = server.getSockName().getPort();
            // 65 507 bytes is the most one IPv4 UDP datagram can carry
            ErrnoException e = assertThrows(ErrnoException.class, () -> client.sendTo(new byte[65_508], "127.0.0.1", port));
            assertEquals(EMSGSIZE, e.errno());
            assertEquals(65_507, client.sendTo(pattern(65_507, 1), "127.0.0.1", port), "sent whole, never split by staging");
            assertArrayEquals(pattern(65_507, 1), server.recv(70_000));
        }
    }

    @Test
    void a15MbUnixDatagramArrivesWholeBothWays() throws Exception {
        int size = 1_500_000; // well beyond Staging.LIMIT
        assertTrue(size > Staging.LIMIT);
        try (SocketPair pair = NativeSocket.socketpair(AF_UNIX, SOCK_DGRAM)) {
            for (NativeSocket s : List.of(pair.first(), pair.second())) {
                s.setSockOpt(SOL_SOCKET, SO_SNDBUF, 4 << 20);
                s.setSockOpt(SOL_SOCKET, SO_RCVBUF, 4 << 20);
            }
            byte[] one = pattern(size, 1);
            byte[] two = pattern(size, 2);
            assertEquals(size, pair.first().send(one), "one call, one whole datagram");
            assertArrayEquals(one, pair.second().recv(2_000_000));
            assertEquals(size, pair.second().send(two));
            Datagram got = pair.first().recvFrom(2_000_000);
            assertArrayEquals(two, got.data());
            assertNull(got.address(), "an unnamed socketpair peer: Python's None");

            // heap buffers too, and a receive buffer just as long as the datagram
            ByteBuffer heap = ByteBuffer.wrap(one);
            assertEquals(size, pair.first().send(heap));
            assertFalse(heap.hasRemaining());
            ByteBuffer in = ByteBuffer.allocate(size);
            assertEquals(size, pair.second().recvInto(in));
            assertArrayEquals(one, in.array());
        }
    }

    @Test
    void aUnixDatagramBeyondTheSendBufferIsEmsgsize() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair(AF_UNIX, SOCK_DGRAM)) {
            pair.first().setSockOpt(SOL_SOCKET, SO_SNDBUF, 64 << 10);
            ErrnoException e = assertThrows(ErrnoException.class, () -> pair.first().send(new byte[1_500_000]));
            assertEquals(EMSGSIZE, e.errno(), "refused whole, as the kernel refuses it to Python");
        }
    }

    @Test
    void msgPeekLeavesTheDataQueued() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            pair.first().send("hello".getBytes(), 0);
            assertArrayEquals("hel".getBytes(), pair.second().recv(3, MSG_PEEK));
            byte[] dst = new byte[8];
            assertEquals(5, pair.second().recvInto(dst, 1, 7, MSG_PEEK));
            assertArrayEquals("hello".getBytes(), Arrays.copyOfRange(dst, 1, 6));
            assertArrayEquals("hello".getBytes(), pair.second().recv(10), "still there after the peeks");
        }
        try (NativeSocket server = NativeSocket.open(AF_INET, SOCK_DGRAM); NativeSocket client = NativeSocket.open(AF_INET, SOCK_DGRAM)) {
            server.bind("127.0.0.1", 0);
            client.sendTo("dgram".getBytes(), server.getSockName());
            Datagram peeked = server.recvFrom(100, MSG_PEEK);
            assertArrayEquals("dgram".getBytes(), peeked.data());
            assertEquals(peeked.address(), server.recvFrom(100).address());
        }
    }

    @Test
    void msgDontwaitOnABlockingSocketIsEagain() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            assertTrue(pair.second().getBlocking());
            ErrnoException e = assertThrows(ErrnoException.class, () -> pair.second().recv(10, MSG_DONTWAIT));
            assertEquals(Errno.EAGAIN, e.errno());
            assertTrue(pair.second().getBlocking(), "the flag is for one call; the socket's mode stays");
        }
    }

    @Test
    void msgWaitallWaitsForTheWholeRequestEvenBeyondTheStagingLimit() throws Exception {
        int size = Staging.LIMIT * 3 + 17;
        byte[] data = pattern(size, 3);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (SocketPair pair = NativeSocket.socketpair()) {
            Future<?> sent = writer.submit(() -> {
                for (int off = 0; off < size; off += 1000) {
                    pair.first().sendAll(Arrays.copyOfRange(data, off, Math.min(size, off + 1000)));
                }
                return null;
            });
            assertArrayEquals(data, pair.second().recv(size, MSG_WAITALL));
            sent.get(30, TimeUnit.SECONDS);
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void aStreamRecvOfAHugeSizeReturnsAtMostTheStagingLimit() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            pair.first().setSockOpt(SOL_SOCKET, SO_SNDBUF, 4 << 20);
            pair.first().sendAll(pattern(Staging.LIMIT * 2, 4));
            byte[] got = pair.second().recv(Integer.MAX_VALUE);
            assertTrue(got.length > 0 && got.length <= Staging.LIMIT, "a short count, exact-length array: " + got.length);
            assertArrayEquals(Arrays.copyOf(pattern(Staging.LIMIT * 2, 4), got.length), got);
        }
    }

    @Test
    void recvFromOnAConnectedStreamHasNoAddress() throws Exception {
        try (NativeSocket server = NativeSocket.createServer("127.0.0.1", 0);
                NativeSocket client = NativeSocket.createConnection("127.0.0.1", server.getSockName().getPort());
                NativeSocket conn = server.accept().socket()) {
            client.sendAll("tcp".getBytes());
            Datagram d = conn.recvFrom(10);
            assertArrayEquals("tcp".getBytes(), d.data());
            assertNull(d.address(), "Python: (b'tcp', None)");
        }
    }

    @Test
    void slicesOfArraysGoOutAndComeInAtTheirOffsets() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            byte[] data = "..payload..".getBytes();
            assertEquals(7, pair.first().send(data, 2, 7));
            byte[] dst = new byte[12];
            assertEquals(7, pair.second().recvInto(dst, 3, 9));
            assertEquals("payload", new String(dst, 3, 7));
            assertEquals(0, dst[2]);
            assertEquals(0, dst[10]);
            assertThrows(IndexOutOfBoundsException.class, () -> pair.first().send(data, 5, 7));
            assertThrows(IndexOutOfBoundsException.class, () -> pair.first().send(data, -1, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> pair.second().recvInto(dst, 10, 3));
            assertThrows(IllegalArgumentException.class, () -> pair.second().recv(-1, MSG_PEEK));
            assertThrows(IllegalArgumentException.class, () -> pair.second().recvFrom(-1));
            assertThrows(IllegalArgumentException.class, () -> pair.second().recvFromInto(ByteBuffer.allocate(1).asReadOnlyBuffer()));
        }
    }

    @Test
    void readOnlyAndSlicedHeapBuffersGoOutFromTheirPositions() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            ByteBuffer ro = ByteBuffer.wrap("xxreadonly".getBytes()).position(2).asReadOnlyBuffer();
            assertEquals(8, pair.first().send(ro));
            assertFalse(ro.hasRemaining());
            ByteBuffer slice = ByteBuffer.wrap("0123456789".getBytes(), 3, 4).slice();
            pair.first().sendAll(slice);
            assertArrayEquals("readonly3456".getBytes(), pair.second().recv(100));
        }
    }

    @Test
    void sendToChecksTheAddressAgainstTheFamily() throws Exception {
        try (NativeSocket v4 = NativeSocket.open(AF_INET, SOCK_DGRAM); NativeSocket unix = NativeSocket.open(AF_UNIX, SOCK_DGRAM)) {
            assertThrows(IllegalArgumentException.class, () -> v4.sendTo(new byte[1], new InetSocketAddress("::1", 9)));
            assertThrows(IllegalArgumentException.class, () -> unix.sendTo(new byte[1], new InetSocketAddress("127.0.0.1", 9)));
            assertThrows(IllegalArgumentException.class, () -> v4.sendTo(new byte[1], new SocketAddress() {
                private static final long serialVersionUID = 1L;
            }));
            assertThrows(NullPointerException.class, () -> v4.sendTo(new byte[1], (SocketAddress) null));
        }
    }

    @Test
    void unixDatagramsByPath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String path = dir.resolve("dgram.sock").toString();
        String from = dir.resolve("from.sock").toString();
        try (NativeSocket server = NativeSocket.open(AF_UNIX, SOCK_DGRAM); NativeSocket client = NativeSocket.open(AF_UNIX, SOCK_DGRAM)) {
            server.bind(path);
            client.bind(from);
            client.sendTo("by path".getBytes(), InetSocketAddress.createUnresolved(path, 0));
            Datagram d = server.recvFrom(100);
            assertArrayEquals("by path".getBytes(), d.data());
            assertEquals(InetSocketAddress.createUnresolved(from, 0), d.address());
            server.sendTo("back".getBytes(), d.address());
            assertArrayEquals("back".getBytes(), client.recv(100));
        }
    }

    /**
     * The usual non-blocking write loop (select for writability, send what goes, slice the rest)
     * over a 64 MiB heap array: each call sends from the array itself or stages at most
     * Staging.LIMIT bytes, so native memory stays bounded (it used to copy the whole remainder
     * into fresh native memory on every call).
     */
    @Test
    void a64MibNonblockingSendLoopFromAHeapArrayStagesBoundedNativeMemory() throws Exception {
        int size = 64 << 20;
        byte[] data = pattern(size, 5);
        CRC32 expected = new CRC32();
        expected.update(data);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (SocketPair pair = NativeSocket.socketpair()) {
            NativeSocket out = pair.first();
            out.setBlocking(false);
            Future<Long> received = reader.submit(() -> {
                CRC32 crc = new CRC32();
                ByteBuffer buf = ByteBuffer.allocateDirect(256 << 10);
                long total = 0;
                int n;
                while ((n = pair.second().recvInto(buf.clear())) > 0) {
                    crc.update(buf.flip());
                    total += n;
                }
                assertEquals(size, total);
                return crc.getValue();
            });
            long before = NativeMemory.heldBytes();
            long peak = 0;
            int off = 0;
            int calls = 0;
            while (off < size) {
                SelectResult<NativeSocket> ready = Select.select(List.of(), List.of(out), List.of(), 30.0);
                assertFalse(ready.writable().isEmpty(), "the reader stopped draining");
                try {
                    off += out.send(data, off, size - off);
                    calls++;
                } catch (ErrnoException e) {
                    assertEquals(Errno.EAGAIN, e.errno());
                }
                if ((calls & 63) == 0) {
                    peak = Math.max(peak, NativeMemory.heldBytes() - before);
                }
            }
            peak = Math.max(peak, NativeMemory.heldBytes() - before);
            out.shutdown(NativeSocket.SHUT_WR);
            assertEquals(expected.getValue(), received.get(60, TimeUnit.SECONDS));
            assertTrue(peak < 4 * Staging.LIMIT, "jselect's native memory grew by " + peak + " bytes over " + calls + " sends of a 64 MiB array");
        } finally {
            reader.shutdownNow();
        }
    }

    /** Steady-state recv(1024)/send(64 bytes) allocate no native memory (heap arrays, through staging). */
    @Test
    void steadyStateRecvAndSendAllocateNoNativeMemory() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            byte[] msg = new byte[64];
            ResourceGrowth.assertNoGrowth(200_000, i -> {
                pair.first().send(msg);
                if (pair.second().recv(1024).length != 64) {
                    throw new AssertionError("short");
                }
            });
        }
    }

    /**
     * Many virtual threads moving heap arrays at once share the staging pool instead of keeping
     * a buffer each: 1 000 threads x 64 KiB would be 62 MiB of thread-local buffers.
     */
    @Test
    void virtualThreadsShareABoundedStagingPool() throws Exception {
        int threads = 1_000;
        byte[] chunk = pattern(64 << 10, 6);
        List<SocketPair> pairs = new ArrayList<>();
        long before = ResourceGrowth.settledHeldBytes(Long.MIN_VALUE);
        try (FdLimit _ = FdLimit.atLeast(2 * threads + 256); ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SocketPair pair = NativeSocket.socketpair();
                pairs.add(pair);
                done.add(CompletableFuture.runAsync(() -> {
                    try {
                        pair.first().sendAll(chunk);
                        byte[] got = new byte[chunk.length];
                        int n = 0;
                        while (n < got.length) {
                            n += pair.second().recvInto(got, n, got.length - n);
                        }
                        assertArrayEquals(chunk, got);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, vts));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            for (SocketPair p : pairs) {
                p.close();
            }
        }
        long growth = NativeMemory.heldBytes() - before; // before the collector: a buffer per thread would still count
        assertTrue(growth < 16L << 20, "jselect's native memory grew by " + growth + " bytes for " + threads + " virtual threads");
    }
}
