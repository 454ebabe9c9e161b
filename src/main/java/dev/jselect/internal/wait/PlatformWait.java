package dev.jselect.internal.wait;

import dev.jselect.internal.Deadline;

import dev.jselect.internal.sys.PollFdStruct;

import dev.jselect.internal.sys.WaitCalls;

import dev.jselect.internal.NativeMemory;

import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * A virtual thread's wait that no {@link Poller} can take (the kernel refused to add the fd to
 * the poller's epoll set: an epoll instance nested too deep, ELOOP; a seccomp filter, EPERM;
 * max_user_watches, ENOSPC; ...), made the way the JDK's {@code Blocker} makes a blocking call:
 * a daemon platform thread waits in poll(2) on its own copy of the fds while the virtual thread
 * parks, so the carrier runs other virtual threads meanwhile.
 *
 * <p>The platform thread waits in slices of at most {@link #SLICE_MILLIS}, so a waiter that
 * leaves early (interrupt, its deadline) frees it within one slice, without a wakeup fd; a
 * slice costs one poll(2), nothing while nothing is ready. Like every wakeup, its end is a hint:
 * the caller looks again and comes back if nothing is ready.
 */
final class PlatformWait implements Runnable {
    static final int SLICE_MILLIS = 100;

    private static final ExecutorService THREADS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("jselect-platform-wait-", 0).factory());

    private final Thread waiter = Thread.currentThread();
    private final int[] watched;
    private final int count;
    private final long deadline;
    private volatile boolean done;
    private volatile boolean cancelled;

    private PlatformWait(int[] watched, int count, long deadline) {
        this.watched = watched;
        this.count = count;
        this.deadline = deadline;
    }

    /**
     * Parks the current thread until one of the (fd, poll events) pairs of
     * {@code watched[0..count)} is ready (or in error, hung up or invalid), until {@code deadline}
     * ({@link Deadline#NONE}: no limit), or until interrupted ({@link InterruptedIOException}, the status kept).
     */
    static void await(int[] watched, int count, long deadline) throws InterruptedIOException {
        PlatformWait w = new PlatformWait(watched.clone(), count, deadline);
        THREADS.execute(w);
        try {
            while (!w.done && !Thread.currentThread().isInterrupted() && !Deadline.expired(deadline)) {
                Poller.parkUntil(deadline);
            }
        } finally {
            w.cancelled = true;
        }
        Poller.throwIfInterrupted();
    }

    /** The platform thread's part: poll(2) in slices until something is ready, the deadline or a cancel. */
    @Override
    public void run() {
        int n = count / 2;
        try (Arena arena = NativeMemory.ofConfined()) {
            MemorySegment fds = PollFdStruct.allocate(arena, n);
            for (int i = 0; i < n; i++) {
                PollFdStruct.set(fds, i, watched[2 * i], watched[2 * i + 1]);
            }
            while (!cancelled) {
                int slice = SLICE_MILLIS;
                if (deadline != Deadline.NONE) {
                    int left = Deadline.remainingMillis(deadline);
                    if (left < 0) {
                        break;
                    }
                    slice = Math.min(slice, left);
                }
                if (WaitCalls.poll(fds, n, slice) != 0) {
                    break;
                }
            }
        } catch (Throwable t) {
            // the waiter looks again and meets the failure itself
        } finally {
            done = true;
            LockSupport.unpark(waiter);
        }
    }
}
