package dev.jselect.internal.wait;

import dev.jselect.internal.sys.Platform;

import dev.jselect.internal.sys.WaitCalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.ErrnoException;
import dev.jselect.testing.ProcessState;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Wakeup} in both forms, the eventfd (Linux) and the pipe (macOS, also runnable here),
 * checked with poll(2) on its fd: a signal makes it readable, a drain makes it quiet, a thousand
 * signals are one, and close defers to a wait in progress.
 */
class WakeupChannelTest {
    private static final short POLLIN = (short) Platform.constant("POLLIN");

    private static Wakeup open(String kind) throws ErrnoException {
        return kind.equals("pipe") ? Wakeup.openPipe() : Wakeup.open();
    }

    /** poll(2) with a zero timeout: is {@code fd} readable now? */
    private static boolean readable(int fd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            GroupLayout layout = Platform.abi().layout("pollfd");
            MemorySegment pfd = arena.allocate(layout);
            pfd.set(ValueLayout.JAVA_INT, layout.byteOffset(PathElement.groupElement("fd")), fd);
            pfd.set(ValueLayout.JAVA_SHORT, layout.byteOffset(PathElement.groupElement("events")), POLLIN);
            return WaitCalls.poll(pfd, 1, 0) == 1;
        }
    }


    @ParameterizedTest
    @ValueSource(strings = {"platform", "pipe"})
    void signalDrainAndOnePendingSignal(String kind) throws Exception {
        List<Integer> wakeupsBefore = wakeupFds();
        Wakeup w = open(kind);
        // what this wakeup holds: the fds it listed as the library's own (a count of the whole
        // process would also see a cleaner closing some other test's leftovers meanwhile)
        List<Integer> mine = wakeupFds();
        mine.removeAll(wakeupsBefore);
        assertTrue(mine.contains(w.fd()) && mine.size() == (kind.equals("pipe") ? 2 : mine.size()) && mine.size() <= 2,
                "its fds (an eventfd, or a pipe's two ends): " + mine);
        assertFalse(readable(w.fd()));
        for (int i = 0; i < 1_000; i++) {
            w.signal();
        }
        assertTrue(readable(w.fd()));
        w.drain();
        assertFalse(readable(w.fd()), "one drain empties a thousand signals: only one was written");
        w.signal();
        assertTrue(readable(w.fd()), "after a drain, a signal writes again");
        w.drain();
        assertTrue(Wakeup.isWakeupFd(w.fd()), "listed as the library's own while open");
        assertTrue(Wakeup.isWakeupData(w.epollData()));
        assertFalse(Wakeup.isWakeupData(w.fd() & 0xFFFF_FFFFL), "a caller's epoll_data is never a wakeup's");
        w.closeFds();
        for (int fd : mine) {
            assertFalse(Wakeup.isWakeupFd(fd), "fd " + fd + " still listed");
            assertFalse(ProcessState.isOpen(fd), "fd " + fd + " still open");
        }
    }

    private static List<Integer> wakeupFds() throws IOException {
        List<Integer> fds = new ArrayList<>();
        for (int fd : ProcessState.openFdNumbers()) {
            if (Wakeup.isWakeupFd(fd)) {
                fds.add(fd);
            }
        }
        return fds;
    }

    @Test
    void closeDuringAWaitSignalsAndClosesWhenTheWaitLeaves() throws Exception {
        Waitable core = Waitable.standalone("test object", () -> {});
        int fd = core.enter();
        core.close();
        assertThrows(IllegalStateException.class, core::enter, "no wait may start once closed");
        assertTrue(ProcessState.isOpen(fd), "open while the wait is in progress");
        assertTrue(readable(fd), "and signalled, to end that wait");
        core.leave();
        assertFalse(ProcessState.isOpen(fd), "closed by the last wait out");
        assertFalse(Wakeup.isWakeupFd(fd));
        core.wakeup(); // no-op once closed
    }
}
