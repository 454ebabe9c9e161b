package dev.jselect.internal.sys;

import dev.jselect.internal.Scratch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.ErrnoException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The EINTR rule (PEP 475) with the calls' results given explicitly: a scripted call answers each
 * attempt with a count, or -1 and an errno written where the downcall would have captured it.
 * What a kernel call does with EINTR and real signals is EintrTest's; here each branch of the
 * rule is pinned down: 0 is a result and not a failure, EINTR restarts (with the time left), any
 * other errno is the exception, and a signal handler's exception replaces the restart.
 */
class RestartTest {
    private static final VarHandle ERRNO = Linker.Option.captureStateLayout().varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final long MILLIS = 1_000_000;

    /** One scripted call: each attempt takes the next answer; {@code -E} is -1 with errno E. */
    static final class Script {
        private final int[] answers;
        final List<Long> timeouts = new ArrayList<>();
        int calls;
        Runnable during = () -> {};
        long sleepMillis;

        Script(int... answers) {
            this.answers = answers;
        }

        int next(MemorySegment st) {
            during.run();
            if (sleepMillis > 0) {
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            int a = answers[calls++];
            // errno after a success is whatever the C library left: EINTR here, so only the result may decide
            ERRNO.set(st, 0L, a >= 0 ? Constants.EINTR : -a);
            return a >= 0 ? a : -1;
        }

        int await(MemorySegment st, int fd, MemorySegment a, MemorySegment b, MemorySegment c, long count, long timeout, MemorySegment tv) {
            timeouts.add(timeout);
            return next(st);
        }

        long io(MemorySegment st, int fd, MemorySegment buf, long n, int flags, MemorySegment addr, MemorySegment addrLen, int addrSize) {
            return next(st);
        }

        MethodHandle waitHandle() {
            return bind("await", Restart.WAIT);
        }

        MethodHandle ioHandle() {
            return bind("io", Restart.IO);
        }

        private MethodHandle bind(String name, MethodType type) {
            try {
                return MethodHandles.lookup().findVirtual(Script.class, name, type).bindTo(this);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static int await(Script s, long timeout, long unitNanos) throws ErrnoException {
        return Restart.await("epoll_wait", s.waitHandle(), 3, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL, 1,
                timeout, unitNanos);
    }

    private static long attempt(Script s) {
        return Restart.attempt(s.ioHandle(), 3, MemorySegment.NULL, 1, 0, MemorySegment.NULL, MemorySegment.NULL, 0);
    }

    @Test
    void zeroIsAResultNotAFailure() throws Exception {
        assertEquals(0, await(new Script(0), -1, MILLIS), "nothing ready");
        assertEquals(0, await(new Script(0), 10, MILLIS));
        assertEquals(0, attempt(new Script(0)), "end of file");
        assertEquals(0, Restart.io("read", new Script(0).ioHandle(), 3, MemorySegment.NULL, 1, 0));
        assertEquals(0, Restart.restarted("waitpid", st -> new Script(0).next(st)), "waitpid(WNOHANG): the child still runs");
    }

    @Test
    void eintrRestartsACallThatBlocks() throws Exception {
        Script s = new Script(-Constants.EINTR, -Constants.EINTR, 2);
        assertEquals(2, await(s, -1, MILLIS));
        assertEquals(3, s.calls);
        assertEquals(List.of(-1L, -1L, -1L), s.timeouts, "no deadline: each restart blocks again");

        Script io = new Script(-Constants.EINTR, -Constants.EINTR, 7);
        assertEquals(7, attempt(io));
        assertEquals(3, io.calls);
        Script read = new Script(-Constants.EINTR, 5);
        assertEquals(5, Restart.io("read", read.ioHandle(), 3, MemorySegment.NULL, 5, 0));
        assertEquals(2, read.calls);
        Script accept = new Script(-Constants.EINTR, -Constants.EINTR, 9);
        assertEquals(9, Restart.restarted("accept4", accept::next));
        assertEquals(3, accept.calls);
    }

    @Test
    void eintrRestartsATimedWaitWithTheTimeLeft() throws Exception {
        Script s = new Script(-Constants.EINTR, -Constants.EINTR, 1);
        s.sleepMillis = 20;
        assertEquals(1, await(s, 5_000, MILLIS));
        assertEquals(5_000L, s.timeouts.get(0));
        long second = s.timeouts.get(1);
        long third = s.timeouts.get(2);
        assertTrue(second <= 4_980 && second > 4_000, "the second attempt waits what is left: " + second);
        assertTrue(third <= second - 20, "and the third less again: " + third);
    }

    @Test
    void eintrAfterTheDeadlineIsATimeout() throws Exception {
        Script s = new Script(-Constants.EINTR, 4);
        s.sleepMillis = 30;
        assertEquals(0, await(s, 5, MILLIS), "the time ran out during the interruption");
        assertEquals(1, s.calls, "no second attempt");

        Script poll = new Script(-Constants.EINTR, 4);
        assertEquals(0, await(poll, 0, MILLIS), "a poll (timeout 0) interrupted has found nothing");
        assertEquals(1, poll.calls);
    }

    @Test
    void anyOtherErrnoIsTheException() {
        var e = assertThrows(ErrnoException.class, () -> await(new Script(-Constants.EBADF, 1), 0, MILLIS));
        assertEquals("EBADF", e.errnoName());
        assertTrue(e.getMessage().contains("epoll_wait"), e.getMessage());
        var blocked = assertThrows(ErrnoException.class, () -> await(new Script(-Constants.EINVAL, 1), -1, MILLIS));
        assertEquals(Constants.EINVAL, blocked.errno());
        assertThrows(ErrnoException.class, () -> await(new Script(-Constants.EINVAL, 1), 100, MILLIS));

        assertEquals(-Constants.EAGAIN, attempt(new Script(-Constants.EAGAIN, 1)), "attempt returns minus the errno");
        var read = assertThrows(ErrnoException.class, () -> Restart.io("read", new Script(-Constants.EBADF).ioHandle(), 3, MemorySegment.NULL, 1, 0));
        assertEquals(Constants.EBADF, read.errno());
        assertTrue(read.getMessage().contains("read"), read.getMessage());
        var waitpid = assertThrows(ErrnoException.class, () -> Restart.restarted("waitpid", new Script(-Constants.ECHILD, 0)::next));
        assertEquals("ECHILD", waitpid.errnoName());
    }

    @Test
    void interruptedReadsTheCapturedErrno() {
        try (Scratch sc = Downcall.scratch()) {
            MemorySegment st = sc.state;
            ERRNO.set(st, 0L, Constants.EINTR);
            assertTrue(Restart.interrupted(st));
            ERRNO.set(st, 0L, Constants.EBADF);
            assertFalse(Restart.interrupted(st));
        }
    }

    @Test
    void aCallIsTheFamilysStaticMethodOfTheShape() throws Throwable {
        MethodHandle h = Restart.call(MethodHandles.lookup(), "echo", Restart.WAIT);
        assertEquals(Restart.WAIT, h.type());
        assertEquals(7_000 + 250, (int) h.invokeExact(MemorySegment.NULL, 7, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL, 99L, 250L,
                MemorySegment.NULL));
        assertThrows(IllegalStateException.class, () -> Restart.call(MethodHandles.lookup(), "echo", Restart.IO), "no such shape");
    }

    private static int echo(MemorySegment st, int fd, MemorySegment a, MemorySegment b, MemorySegment c, long count, long timeout,
            MemorySegment tv) {
        return fd * 1_000 + (int) timeout;
    }

    private static long realRead(MemorySegment st, int fd, MemorySegment buf, long n, int flags, MemorySegment addr, MemorySegment addrLen,
            int addrSize) throws Throwable {
        return (long) READ.invokeExact(st, fd, buf, n);
    }

    private static final MethodHandle READ = Downcall.bind("read");

    @Test
    void aSignalHandlersExceptionReplacesTheRestart() throws Throwable {
        onRegisteredThread(() -> {
            SignalInterrupt.Target me = SignalInterrupt.enter();
            me.leave();
            IOException fromHandler = new IOException("raised by a handler");
            Script wait = new Script(-Constants.EINTR, 1);
            wait.during = () -> me.pending = fromHandler;
            assertSame(fromHandler, assertThrows(IOException.class, () -> await(wait, -1, MILLIS)));
            assertEquals(1, wait.calls, "raised at the EINTR, not restarted");

            Script io = new Script(-Constants.EINTR, 1);
            io.during = () -> me.pending = fromHandler;
            assertSame(fromHandler, assertThrows(IOException.class, () -> attempt(io)));
            assertEquals(1, io.calls);

            Script accept = new Script(-Constants.EINTR, 1);
            accept.during = () -> me.pending = fromHandler;
            assertSame(fromHandler, assertThrows(IOException.class, () -> Restart.restarted("accept4", accept::next)));
            assertEquals(1, accept.calls);

            Script early = new Script(1);
            me.pending = fromHandler;
            assertSame(fromHandler, assertThrows(IOException.class, () -> await(early, -1, MILLIS)), "pending at the entry");
            assertEquals(0, early.calls);
            return null;
        });
    }

    @Test
    void aCallIsMarkedInProgressOnlyWhileItRuns() throws Throwable {
        onRegisteredThread(() -> {
            SignalInterrupt.Target me = SignalInterrupt.enter();
            me.leave();
            boolean[] seen = new boolean[3];
            Script wait = new Script(-Constants.EINTR, 1);
            wait.during = () -> seen[0] = me.inCall;
            await(wait, -1, MILLIS);
            assertFalse(me.inCall, "after a wait");
            Script io = new Script(2);
            io.during = () -> seen[1] = me.inCall;
            attempt(io);
            assertFalse(me.inCall, "after a data call");
            Script accept = new Script(3);
            accept.during = () -> seen[2] = me.inCall;
            Restart.restarted("accept4", accept::next);
            assertFalse(me.inCall, "after accept");
            assertArrayEquals(new boolean[] {true, true, true}, seen, "signalled only while inside the call");
            return null;
        });
    }

    /** Runs {@code body} on a new platform thread that SignalInterrupt may raise in, so this test thread stays unregistered. */
    private static void onRegisteredThread(java.util.concurrent.Callable<Void> body) throws Throwable {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                SignalInterrupt.register();
                body.call();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause();
        } finally {
            t.join(10_000);
        }
    }

    @Test
    void aRestartedReadGetsThePipesBytes() throws Throwable {
        // the kernel part: after a (scripted) EINTR the same fd, buffer and length go to the real read(2)
        MethodHandle realRead = Restart.call(MethodHandles.lookup(), "realRead", Restart.IO);
        int[] p = FdCalls.pipe2(Platform.constant("O_CLOEXEC"));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocateFrom("abc");
            assertEquals(3, FdCalls.write(p[1], out, 3));
            int[] calls = {0};
            MethodHandle firstInterrupted = MethodHandles.lookup().findStatic(RestartTest.class, "interruptOnce",
                    MethodType.methodType(long.class, int[].class, MethodHandle.class, MemorySegment.class, int.class, MemorySegment.class,
                            long.class, int.class, MemorySegment.class, MemorySegment.class, int.class));
            MethodHandle h = MethodHandles.insertArguments(firstInterrupted, 0, calls, realRead);
            MemorySegment buf = arena.allocate(8);
            assertEquals(3, Restart.io("read", h, p[0], buf, 8, 0));
            assertEquals(2, calls[0]);
            assertEquals("abc", buf.getString(0));
        } finally {
            FdCalls.close(p[0]);
            FdCalls.close(p[1]);
        }
    }

    static long interruptOnce(int[] calls, MethodHandle real, MemorySegment st, int fd, MemorySegment buf, long n, int flags,
            MemorySegment addr, MemorySegment addrLen, int addrSize) throws Throwable {
        if (calls[0]++ == 0) {
            ERRNO.set(st, 0L, Constants.EINTR);
            return -1;
        }
        return (long) real.invokeExact(st, fd, buf, n, flags, addr, addrLen, addrSize);
    }

    @Test
    void waitpidOfARunningChildIsZero() throws Exception {
        // a real child: WNOHANG answers 0 while it runs, and 0 must come back as 0
        Process child = new ProcessBuilder("sleep", "30").start();
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(0, ProcessCalls.waitpid((int) child.pid(), arena.allocate(ValueLayout.JAVA_INT), Constants.WNOHANG));
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
