package dev.jselect.internal.wait;

import dev.jselect.Epoll;
import dev.jselect.EpollEvent;
import dev.jselect.ErrnoException;
import dev.jselect.Poll;
import dev.jselect.PollFd;
import dev.jselect.Select;
import dev.jselect.internal.sys.Constants;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static dev.jselect.testing.Waiter.blockedIn;

import dev.jselect.internal.sys.TestCalls;
import dev.jselect.internal.wait.Wakeup;
import dev.jselect.net.NativeSocket;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.selectors.EpollSelector;
import dev.jselect.selectors.SelectSelector;
import dev.jselect.selectors.SelectedKey;
import dev.jselect.selectors.Selectors;
import dev.jselect.testing.FdLimit;
import dev.jselect.testing.ProcessState;
import dev.jselect.testing.Waiter;
import dev.jselect.testing.TestFds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The eight defects of the lazily opened wakeup, each reproduced with real kernel objects: the
 * wakeup is made with its object, lives outside the caller's fd space, close always wakes, and
 * zero-allocation results belong to the thread that waited.
 */
class WaitableTest {
    private final TestFds fds = new TestFds();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Integer> rawFds = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        for (int fd : rawFds) {
            Os.close(fd);
        }
        fds.close();
    }

    /** Makes the closed number {@code fd} some jselect object's wakeup, as a lazily opened one would become. */
    private void makeAWakeupOf(int fd) {
        for (int i = 0; i < 200 && !Wakeup.isWakeupFd(fd); i++) {
            toClose.add(Select.poll()); // each takes the lowest free number for its eventfd
        }
        assertTrue(Wakeup.isWakeupFd(fd), "fd " + fd + " should now be a wakeup's");
    }

    // 1. unregister of a closed number that a wakeup now holds must not cut the wakeup off

    @Test
    void epollUnregisterOfANumberAWakeupHoldsIsEbadfAndWakeupAndCloseStillWake() throws Exception {
        assumeTrue(Select.hasEpoll());
        int[] pair = fds.socketpair();
        Epoll ep = Select.epoll();
        int epfd = ep.fileno();
        ep.register(pair[0], Select.EPOLLIN);
        fds.closeNow(pair[0]);
        makeAWakeupOf(pair[0]);
        ErrnoException e = assertThrows(ErrnoException.class, () -> ep.unregister(pair[0]));
        assertEquals(Constants.EBADF, e.errno(), "as for a closed fd");
        assertEquals(Constants.EBADF, assertThrows(ErrnoException.class, () -> ep.register(pair[0])).errno());
        assertEquals(Constants.EBADF, assertThrows(ErrnoException.class, () -> ep.modify(pair[0], 1)).errno());

        Waiter<Integer> w = blockedIn(() -> ep.pollReady(-1));
        ep.wakeup();
        assertEquals(0, w.result(), "wakeup still wakes");
        Waiter<Integer> w2 = blockedIn(() -> ep.pollReady(-1));
        ep.close();
        assertEquals(0, w2.result(), "close still wakes");
        assertFalse(ProcessState.isOpen(epfd), "and the epoll fd is closed");
    }

    @Test
    void epollSelectorUnregisterOfANumberAWakeupHoldsLeavesWakeupAndCloseWorking() throws Exception {
        assumeTrue(Select.hasEpoll());
        int[] pair = fds.socketpair();
        EpollSelector sel = new EpollSelector();
        int epfd = sel.fileno();
        sel.register(pair[0], Selectors.EVENT_READ);
        fds.closeNow(pair[0]);
        makeAWakeupOf(pair[0]);
        sel.unregister(pair[0]); // ignored by the kernel, as in Python
        Waiter<List<SelectedKey>> w = blockedIn(sel::select);
        sel.wakeup();
        assertEquals(List.of(), w.result());
        Waiter<List<SelectedKey>> w2 = blockedIn(sel::select);
        sel.close();
        assertEquals(List.of(), w2.result());
        assertFalse(ProcessState.isOpen(epfd));
    }

    // 2. close() with the fd table full (EMFILE) still wakes the waiter and closes the fds

    @Test
    void closeWithTheFdTableFullWakesTheWaiterAndClosesItsFds() throws Exception {
        assumeTrue(Select.hasEpoll());
        Epoll warm = Select.epoll(); // loads every class the close path needs before the table is full
        Waiter<Integer> warmWaiter = blockedIn(() -> warm.pollReady(-1));
        warm.close();
        warmWaiter.result();
        // and the classes of the EMFILE error: a class first loaded with the table full fails for good
        ErrnoException sample = dev.jselect.internal.sys.ErrnoNames.exception(Constants.EBADF, "dup");
        assertEquals("EBADF", sample.errnoName(), sample.getMessage());

        int[] pipe = fds.pipe();
        Epoll ep = Select.epoll();
        int epfd = ep.fileno();
        Poll poll = Select.poll();
        Waiter<Integer> epWaiter = blockedIn(() -> ep.pollReady(-1));
        Waiter<Integer> pollWaiter = blockedIn(() -> poll.pollReady(-1));
        List<Integer> filler = new ArrayList<>();
        int open = ProcessState.openFds();
        try (FdLimit _ = FdLimit.lowerTo(open + 20)) {
            try {
                for (int i = 0; i < 100; i++) {
                    filler.add(Os.dup(pipe[0]));
                }
                throw new AssertionError("the fd table never filled up");
            } catch (ErrnoException full) {
                assertEquals("EMFILE", full.errnoName());
            }
            ep.close();
            poll.close();
            assertEquals(0, epWaiter.result(), "the epoll waiter is woken without a new fd");
            assertEquals(0, pollWaiter.result(), "the poll waiter too");
            assertFalse(ProcessState.isOpen(epfd), "the epoll fd is closed after the waiter left");
        } finally {
            for (int fd : filler) {
                Os.close(fd);
            }
        }
    }

    // 3. CPython's test_poll_unit_tests: a closed fd is POLLNVAL, even when a wakeup took its number

    @Test
    void cpythonPollReportsPollnvalForAClosedFd() throws Exception {
        // FD, w = os.pipe(); os.close(FD); os.close(w)
        Pipe pipe = Os.pipe();
        int fdNumber = pipe.readFd();
        Os.close(pipe.readFd());
        Os.close(pipe.writeFd());
        // p = select.poll(); p.register(FD); r = p.poll()
        Poll p = Select.poll();
        toClose.add(p);
        p.register(fdNumber);
        List<PollFd> r = p.poll();
        // self.assertEqual(r[0], (FD, select.POLLNVAL))
        assertEquals(fdNumber, r.get(0).fd());
        assertEquals(Select.POLLNVAL, r.get(0).revents());
        assertEquals(1, p.pollReady(-1));
        assertEquals(Select.POLLNVAL, p.readyRevents(0));
    }

    // 4. SelectSelector with every fd below FD_SETSIZE in use

    @Test
    void selectSelectorWorksWhenTheLowFdsFillUpAndIsMadeWithoutAWakeupThen() throws Exception {
        int[] pipe = fds.pipe();
        assumeTrue(pipe[0] < Select.FD_SETSIZE);
        try (FdLimit _ = FdLimit.atLeast(Select.FD_SETSIZE + 64); SelectSelector early = new SelectSelector()) {
            early.register(pipe[0], Selectors.EVENT_READ);
            List<Integer> filler = new ArrayList<>();
            try {
                int fd;
                do {
                    fd = Os.dup(pipe[0]);
                    filler.add(fd);
                } while (fd < Select.FD_SETSIZE);
                Os.write(pipe[1], new byte[] {1});
                List<SelectedKey> ready = early.select(1);
                assertEquals(1, ready.size(), "made earlier, its wakeup is below FD_SETSIZE");
                early.wakeup();
                assertEquals(1, early.select(1).size());
                try (SelectSelector late = new SelectSelector()) { // as Python's: made, without a wakeup
                    var e = assertThrows(IllegalStateException.class, late::wakeup);
                    assertTrue(e.getMessage().contains("FD_SETSIZE"), e.getMessage());
                }
            } finally {
                for (int fd : filler) {
                    Os.close(fd);
                }
            }
        }
    }

    // 5. zero-allocation results belong to the thread that waited

    @Test
    void epollResultsOfOneThreadSurviveAnotherThreadsWait() throws Exception {
        assumeTrue(Select.hasEpoll());
        Epoll ep = Select.epoll();
        toClose.add(ep);
        Set<Integer> readable = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            int[] pipe = fds.pipe();
            Os.write(pipe[1], new byte[] {1});
            ep.register(pipe[0], Select.EPOLLIN | Select.EPOLLONESHOT); // each reported once
            readable.add(pipe[0]);
        }
        assertEquals(2, ep.pollReady(0, 2));
        int otherCount = CompletableFuture.supplyAsync(() -> {
            try {
                return ep.pollReady(0, 2) == 2 ? ep.readyFd(0) * 10_000 + ep.readyFd(1) : -1;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).get(5, TimeUnit.SECONDS);
        Set<Integer> seen = new HashSet<>(List.of(ep.readyFd(0), ep.readyFd(1), otherCount / 10_000, otherCount % 10_000));
        assertEquals(readable, seen, "each fd once: the other thread's wait did not overwrite this one's");
        assertEquals(Select.EPOLLIN, ep.readyEvents(0));
    }

    @Test
    void pollResultsOfOneThreadSurviveAnotherThreadsWait() throws Exception {
        int[] a = fds.pipe();
        int[] b = fds.pipe();
        Poll poll = Select.poll();
        toClose.add(poll);
        poll.register(a[0], Select.POLLIN);
        poll.register(b[0], Select.POLLIN);
        Os.write(a[1], new byte[] {1});
        assertEquals(1, poll.pollReady(0));
        Os.read(a[0], 1);
        Os.write(b[1], new byte[] {1});
        int other = CompletableFuture.supplyAsync(() -> {
            try {
                return poll.pollReady(0) == 1 ? poll.readyFd(0) : -1;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).get(5, TimeUnit.SECONDS);
        assertEquals(b[0], other);
        assertEquals(a[0], poll.readyFd(0), "this thread's result is still its own");
        assertEquals(Select.POLLIN, poll.readyRevents(0));
    }

    // 6. Epoll.fromFd(dup(...)) shares the interest list, and with it the other object's wakeup

    @Test
    void aWakeupInASharedInterestListIsNeverAResultAndNeverStuck() throws Exception {
        assumeTrue(Select.hasEpoll());
        Epoll ep = Select.epoll();
        toClose.add(ep);
        Epoll ep2 = Epoll.fromFd(Os.dup(ep.fileno()));
        toClose.add(ep2);
        ep.wakeup();
        assertEquals(List.of(), ep2.poll(0), "the first object's wakeup is no event of the second's");
        long t0 = System.nanoTime();
        assertEquals(List.of(), ep.poll(5), "the wakeup the second object took still makes this wait return");
        assertTrue(System.nanoTime() - t0 < 4_000_000_000L);
        Waiter<List<EpollEvent>> w = blockedIn(ep::poll);
        ep.wakeup();
        assertEquals(List.of(), w.result(), "and the flag is not stuck: the next wakeup wakes");
        Waiter<List<EpollEvent>> w2 = blockedIn(ep2::poll);
        ep2.wakeup();
        assertEquals(List.of(), w2.result());
    }

    // 7. EpollSelector's migration moves only registrations the old instance still held

    @Test
    void epollSelectorMigrationDoesNotWatchAnUnrelatedFileUnderADeadKey() throws Exception {
        assumeTrue(Select.hasEpoll());
        EpollSelector sel = new EpollSelector();
        toClose.add(sel);
        int[] live = fds.pipe();
        sel.register(live[0], Selectors.EVENT_READ, "live key");
        Os.write(live[1], new byte[] {1});
        int[] dead = fds.socketpair();
        sel.register(dead[0], Selectors.EVENT_READ, "dead key");
        int number = dead[0];
        fds.closeNow(dead[0]); // closed without unregister: the kernel forgets it
        int[] unrelated = fds.socketpair();
        TestCalls.dup2(unrelated[0], number); // the number now names another file,
        rawFds.add(number);
        Os.write(unrelated[1], new byte[] {1}); // which is readable

        // a stale number: closed while a dup keeps its file, then unregistered (EBADF), then reused
        int[] pipe = fds.pipe();
        sel.register(pipe[0], Selectors.EVENT_READ);
        int keeper = Os.dup(pipe[0]);
        fds.closeNow(pipe[0]);
        sel.unregister(pipe[0]);
        int[] next = fds.pipe();
        TestCalls.dup2(next[0], pipe[0]);
        rawFds.add(pipe[0]);
        rawFds.add(keeper);
        int epfd = sel.fileno();
        sel.register(pipe[0], Selectors.EVENT_READ); // moves the registrations to a new instance
        assertNotEquals(epfd, sel.fileno(), "the stale registration was dropped with the old instance");

        List<Object> reported = new ArrayList<>();
        for (SelectedKey k : sel.select(0)) {
            reported.add(k.key().data());
        }
        assertTrue(reported.contains("live key"), "a live registration moves: " + reported);
        assertFalse(reported.contains("dead key"), "a dead key reported for an unrelated file: " + reported);
    }

    // 8. unreachable objects are closed, with a WARN naming them

    @Test
    void unreachableEpollSelectorAndSocketAreClosedWithAWarning() throws Exception {
        assumeTrue(Select.hasEpoll());
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true)); // where slf4j-simple writes, looked up at each line
        int epfd;
        int selfd;
        int sockfd;
        try {
            epfd = Select.epoll().fileno();
            selfd = new EpollSelector().fileno();
            sockfd = NativeSocket.socketpair().first().fileno();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((ProcessState.isOpen(epfd) || ProcessState.isOpen(selfd) || ProcessState.isOpen(sockfd)
                    || !log.toString().contains("socket (fd " + sockfd)) && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(20);
            }
            assertFalse(ProcessState.isOpen(epfd), "the unreachable Epoll was closed");
            assertFalse(ProcessState.isOpen(selfd), "the unreachable EpollSelector was closed");
            assertFalse(ProcessState.isOpen(sockfd), "the unreachable NativeSocket was closed");
        } finally {
            System.setErr(err);
        }
        String warnings = log.toString();
        assertTrue(warnings.contains("WARN") && warnings.contains("unclosed epoll object (fd " + epfd + ")"), warnings);
        assertTrue(warnings.contains("unclosed EpollSelector@"), warnings);
        assertFalse(warnings.contains("unclosed epoll object (fd " + selfd + ")"),
                "one line for the selector, none for the Epoll inside it: " + warnings);
    }
}
