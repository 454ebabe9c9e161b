package dev.jselect.net;

import static dev.jselect.net.NativeSocket.AF_INET6;
import static dev.jselect.net.NativeSocket.AF_INET;
import static dev.jselect.net.NativeSocket.AF_UNIX;
import static dev.jselect.net.NativeSocket.IPPROTO_TCP;
import static dev.jselect.net.NativeSocket.SOCK_STREAM;
import static dev.jselect.net.NativeSocket.SOL_SOCKET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.Errno;
import dev.jselect.ErrnoException;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.WaitCalls;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.testing.ProcessState;
import dev.jselect.testing.Race;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** NativeSocket over real sockets: socketpairs, TCP on loopback, AF_UNIX paths, close-once. */
class NativeSocketTest {
    private static final int POLLOUT = Platform.constant("POLLOUT");

    @Test
    void socketpairCarriesDataBothWays() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            assertEquals(3, pair.first().send("abc".getBytes()));
            assertArrayEquals("abc".getBytes(), pair.second().recv(100));
            pair.second().sendAll("reply".getBytes());
            assertArrayEquals("reply".getBytes(), pair.first().recv(5));
            assertEquals(AF_UNIX, pair.first().family());
            assertFalse(Os.getInheritable(pair.first().fileno()));
            assertTrue(pair.first().getBlocking());
            assertEquals(InetSocketAddress.createUnresolved("", 0), pair.first().getPeerName(), "unnamed, like Python's ''");
        }
    }

    @Test
    void recvIsEmptyAtEndOfStream() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            pair.first().send(new byte[] {1});
            pair.first().shutdown(NativeSocket.SHUT_WR);
            assertArrayEquals(new byte[] {1}, pair.second().recv(10));
            assertArrayEquals(new byte[0], pair.second().recv(10));
            assertEquals(0, pair.second().recvInto(ByteBuffer.allocate(4)));
        }
    }

    @Test
    void tcpEchoOverIpv4() throws Exception {
        echo("127.0.0.1", AF_INET);
    }

    @Test
    void tcpEchoOverIpv6() throws Exception {
        assumeTrue(hasIpv6Loopback(), "this machine has no IPv6 loopback address (::1)");
        echo("::1", AF_INET6);
    }

    private static void echo(String host, int family) throws Exception {
        try (NativeSocket server = NativeSocket.createServer(host, 0)) {
            assertEquals(family, server.family());
            InetSocketAddress bound = server.getSockName();
            assertNotEquals(0, bound.getPort(), "port 0 picked a free port");
            assertTrue(server.getSockOpt(SOL_SOCKET, NativeSocket.SO_REUSEADDR) != 0, "set (BSD reports the option's bit, Linux 1)");
            try (NativeSocket client = NativeSocket.createConnection(host, bound.getPort())) {
                Accepted a = server.accept();
                try (NativeSocket conn = a.socket()) {
                    assertEquals(client.getSockName(), a.address());
                    assertEquals(bound, client.getPeerName());
                    assertEquals(family == AF_INET ? Inet4Address.class : Inet6Address.class, a.address().getAddress().getClass());
                    assertTrue(conn.getBlocking(), "accepted sockets are blocking, as in Python");
                    assertFalse(Os.getInheritable(conn.fileno()), "accept4 with SOCK_CLOEXEC");
                    client.sendAll("ping".getBytes());
                    conn.sendAll(conn.recv(4));
                    assertArrayEquals("ping".getBytes(), client.recv(4));
                }
            }
        }
    }

    private static boolean hasIpv6Loopback() {
        try {
            NativeSocket.createServer("::1", 0).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void nonblockingConnectCompletesWhenWritable() throws Exception {
        try (NativeSocket server = NativeSocket.createServer("127.0.0.1", 0);
                NativeSocket client = NativeSocket.open(AF_INET, SOCK_STREAM)) {
            client.setBlocking(false);
            int port = server.getSockName().getPort();
            assertEquals(Errno.EINPROGRESS, client.connectEx("127.0.0.1", port));
            assertTrue(waitWritable(client.fileno(), 10_000), "the connection completed");
            assertEquals(0, client.getSockOpt(SOL_SOCKET, NativeSocket.SO_ERROR));
            try (NativeSocket conn = server.accept().socket()) {
                client.send("x".getBytes());
                assertArrayEquals("x".getBytes(), conn.recv(1));
            }
        }
    }

    @Test
    void blockingConnectToAClosedPortIsRefused() throws Exception {
        int port;
        try (NativeSocket server = NativeSocket.createServer("127.0.0.1", 0)) {
            port = server.getSockName().getPort();
        }
        try (NativeSocket client = NativeSocket.open(AF_INET, SOCK_STREAM)) {
            assertEquals(Platform.constant("ECONNREFUSED"), client.connectEx("127.0.0.1", port));
        }
        ErrnoException e = assertThrows(ErrnoException.class, () -> NativeSocket.createConnection("127.0.0.1", port));
        assertEquals("ECONNREFUSED", e.errnoName());
    }

    @Test
    void bindingAPortInUseIsAnErrno() throws Exception {
        try (NativeSocket server = NativeSocket.createServer("127.0.0.1", 0)) {
            int port = server.getSockName().getPort();
            ErrnoException e = assertThrows(ErrnoException.class, () -> NativeSocket.createServer("127.0.0.1", port));
            assertEquals("EADDRINUSE", e.errnoName());
        }
    }

    @Test
    void emptyNonblockingRecvIsEagain() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            pair.first().setBlocking(false);
            assertFalse(pair.first().getBlocking());
            assertEquals(Errno.EAGAIN, assertThrows(ErrnoException.class, () -> pair.first().recv(10)).errno());
            assertEquals(Errno.EAGAIN, assertThrows(ErrnoException.class, () -> pair.first().recvInto(ByteBuffer.allocateDirect(8))).errno());
        }
        try (NativeSocket server = NativeSocket.createServer("127.0.0.1", 0)) {
            server.setBlocking(false);
            assertEquals(Errno.EAGAIN, assertThrows(ErrnoException.class, server::accept).errno(), "nobody waiting to be accepted");
        }
    }

    @Test
    void tcpOptionsRoundTrip() throws Exception {
        try (NativeSocket s = NativeSocket.open(AF_INET, SOCK_STREAM)) {
            int[] options = Platform.isLinux() ? new int[] {NativeSocket.TCP_NODELAY, NativeSocket.TCP_CORK} : new int[] {NativeSocket.TCP_NODELAY};
            for (int option : options) { // TCP_CORK is Linux's
                assertEquals(0, s.getSockOpt(IPPROTO_TCP, option));
                s.setSockOpt(IPPROTO_TCP, option, 1);
                assertTrue(s.getSockOpt(IPPROTO_TCP, option) != 0, "set (BSD reports its flag bit, as Python shows)");
                s.setSockOpt(IPPROTO_TCP, option, 0);
                assertEquals(0, s.getSockOpt(IPPROTO_TCP, option));
            }
            s.setSockOpt(SOL_SOCKET, NativeSocket.SO_KEEPALIVE, 1);
            assertTrue(s.getSockOpt(SOL_SOCKET, NativeSocket.SO_KEEPALIVE) != 0);
            s.setSockOpt(SOL_SOCKET, NativeSocket.SO_REUSEPORT, 1);
            assertTrue(s.getSockOpt(SOL_SOCKET, NativeSocket.SO_REUSEPORT) != 0);
            assertEquals(SOCK_STREAM, s.getSockOpt(SOL_SOCKET, NativeSocket.SO_TYPE));
            assertEquals("ENOPROTOOPT", assertThrows(ErrnoException.class, () -> s.getSockOpt(SOL_SOCKET, 9999)).errnoName());
        }
    }

    @Test
    void lingerRoundTripsAndRefusesNegativeTime() throws Exception {
        try (NativeSocket s = NativeSocket.open(AF_INET, SOCK_STREAM)) {
            assertEquals(-1, s.getLinger(), "off by default");
            s.setLinger(true, 7);
            assertEquals(7, s.getLinger());
            s.setLinger(true, 0);
            assertEquals(0, s.getLinger());
            s.setLinger(false, 0);
            assertEquals(-1, s.getLinger());
            assertThrows(IllegalArgumentException.class, () -> s.setLinger(true, -1));
        }
    }

    /** SO_LINGER 0 turns close into an abortive reset: the peer's next recv fails with ECONNRESET. */
    @Test
    @SuppressWarnings("try") // closes `accepted` inside the block on purpose: that close is what is tested
    void closeWithLingerZeroResetsThePeer() throws Exception {
        try (NativeSocket server = NativeSocket.createServer("127.0.0.1", 0);
                NativeSocket client = NativeSocket.createConnection("127.0.0.1", server.getSockName().getPort());
                NativeSocket accepted = server.accept().socket()) {
            client.sendAll("unread".getBytes());
            assertArrayEquals("unread".getBytes(), accepted.recv(6));
            accepted.setLinger(true, 0);
            accepted.close();
            assertEquals("ECONNRESET", assertThrows(ErrnoException.class, () -> client.recv(10)).errnoName());
        }
    }

    @Test
    void buffersHeapDirectAndArrays() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            ByteBuffer direct = ByteBuffer.allocateDirect(16).put("dir".getBytes()).flip();
            assertEquals(3, pair.first().send(direct));
            assertEquals(3, direct.position(), "send advances the position past what went out");
            ByteBuffer heap = ByteBuffer.allocate(16).put("heap".getBytes()).flip();
            pair.first().sendAll(heap);
            assertFalse(heap.hasRemaining());

            ByteBuffer in = ByteBuffer.allocateDirect(16);
            in.position(2);
            assertEquals(7, pair.second().recvInto(in), "everything queued, read straight into native memory");
            assertEquals(9, in.position());
            byte[] got = new byte[7];
            in.flip().position(2);
            in.get(got);
            assertArrayEquals("dirheap".getBytes(), got);

            pair.first().send("array".getBytes());
            byte[] dst = new byte[8];
            assertEquals(5, pair.second().recvInto(dst));
            assertArrayEquals("array".getBytes(), Arrays.copyOf(dst, 5));

            pair.first().send("hb".getBytes());
            ByteBuffer heapIn = ByteBuffer.allocate(8);
            assertEquals(2, pair.second().recvInto(heapIn));
            assertEquals('h', heapIn.get(0));
            assertThrows(IllegalArgumentException.class, () -> pair.second().recvInto(ByteBuffer.allocate(4).asReadOnlyBuffer()));
            assertThrows(IllegalArgumentException.class, () -> pair.second().recv(-1));
        }
    }

    @Test
    void sendAllLoopsUntilEverythingIsWritten() throws Exception {
        byte[] data = new byte[3 << 20]; // far beyond a socket buffer, and beyond one staging chunk
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 251);
        }
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (SocketPair pair = NativeSocket.socketpair()) {
            Future<byte[]> received = reader.submit(() -> {
                ByteBuffer all = ByteBuffer.allocate(data.length);
                while (all.hasRemaining() && pair.second().recvInto(all) > 0) {
                    // keep reading
                }
                return all.array();
            });
            pair.first().sendAll(data);
            assertArrayEquals(data, received.get(30, TimeUnit.SECONDS));
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void sendAllOnAFullNonblockingSocketIsEagain() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            pair.first().setBlocking(false);
            ErrnoException e = assertThrows(ErrnoException.class, () -> pair.first().sendAll(new byte[16 << 20]));
            assertEquals(Errno.EAGAIN, e.errno());
            assertTrue(e.getMessage().contains("bytes sent"), e.getMessage());
        }
    }

    @Test
    void sendToAClosedPeerIsEpipeNotSigpipe() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            pair.second().close();
            assertEquals(Errno.EPIPE, assertThrows(ErrnoException.class, () -> pair.first().send(new byte[1])).errno());
        }
    }

    @Test
    void unixSocketsByPathAndAbstractName(@TempDir Path dir) throws Exception {
        String path = dir.resolve("s").toString();
        List<String> names = Platform.isLinux() ? List.of(path, "\0jselect-test-" + ProcessHandle.current().pid()) : List.of(path);
        for (String name : names) { // abstract names are Linux's
            try (NativeSocket server = NativeSocket.open(AF_UNIX, SOCK_STREAM);
                    NativeSocket client = NativeSocket.open(AF_UNIX, SOCK_STREAM)) {
                server.bind(name);
                server.listen();
                assertEquals(name, server.getSockName().getHostString());
                client.connect(name);
                Accepted a = server.accept();
                try (NativeSocket conn = a.socket()) {
                    assertEquals("", a.address().getHostString(), "the client is unnamed");
                    assertEquals(name, client.getPeerName().getHostString());
                    client.send("u".getBytes());
                    assertArrayEquals("u".getBytes(), conn.recv(1));
                }
            }
        }
    }

    @Test
    void badAddressesFailBeforeAnySyscall() throws Exception {
        Set<Integer> before = ProcessState.snapshot();
        for (Executable bad : List.<Executable>of(
                () -> NativeSocket.createServer("127.0.0.1", 65536),
                () -> NativeSocket.createServer("127.0.0.1", -1))) {
            assertThrows(IllegalArgumentException.class, bad);
        }
        for (Executable bad : List.<Executable>of( // not literals, so looked up, and not found: Python's gaierror
                () -> NativeSocket.createServer("1.2.3.4.5", 0),
                () -> NativeSocket.createServer("::1::2", 0),
                () -> NativeSocket.createConnection("no.such.host.invalid", 80))) {
            assertThrows(GaiException.class, bad);
        }
        assertEquals(List.of(), ProcessState.openedSince(before), "no socket was created for a bad address");
        try (NativeSocket v4 = NativeSocket.open(AF_INET, SOCK_STREAM);
                NativeSocket v6 = NativeSocket.open(AF_INET6, SOCK_STREAM);
                NativeSocket unix = NativeSocket.open(AF_UNIX, SOCK_STREAM)) {
            assertThrows(GaiException.class, () -> v4.bind("::1", 0), "an IPv6 literal on an IPv4 socket");
            assertThrows(GaiException.class, () -> v6.bind("127.0.0.1", 0), "Python: family not supported for hostname");
            assertThrows(IllegalArgumentException.class, () -> v4.bind("/tmp/x"), "a path on an IPv4 socket");
            assertThrows(IllegalArgumentException.class, () -> unix.connect("127.0.0.1", 80), "a host and port on an AF_UNIX socket");
            assertThrows(IllegalArgumentException.class, () -> unix.bind("/tmp/" + "x".repeat(200)), "AF_UNIX path too long");
            assertThrows(NullPointerException.class, () -> v4.connectEx(null, 80));
            v4.bind("", 0);
            assertEquals(new InetSocketAddress("0.0.0.0", 0).getAddress(), v4.getSockName().getAddress(), "\"\" is the any-address");
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseIsEbadfAsInPython() throws Exception {
        NativeSocket s = NativeSocket.open(AF_INET, SOCK_STREAM);
        int fd = s.fileno();
        assertTrue(fd >= 0);
        s.close();
        s.close();
        assertTrue(s.isClosed());
        assertEquals(-1, s.fileno(), "Python's fileno() after close");
        List<Executable> uses = List.of(
                () -> s.recv(1), () -> s.recvInto(ByteBuffer.allocate(1)), () -> s.send(new byte[1]),
                () -> s.sendAll(new byte[1]), () -> s.bind("127.0.0.1", 0), () -> s.listen(), () -> s.accept(),
                () -> s.connect("127.0.0.1", 1), () -> s.setBlocking(false),
                () -> s.shutdown(NativeSocket.SHUT_RDWR), () -> s.getSockName(), () -> s.getPeerName(),
                () -> s.setSockOpt(SOL_SOCKET, NativeSocket.SO_KEEPALIVE, 1), () -> s.getSockOpt(SOL_SOCKET, NativeSocket.SO_ERROR),
                () -> s.setLinger(true, 0), () -> s.getLinger(), () -> s.bind(new InetSocketAddress("127.0.0.1", 0)),
                () -> s.connect(new InetSocketAddress("localhost", 1)));
        for (Executable use : uses) {
            ErrnoException e = assertThrows(ErrnoException.class, use);
            assertEquals(Errno.EBADF, e.errno());
            assertEquals("[Errno " + Errno.EBADF + "] Bad file descriptor", e.pythonMessage());
        }
        assertEquals(Errno.EBADF, s.connectEx("127.0.0.1", 1), "Python's connect_ex returns 9");
        assertDoesNotThrow(s::getBlocking, "Python's getblocking() reads the socket's timeout, closed or not");
        assertDoesNotThrow(s::getTimeout, "likewise gettimeout()");
    }

    @Test
    void closeNeverTouchesANumberHandedOutAgain() throws Exception {
        NativeSocket s = NativeSocket.open(AF_INET, SOCK_STREAM);
        int fd = s.fileno();
        s.close();
        try (Pipe p = Os.pipe()) {
            assertTrue(p.readFd() == fd || p.writeFd() == fd, "the kernel reuses the lowest free number");
            s.close();
            assertTrue(Os.getBlocking(fd), "the pipe's end is still open");
        }
    }

    @Test
    void racingClosesCallCloseOnce() throws Exception {
        try (Race race = new Race()) {
            for (int i = 0; i < 500; i++) {
                NativeSocket s = NativeSocket.open(AF_INET, SOCK_STREAM);
                race.twice(s::close); // a second close(2) would throw EBADF in one of the threads
                assertTrue(s.isClosed());
            }
        }
    }

    @Test
    void closeWhileAnotherThreadIsInRecvKeepsTheNumberUntilItReturns() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            NativeSocket blocked = pair.first();
            int fd = blocked.fileno();
            CompletableFuture<byte[]> got = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    got.complete(blocked.recv(10));
                } catch (Throwable t) {
                    got.completeExceptionally(t);
                }
            });
            reader.start();
            awaitInside(reader, dev.jselect.internal.sys.SocketCalls.class.getName(), "tryRecv"); // past acquire(): the socket is in use
            blocked.close();
            assertTrue(blocked.isClosed());
            assertEquals(-1, blocked.fileno());
            assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> blocked.send(new byte[1])).errno());
            assertTrue(Os.getBlocking(fd), "the descriptor is not released while recv runs, so it cannot be reused under it");
            pair.second().send("late".getBytes());
            assertArrayEquals("late".getBytes(), got.get(10, TimeUnit.SECONDS));
            reader.join(10_000);
            assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> Os.getBlocking(fd)).errno(),
                    "released by the last call out");
        }
    }

    private static void awaitInside(Thread t, String className, String method) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().equals(className) && e.getMethodName().equals(method)) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError(t + " never reached " + className + "." + method);
    }

    @Test
    void tenThousandOpenCloseCyclesLeakNoDescriptor() throws Exception {
        cycles(100); // load every class and thread-local buffer first
        Set<Integer> before = ProcessState.snapshot();
        cycles(10_000);
        assertEquals(List.of(), ProcessState.openedSince(before));
    }

    private static void cycles(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            NativeSocket s = NativeSocket.open(AF_INET, SOCK_STREAM);
            s.close();
            s.close();
            NativeSocket.socketpair().close();
            Os.pipe().close();
            try (NativeSocket bad = NativeSocket.open(AF_INET, SOCK_STREAM)) {
                assertThrows(IllegalArgumentException.class, () -> bad.bind("127.0.0.1", 65536));
            }
        }
    }

    private static long openFds() throws IOException {
        return ProcessState.openFds();
    }

    /** poll(2) for POLLOUT on one fd; Select and Poll are built elsewhere, so this uses the syscall layer. */
    private static boolean waitWritable(int fd, int timeoutMillis) throws Exception {
        StructLayout pollfd = (StructLayout) Platform.abi().layout("pollfd");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(pollfd);
            p.set(ValueLayout.JAVA_INT, pollfd.byteOffset(PathElement.groupElement("fd")), fd);
            p.set(ValueLayout.JAVA_SHORT, pollfd.byteOffset(PathElement.groupElement("events")), (short) POLLOUT);
            int n = WaitCalls.poll(p, 1, timeoutMillis);
            short revents = p.get(ValueLayout.JAVA_SHORT, pollfd.byteOffset(PathElement.groupElement("revents")));
            return n == 1 && (revents & POLLOUT) != 0;
        }
    }
}
