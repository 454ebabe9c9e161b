package dev.jselect.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The syscall layer against real kernel objects: errno capture, EBADF, pipes, epoll. */
class SyscallsTest {
    private static final int O_CLOEXEC = Platform.constant("O_CLOEXEC");

    @Test
    void failedCallCarriesErrnoNameAndStrerror() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> Syscalls.close(-1));
        assertEquals(Errno.EBADF, e.errno());
        assertEquals("EBADF", e.errnoName());
        assertEquals("[Errno 9] Bad file descriptor: close", e.getMessage());
    }

    @Test
    void errnoIsPerCallNotStale() throws Exception {
        assertThrows(ErrnoException.class, () -> Syscalls.fcntl(-1, Platform.constant("F_GETFD"), 0));
        int[] p = Syscalls.pipe2(O_CLOEXEC);
        try {
            ErrnoException e = assertThrows(ErrnoException.class, () -> Syscalls.epollCtl(p[0], Platform.constant("EPOLL_CTL_DEL"), p[1], MemorySegment.NULL));
            assertEquals(Errno.EINVAL, e.errno(), "a pipe is not an epoll fd: EINVAL, not the earlier EBADF");
        } finally {
            Syscalls.close(p[0]);
            Syscalls.close(p[1]);
        }
    }

    @Test
    void pipeRoundTripThroughReadAndWrite() throws Exception {
        int[] p = Syscalls.pipe2(O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocateFrom(ValueLayout.JAVA_BYTE, new byte[] {1, 2, 3});
            assertEquals(3, Syscalls.write(p[1], out, 3));
            MemorySegment in = arena.allocate(16);
            assertEquals(3, Syscalls.read(p[0], in, 16));
            assertArrayEquals(new byte[] {1, 2, 3}, in.asSlice(0, 3).toArray(ValueLayout.JAVA_BYTE));
            Syscalls.close(p[1]);
            assertEquals(0, Syscalls.read(p[0], in, 16), "EOF after the write end closed");
        } finally {
            Syscalls.close(p[0]);
        }
    }

    @Test
    void epollWaitReportsAReadablePipeWithTheLayoutOfThisAbi() throws Exception {
        int[] p = Syscalls.pipe2(O_CLOEXEC);
        int ep = Syscalls.epollCreate1(Platform.constant("EPOLL_CLOEXEC"));
        var layout = Platform.abi().layout("epoll_event");
        long dataOffset = layout.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("data"));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ev = arena.allocate(layout);
            ev.set(ValueLayout.JAVA_INT_UNALIGNED, 0, Platform.constant("EPOLLIN"));
            ev.set(ValueLayout.JAVA_INT_UNALIGNED, dataOffset, p[0]);
            Syscalls.epollCtl(ep, Platform.constant("EPOLL_CTL_ADD"), p[0], ev);
            MemorySegment events = arena.allocate(layout, 4);
            long t0 = System.nanoTime();
            assertEquals(0, Syscalls.epollWait(ep, events, 4, 50));
            assertTrue(System.nanoTime() - t0 >= 45_000_000L, "waited for the timeout");
            Syscalls.write(p[1], arena.allocate(1), 1);
            assertEquals(1, Syscalls.epollWait(ep, events, 4, -1));
            assertEquals(Platform.constant("EPOLLIN"), events.get(ValueLayout.JAVA_INT_UNALIGNED, 0));
            assertEquals(p[0], events.get(ValueLayout.JAVA_INT_UNALIGNED, dataOffset));
        } finally {
            Syscalls.close(ep);
            Syscalls.close(p[0]);
            Syscalls.close(p[1]);
        }
    }
}
