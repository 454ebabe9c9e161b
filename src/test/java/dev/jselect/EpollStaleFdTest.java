package dev.jselect;

import static dev.jselect.Select.EPOLLIN;
import static dev.jselect.Select.EPOLLOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jselect.internal.sys.TestCalls;
import dev.jselect.os.Os;
import dev.jselect.testing.TestFds;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Closed and reused fd numbers on a bare Epoll behave exactly as on CPython's select.epoll,
 * which passes the kernel's behaviour through: epoll watches the open file, and forgets it only
 * when the last reference to that file is closed. Each step below is what the same calls print
 * under CPython 3.11.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "epoll is Linux-only")
class EpollStaleFdTest {
    private final TestFds fds = new TestFds();

    @AfterEach
    void closeFds() throws Exception {
        fds.close();
    }

    private static void send(int fd) throws Exception {
        TestFds.write(fd, "x");
    }

    /** The last reference closed: the kernel drops the registration, and the number registers afresh. */
    @Test
    void closingTheLastReferenceForgetsTheRegistration() throws Exception {
        try (Epoll ep = Select.epoll()) {
            int[] a = fds.socketpair();
            int n = a[0];
            ep.register(n, EPOLLIN);
            send(a[1]);
            fds.closeNow(n);
            assertEquals(List.of(), ep.poll(0.05), "the file went with its last fd");
            assertEquals("EBADF", assertThrows(ErrnoException.class, () -> ep.unregister(n)).errnoName());

            int[] c = fds.socketpair();
            TestCalls.dup2(c[0], n);
            fds.keep(n);
            ep.register(n, EPOLLIN); // no EEXIST: nothing is registered under n any more
            send(c[1]);
            assertEquals(List.of(new EpollEvent(n, EPOLLIN)), ep.poll(0.1));
            ep.unregister(n);
            assertEquals(List.of(), ep.poll(0.05));
        }
    }

    /**
     * A duplicate keeps the file open: the kernel goes on reporting it under the closed number,
     * which can no longer be unregistered (EBADF) or modified; once the number names another file,
     * registering it adds a second entry and both report under the same number, until the last
     * reference to the old file goes.
     */
    @Test
    void aFileKeptOpenElsewhereIsStillReportedUnderItsOldNumber() throws Exception {
        try (Epoll ep = Select.epoll()) {
            int[] p = fds.socketpair();
            int n = fds.keep(Os.dup(p[0]));
            ep.register(n, EPOLLIN);
            fds.closeNow(n);
            send(p[1]);
            assertEquals(List.of(new EpollEvent(n, EPOLLIN)), ep.poll(0.1), "closed number still reported");
            assertEquals("EBADF", assertThrows(ErrnoException.class, () -> ep.unregister(n)).errnoName());
            assertEquals("EBADF", assertThrows(ErrnoException.class, () -> ep.modify(n, EPOLLOUT)).errnoName());

            int[] pipe = fds.pipe();
            TestCalls.dup2(pipe[0], n);
            fds.keep(n);
            assertEquals("ENOENT", assertThrows(ErrnoException.class, () -> ep.modify(n, EPOLLIN)).errnoName(),
                    "the number names a file epoll never saw");
            ep.register(n, EPOLLIN);
            assertEquals(List.of(new EpollEvent(n, EPOLLIN)), ep.poll(0.1), "only the old file is ready");
            send(pipe[1]);
            assertEquals(List.of(new EpollEvent(n, EPOLLIN), new EpollEvent(n, EPOLLIN)), ep.poll(0.1), "both");
            ep.unregister(n);
            assertEquals(List.of(new EpollEvent(n, EPOLLIN)), ep.poll(0.1), "unregister removed the new file only");
            assertEquals("ENOENT", assertThrows(ErrnoException.class, () -> ep.unregister(n)).errnoName());
            fds.closeNow(p[0]);
            assertEquals(List.of(), ep.poll(0.05), "gone with the last reference to the old file");
        }
    }
}
