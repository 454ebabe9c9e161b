package dev.jselect.internal.sys;

import dev.jselect.internal.Scratch;

import dev.jselect.internal.net.SockAddr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The *Calls classes against real kernel objects: errno capture, EBADF, pipes, epoll, sockets, and the macOS emulations run on Linux. */
class CallsTest {
    private static final int O_CLOEXEC = Platform.constant("O_CLOEXEC");

    @Test
    void failedCallCarriesErrnoNameAndStrerror() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> FdCalls.close(-1));
        assertEquals(Constants.EBADF, e.errno());
        assertEquals("EBADF", e.errnoName());
        assertEquals("[Errno 9] Bad file descriptor: close", e.getMessage());
    }

    @Test
    void errnoIsPerCallNotStale() throws Exception {
        assertThrows(ErrnoException.class, () -> FdCalls.fcntl(-1, Platform.constant("F_GETFD"), 0));
        int[] p = FdCalls.pipe2(O_CLOEXEC);
        try {
            ErrnoException e = assertThrows(ErrnoException.class, () -> FdCalls.fcntl(p[0], 0x7fff, 0));
            assertEquals(Constants.EINVAL, e.errno(), "an unknown fcntl command: EINVAL, not the earlier EBADF");
        } finally {
            FdCalls.close(p[0]);
            FdCalls.close(p[1]);
        }
    }

    @Test
    void pipeRoundTripThroughReadAndWrite() throws Exception {
        int[] p = FdCalls.pipe2(O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocateFrom(ValueLayout.JAVA_BYTE, new byte[] {1, 2, 3});
            assertEquals(3, FdCalls.write(p[1], out, 3));
            MemorySegment in = arena.allocate(16);
            assertEquals(3, FdCalls.read(p[0], in, 16));
            assertArrayEquals(new byte[] {1, 2, 3}, in.asSlice(0, 3).toArray(ValueLayout.JAVA_BYTE));
            FdCalls.close(p[1]);
            assertEquals(0, FdCalls.read(p[0], in, 16), "EOF after the write end closed");
        } finally {
            FdCalls.close(p[0]);
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "epoll is Linux-only")
    void epollWaitReportsAReadablePipeWithTheLayoutOfThisAbi() throws Exception {
        int[] p = FdCalls.pipe2(O_CLOEXEC);
        int ep = WaitCalls.epollCreate1(Platform.constant("EPOLL_CLOEXEC"));
        var layout = Platform.abi().layout("epoll_event");
        long dataOffset = layout.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("data"));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ev = arena.allocate(layout);
            ev.set(ValueLayout.JAVA_INT_UNALIGNED, 0, Platform.constant("EPOLLIN"));
            ev.set(ValueLayout.JAVA_INT_UNALIGNED, dataOffset, p[0]);
            WaitCalls.epollCtl(ep, Platform.constant("EPOLL_CTL_ADD"), p[0], ev);
            MemorySegment events = arena.allocate(layout, 4);
            long t0 = System.nanoTime();
            assertEquals(0, WaitCalls.epollWait(ep, events, 4, 50));
            assertTrue(System.nanoTime() - t0 >= 45_000_000L, "waited for the timeout");
            FdCalls.write(p[1], arena.allocate(1), 1);
            assertEquals(1, WaitCalls.epollWait(ep, events, 4, -1));
            assertEquals(Platform.constant("EPOLLIN"), events.get(ValueLayout.JAVA_INT_UNALIGNED, 0));
            assertEquals(p[0], events.get(ValueLayout.JAVA_INT_UNALIGNED, dataOffset));
        } finally {
            FdCalls.close(ep);
            FdCalls.close(p[0]);
            FdCalls.close(p[1]);
        }
    }

    private static boolean cloexec(int fd) throws Exception {
        return (FdCalls.fcntl(fd, Platform.constant("F_GETFD"), 0) & Platform.constant("FD_CLOEXEC")) != 0;
    }

    private static boolean nonblocking(int fd) throws Exception {
        return (FdCalls.fcntl(fd, Platform.constant("F_GETFL"), 0) & Platform.constant("O_NONBLOCK")) != 0;
    }

    /** macOS has no pipe2: pipe then fcntl. Tested here too, since Linux has both. */
    @Test
    void pipeFallbackSetsTheFlagsPipe2Would() throws Exception {
        int nonblock = Platform.constant("O_NONBLOCK");
        for (int flags : new int[] {0, O_CLOEXEC, nonblock, O_CLOEXEC | nonblock}) {
            int[] p = DarwinEmulation.pipeThenFcntl(flags);
            int[] q = FdCalls.pipe2(flags);
            try {
                for (int fd : new int[] {p[0], p[1], q[0], q[1]}) {
                    assertEquals((flags & O_CLOEXEC) != 0, cloexec(fd), "FD_CLOEXEC for flags " + flags);
                    assertEquals((flags & nonblock) != 0, nonblocking(fd), "O_NONBLOCK for flags " + flags);
                }
                try (Arena arena = Arena.ofConfined()) {
                    assertEquals(1, FdCalls.write(p[1], arena.allocate(1), 1));
                    assertEquals(1, FdCalls.read(p[0], arena.allocate(1), 1), "a working pipe");
                }
            } finally {
                for (int fd : new int[] {p[0], p[1], q[0], q[1]}) {
                    FdCalls.close(fd);
                }
            }
        }
    }

    /** macOS has no accept4 or SOCK_CLOEXEC: accept then fcntl. Both paths give blocking, close-on-exec descriptors. */
    @Test
    void acceptAndSocketDescriptorsAreCloseOnExecOnEveryPath() throws Exception {
        int server = SocketCalls.socket(SockAddr.AF_INET, Platform.constant("SOCK_STREAM"), 0);
        int[] pair = SocketCalls.socketpair(SockAddr.AF_UNIX, Platform.constant("SOCK_STREAM"), 0);
        int[] clients = new int[2];
        int[] accepted = new int[2];
        try (Scratch sc = Scratch.take()) {
            assertTrue(cloexec(server) && cloexec(pair[0]) && cloexec(pair[1]));
            byte[] any = SockAddr.inet(SockAddr.AF_INET, "127.0.0.1", 0);
            SocketCalls.bind(server, SockAddr.copyIn(sc, any), any.length);
            SocketCalls.listen(server, 4);
            SocketCalls.getsockname(server, SockAddr.storage(sc), sc.sockAddrLength);
            int port = SockAddr.decode(sc).getPort();
            for (int i = 0; i < 2; i++) {
                clients[i] = SocketCalls.socket(SockAddr.AF_INET, Platform.constant("SOCK_STREAM"), 0);
                byte[] to = SockAddr.inet(SockAddr.AF_INET, "127.0.0.1", port);
                assertEquals(0, SocketCalls.connect(clients[i], SockAddr.copyIn(sc, to), to.length));
            }
            accepted[0] = SocketCalls.accept(server, SockAddr.storage(sc), sc.sockAddrLength);
            FdCalls.fcntl(server, Platform.constant("F_SETFL"), FdCalls.fcntl(server, Platform.constant("F_GETFL"), 0) | Platform.constant("O_NONBLOCK"));
            accepted[1] = DarwinEmulation.acceptThenFcntl(server, SockAddr.storage(sc), sc.sockAddrLength);
            assertEquals("127.0.0.1", SockAddr.decode(sc).getHostString(), "the fallback fills the peer address");
            for (int fd : accepted) {
                assertTrue(fd > 0 && cloexec(fd), "accepted " + fd);
                assertFalse(nonblocking(fd), "blocking even from a non-blocking listener (BSD's accept would inherit it)");
            }
        } finally {
            for (int fd : new int[] {server, pair[0], pair[1], clients[0], clients[1], accepted[0], accepted[1]}) {
                if (fd > 0) {
                    FdCalls.close(fd);
                }
            }
        }
    }
}
