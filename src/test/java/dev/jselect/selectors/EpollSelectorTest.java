package dev.jselect.selectors;

import static dev.jselect.selectors.Selectors.EVENT_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.Epoll;
import dev.jselect.EpollEvent;
import dev.jselect.Errno;
import dev.jselect.ErrnoException;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.sys.TestCalls;
import dev.jselect.net.SocketPair;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The contract on epoll, plus what only epoll can show: its own fd, kernel refusals, stale reports. */
@EnabledOnOs(value = OS.LINUX, disabledReason = "epoll is Linux-only")
class EpollSelectorTest extends SelectorContract {
    private static final int F_DUPFD_CLOEXEC = Platform.constant("F_DUPFD_CLOEXEC");

    @Override
    BaseSelector newSelector() throws IOException {
        return new EpollSelector();
    }

    @Test
    void fileno() throws IOException {
        EpollSelector s = (EpollSelector) selector();
        assertTrue(s.fileno() >= 0);
        s.close();
        assertThrows(IllegalStateException.class, s::fileno);
    }

    @Test
    void kernelRefusalAtRegisterLeavesNothingRegistered() throws IOException {
        EpollSelector s = (EpollSelector) selector();
        // epoll_ctl(2): an epoll instance cannot watch itself (EINVAL)
        ErrnoException e = assertThrows(ErrnoException.class, () -> s.register(s, EVENT_READ));
        assertEquals(Errno.EINVAL, e.errno(), e.getMessage());
        assertTrue(s.getMap().isEmpty());
        assertThrows(NoSuchElementException.class, () -> s.getKey(s));
    }

    /** test_selectors.py's test_register_file: epoll cannot watch a file that is always ready. */
    @Test
    void registerOfAFileEpollCannotWatchFails() throws IOException {
        BaseSelector s = selector();
        int devNull;
        try (Arena arena = Arena.ofConfined()) {
            devNull = FdCalls.open(arena.allocateFrom("/dev/null"), Platform.constant("O_RDONLY") | Platform.constant("O_CLOEXEC"), 0);
        }
        try {
            ErrnoException e = assertThrows(ErrnoException.class, () -> s.register(devNull, EVENT_READ));
            assertEquals("EPERM", e.errnoName(), e.getMessage());
            assertThrows(NoSuchElementException.class, () -> s.getKey(devNull));
        } finally {
            Os.close(devNull);
        }
    }

    @Test
    void failedModifyOfAReusedFdUnregisters() throws IOException {
        BaseSelector s = selector();
        SocketPair p = socketpair();
        int fd = p.first().fileno();
        s.register(fd, EVENT_READ);
        Pipe other = pipe();
        TestCalls.dup2(other.readFd(), fd); // the old socket is gone, the number is taken
        ErrnoException e = assertThrows(ErrnoException.class, () -> s.modify(fd, Selectors.EVENT_WRITE));
        assertEquals(Errno.ENOENT, e.errno(), "epoll never saw the file now behind fd: " + e.getMessage());
        assertTrue(s.getMap().isEmpty());
    }

    /**
     * epoll watches a file, not an fd number: after the registered number is closed while a
     * duplicate keeps the file open, the kernel goes on reporting the old number, which the
     * selector no longer knows and so drops.
     */
    @Test
    void staleReportsOfAnUnregisteredFdAreDropped() throws IOException {
        BaseSelector s = selector();
        SocketPair p = socketpair();
        int registered = Os.dup(p.first().fileno());
        s.register(registered, EVENT_READ);
        Os.close(registered);       // epoll_ctl(DEL) can no longer name it ...
        s.unregister(registered);   // ... so the kernel keeps the entry alive through the duplicate
        p.second().send(new byte[] {1});
        assertEquals(List.of(), s.select(0.2));
        assertTrue(s.getMap().isEmpty());
    }

    /** The premise of the test above, on a bare Epoll: the kernel does report the closed number. */
    @Test
    void epollReportsAClosedFdWhoseFileIsStillOpen() throws IOException {
        SocketPair p = socketpair();
        try (Epoll epoll = Epoll.open()) {
            int registered = Os.dup(p.first().fileno());
            epoll.register(registered, dev.jselect.Select.EPOLLIN);
            Os.close(registered);
            p.second().send(new byte[] {1});
            List<EpollEvent> events = epoll.poll(0.2);
            assertEquals(1, events.size(), events.toString());
            assertEquals(registered, events.get(0).fd());
        }
    }

    /**
     * Registering a number whose old file may still be watched moves the registrations to a new
     * epoll instance: the others keep working, the old epoll fd is closed, and a fd closed
     * without being unregistered is left behind (it can still be unregistered).
     */
    @Test
    void droppingStaleRegistrationsKeepsTheOthers() throws IOException {
        EpollSelector s = (EpollSelector) selector();
        SocketPair kept = socketpair();
        SocketPair old = socketpair();
        Pipe forgotten = pipe();
        SelectorKey keptKey = s.register(kept.first(), EVENT_READ, "kept");
        int closedUnregistered = FdCalls.fcntl(forgotten.readFd(), F_DUPFD_CLOEXEC, 600);
        s.register(closedUnregistered, EVENT_READ, "closed, never unregistered");
        Os.close(closedUnregistered);
        int n = FdCalls.fcntl(old.first().fileno(), F_DUPFD_CLOEXEC, 500);
        s.register(n, EVENT_READ);
        Os.close(n);
        s.unregister(n);
        int epfdBefore = s.fileno();
        int reused = TestCalls.dup2(kept.second().fileno(), n);
        try {
            s.register(reused, Selectors.EVENT_WRITE, "reused");
            assertTrue(s.fileno() != epfdBefore || isEpoll(epfdBefore), "a new instance (which may reuse the number)");
            Os.write(forgotten.writeFd(), new byte[] {1});
            old.second().send(new byte[] {1});
            kept.second().send(new byte[] {1});
            List<SelectedKey> ready = s.select(5.0);
            assertEquals(List.of("kept", "reused"), ready.stream().map(k -> (String) k.key().data()).sorted().toList(), ready.toString());
            assertEquals(keptKey, s.unregister(kept.first()));
            s.unregister(closedUnregistered);
        } finally {
            Os.close(reused);
        }
    }

    private static boolean isEpoll(int fd) {
        try {
            return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + fd)).toString().contains("eventpoll");
        } catch (IOException e) {
            return false;
        }
    }
}
