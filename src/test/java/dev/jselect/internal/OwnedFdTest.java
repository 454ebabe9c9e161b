package dev.jselect.internal;

import dev.jselect.internal.sys.Constants;

import dev.jselect.internal.sys.FdCalls;

import dev.jselect.internal.sys.Platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jselect.ErrnoException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** OwnedFd's after-close action, on real pipe fds: run once, and never while a call is in flight. */
class OwnedFdTest {
    private static final int O_CLOEXEC = Platform.constant("O_CLOEXEC");
    private static final int F_GETFD = Platform.constant("F_GETFD");

    private static int pipeReadEnd() throws ErrnoException {
        int[] p = FdCalls.pipe2(O_CLOEXEC);
        FdCalls.close(p[1]);
        return p[0];
    }

    @Test
    void afterCloseRunsAtOnceWhenNoCallIsInFlight() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        int n = pipeReadEnd();
        OwnedFd fd = new OwnedFd(n, "thing", runs::incrementAndGet);
        fd.acquire();
        fd.release();
        assertEquals(0, runs.get());
        fd.close();
        assertEquals(1, runs.get());
        fd.close();
        assertEquals(1, runs.get(), "only the first close closes");
        var e = assertThrows(IllegalStateException.class, fd::acquire);
        assertEquals("I/O operation on closed thing", e.getMessage());
    }

    @Test
    void afterCloseWaitsForTheLastCallInFlight() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        int n = pipeReadEnd();
        OwnedFd fd = new OwnedFd(n, "thing", runs::incrementAndGet);
        fd.acquire();
        fd.acquire();
        assertEquals(2, fd.callsInFlight());
        fd.close();
        assertEquals(0, runs.get());
        FdCalls.fcntl(n, F_GETFD, 0); // still open: no EBADF
        fd.release();
        assertEquals(0, runs.get());
        fd.release();
        assertEquals(1, runs.get(), "the last call out closed the fd and ran the action");
        var e = assertThrows(ErrnoException.class, () -> FdCalls.fcntl(n, F_GETFD, 0));
        assertEquals(Constants.EBADF, e.errno());
    }

    @Test
    void anAcquireRefusedAfterTheCloseNeverClosesAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        OwnedFd closedAtOnce = new OwnedFd(pipeReadEnd(), "thing", runs::incrementAndGet);
        closedAtOnce.close();
        assertEquals(1, runs.get());
        for (int i = 0; i < 3; i++) {
            assertEquals(-1, closedAtOnce.tryAcquire());
        }
        assertEquals(1, runs.get(), "a refused acquire counts itself out without a second close(2)");
        assertEquals(0, closedAtOnce.callsInFlight());

        AtomicInteger deferredRuns = new AtomicInteger();
        OwnedFd deferred = new OwnedFd(pipeReadEnd(), "thing", deferredRuns::incrementAndGet);
        deferred.acquire();
        deferred.close();
        assertEquals(-1, deferred.tryAcquire());
        assertEquals(0, deferredRuns.get(), "the call in flight still holds the fd");
        assertEquals(1, deferred.callsInFlight());
        deferred.release();
        assertEquals(1, deferredRuns.get(), "the last call out closed it");
        assertEquals(-1, deferred.tryAcquire());
        assertEquals(1, deferredRuns.get());
    }

    @Test
    void racingCallsAndCloseRunTheActionOnceAndNeverUnderACall() throws Exception {
        for (int round = 0; round < 50; round++) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger runs = new AtomicInteger();
            AtomicInteger underACall = new AtomicInteger();
            OwnedFd fd = new OwnedFd(pipeReadEnd(), "thing", () -> {
                runs.incrementAndGet();
                if (inside.get() != 0) {
                    underACall.incrementAndGet();
                }
            });
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (;;) {
                            fd.acquire();
                            inside.incrementAndGet();
                            inside.decrementAndGet();
                            fd.release();
                        }
                    } catch (IllegalStateException closed) {
                        // done
                    }
                }));
            }
            Thread.sleep(2);
            fd.close();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(1, runs.get());
            assertEquals(0, underACall.get());
        }
    }
}
