package dev.jselect.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.Epoll;
import dev.jselect.EpollEvent;
import dev.jselect.ErrnoException;
import dev.jselect.FdSet;
import dev.jselect.Poll;
import dev.jselect.PollFd;
import dev.jselect.Select;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.selectors.SelectSelector;
import dev.jselect.selectors.Selectors;
import dev.jselect.testing.FdLimit;
import dev.jselect.testing.ProcessState;
import dev.jselect.testing.ResourceGrowth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * select safety: with fds up to 20 000 open in the process (RLIMIT_NOFILE raised for the test
 * and put back after it; where the hard limit is lower, as high as it allows, said in the
 * output), {@link Select#select}, {@link FdSet} and {@link SelectSelector}'s select (Python's
 * accepts the registration) refuse every one of them at or above FD_SETSIZE with an {@link
 * IllegalArgumentException} before any native memory is touched, and still work for the fds
 * below; poll and epoll take the highest one.
 */
@Tag("soak")
class ManyFdsTest {
    private static final int TARGET = 20_000;
    private static final int F_DUPFD_CLOEXEC = Platform.constant("F_DUPFD_CLOEXEC");

    @Test
    void everyFdAtOrAboveFdSetsizeIsRefusedCleanly() throws Exception {
        int fdsBefore = ProcessState.openFds();
        List<Integer> high = new ArrayList<>();
        try (FdLimit limit = FdLimit.raiseTo(TARGET); Pipe pipe = Os.pipe()) {
            assumeTrue(limit.limit() > Select.FD_SETSIZE + 64, "RLIMIT_NOFILE " + limit.limit() + " leaves too few fds above FD_SETSIZE");
            Os.write(pipe.writeFd(), new byte[] {1}); // every duplicate of the read end is readable
            try {
                // Every number from FD_SETSIZE up to the limit; the JVM's own new fds take the free ones below.
                for (;;) {
                    try {
                        high.add(FdCalls.fcntl(pipe.readFd(), F_DUPFD_CLOEXEC, Select.FD_SETSIZE));
                    } catch (ErrnoException e) {
                        assertEquals("EMFILE", e.errnoName());
                        break;
                    }
                }
                int highest = high.getLast();
                System.out.printf("ManyFdsTest: %d fds open, the highest %d (RLIMIT_NOFILE %d%s)%n", ProcessState.openFds(),
                        highest, limit.limit(), limit.limit() < TARGET ? ", below the " + TARGET + " aimed at: as high as allowed" : "");
                assertEquals(limit.limit() - 1, highest);

                try (SelectSelector selector = new SelectSelector()) {
                    FdSet set = new FdSet();
                    for (int fd : high) {
                        List<Integer> one = List.of(fd);
                        List<Integer> mixed = List.of(pipe.readFd(), fd);
                        assertThrows(IllegalArgumentException.class, () -> Select.select(one, List.of(), List.of(), 0));
                        assertThrows(IllegalArgumentException.class, () -> Select.select(List.of(), one, List.of(), 0));
                        assertThrows(IllegalArgumentException.class, () -> Select.select(List.of(), List.of(), mixed, 0));
                        assertThrows(IllegalArgumentException.class, () -> set.set(fd));
                        assertThrows(IllegalArgumentException.class, () -> set.clear(fd));
                        assertThrows(IllegalArgumentException.class, () -> set.isSet(fd));
                        selector.register(fd, Selectors.EVENT_READ); // accepted, as Python's; select() refuses it
                        assertThrows(IllegalArgumentException.class, () -> selector.select(0));
                        selector.unregister(fd);
                    }
                    assertEquals("FdSet[]", set.toString(), "nothing was set");
                    assertEquals(0, selector.getMap().size(), "nothing is left registered");
                    // below FD_SETSIZE everything still works
                    assertEquals(List.of(pipe.readFd()), Select.select(List.of(pipe.readFd()), List.of(), List.of(), 0).readable());
                    selector.register(pipe.readFd(), Selectors.EVENT_READ);
                    assertEquals(1, selector.select(0).size());
                }

                try (Poll poll = Select.poll()) {
                    poll.register(highest, Select.POLLIN);
                    assertEquals(List.of(new PollFd(highest, Select.POLLIN)), poll.poll(0));
                }
                if (Select.hasEpoll()) {
                    try (Epoll ep = Select.epoll()) {
                        ep.register(highest, Select.EPOLLIN);
                        assertEquals(List.of(new EpollEvent(highest, Select.EPOLLIN)), ep.poll(0));
                    }
                }
            } finally {
                for (int fd : high) {
                    Os.close(fd);
                }
            }
        }
        ResourceGrowth.assertNoFdGrowth(fdsBefore, "once every fd is closed again");
    }
}
