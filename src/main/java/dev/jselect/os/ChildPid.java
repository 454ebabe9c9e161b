package dev.jselect.os;

import dev.jselect.internal.sys.ProcessCalls;
import dev.jselect.internal.sys.Constants;
import dev.jselect.ErrnoException;
import dev.jselect.internal.process.ChildStatus;
import dev.jselect.internal.OwnedFd;
import dev.jselect.internal.sys.SignalInterrupt;
import dev.jselect.internal.Deadline;
import dev.jselect.internal.wait.Waits;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Objects;

/**
 * One child's pid, and its pidfd where the kernel gives one, ours until we reap it: the only
 * waits are {@code waitpid(pid, WNOHANG)} on this pid, never {@code waitpid(-1)}, so children of
 * the JVM's own {@code Process} machinery (whose reaper also waits pid by pid) are never taken.
 * Reaping and signalling share one lock, so a signal never reaches a pid the kernel has handed
 * to another process after the reap. {@link #waitFor} sleeps on the pidfd until the exit.
 *
 * <p>A child whose {@link Subprocess} became unreachable unclosed is reaped by its {@link
 * #abandon()} (run by the Subprocess's {@code Unclosed}) when it has exited; one still running
 * is remembered and reaped by the next {@link #reapAbandoned()} (at each spawn), as Python's
 * {@code subprocess._cleanup} does, so it stays a zombie at most until then.
 */
final class ChildPid {
    private static final Logger LOG = LoggerFactory.getLogger(ChildPid.class);
    private static final int ECHILD = Constants.ECHILD;
    private static final Set<ChildPid> ABANDONED = ConcurrentHashMap.newKeySet();

    /** What {@link #exitFd()} returns for a child that has no pidfd. */
    static final int NO_EXIT_FD = -2;
    private static final int POLLIN = Constants.POLLIN;
    private static final long MAX_PAUSE_NANOS = 50_000_000;

    final int pid;
    private final @Nullable OwnedFd exitFd; // null without pidfd_open
    private final ReentrantLock lock = new ReentrantLock();
    private volatile @Nullable Integer returncode;

    ChildPid(int pid, int pidfd) {
        this.pid = pid;
        this.exitFd = pidfd < 0 ? null : new OwnedFd(pidfd, "pidfd");
    }

    /** The pidfd, -1 once closed, or {@link #NO_EXIT_FD} where pidfd_open was refused. */
    int exitFd() {
        return exitFd == null ? NO_EXIT_FD : exitFd.fileno();
    }

    /** The returncode once reaped: the exit status, or minus the signal number that ended the child. */
    OptionalInt returncode() {
        Integer r = returncode;
        return r == null ? OptionalInt.empty() : OptionalInt.of(r);
    }

    /** Reaps the child if it has exited (never blocks); its returncode, or empty while it runs. */
    OptionalInt poll() throws ErrnoException {
        lock.lock();
        try {
            if (returncode == null) {
                int status;
                try {
                    status = ChildStatus.poll(pid);
                } catch (ErrnoException e) {
                    if (e.errno() != ECHILD) {
                        throw e;
                    }
                    // Reaped elsewhere (SIGCHLD ignored, or someone's waitpid(-1)): the status is
                    // lost; Python's Popen reports 0 in this case too.
                    returncode = 0;
                    return OptionalInt.of(0);
                }
                if (status != ChildStatus.RUNNING) {
                    returncode = decode(status);
                }
            }
            return returncode();
        } finally {
            lock.unlock();
        }
    }

    /** kill(2) of the child unless it was reaped already (then the pid may be someone else's). */
    void signal(int sig) throws ErrnoException {
        lock.lock();
        try {
            if (poll().isEmpty()) {
                ProcessCalls.kill(pid, sig);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Python's {@code Popen.wait(timeout)}: the returncode once the child has exited, else
     * TimeoutExpiredException (naming {@code args}) when {@code timeout} passes (null: never).
     * Sleeps on the pidfd where there is one, else polls with a growing pause (at most 50 ms).
     */
    int waitFor(@Nullable Duration timeout, List<String> args) throws IOException {
        OptionalInt r = poll();
        if (r.isPresent()) {
            return r.getAsInt();
        }
        long deadline = timeout == null ? Deadline.NONE : Deadline.fromNow(Math.max(0, saturatedNanos(timeout)));
        long pause = 500_000; // Python's first delay, 0.5 ms
        for (;;) {
            if (Deadline.expired(deadline)) {
                throw new TimeoutExpiredException(args, Objects.requireNonNull(timeout)); // a limit means a timeout
            }
            if (exitFd != null && !exitFd.isClosed()) {
                awaitExitFd(exitFd, deadline);
            } else {
                pause = Math.min(Math.min(pause * 2, MAX_PAUSE_NANOS), Deadline.remaining(deadline, 1));
                sleep(pause);
                SignalInterrupt.raiseIfPending(); // a handler's exception ends this wait within one pause (50 ms at most)
            }
            r = poll();
            if (r.isPresent()) {
                return r.getAsInt();
            }
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }

    /**
     * Waits on the pidfd: returns once the child has exited or {@code deadline} passed
     * ({@link Deadline#NONE}: no limit). poll(2) on a platform thread; a virtual thread parks.
     */
    private static void awaitExitFd(OwnedFd exitFd, long deadline) throws IOException {
        int fd;
        try {
            fd = exitFd.acquire();
        } catch (IllegalStateException closedMeanwhile) {
            return; // the caller polls and goes on sleeping instead
        }
        try {
            Waits.awaitFd(fd, POLLIN, deadline, exitFd);
        } finally {
            exitFd.release();
        }
    }

    private static void sleep(long nanos) throws InterruptedIOException {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a child process");
        }
    }

    /** The wait status as Python's returncode: WEXITSTATUS, or -WTERMSIG (the same bits on Linux and macOS). */
    static int decode(int status) {
        int sig = status & 0x7f;
        return sig == 0 ? (status >> 8) & 0xff : -sig;
    }

    /**
     * For a Subprocess closed, or one nobody can close any more: reap now, or at a later spawn
     * (with a warning, as Python's "subprocess N is still running"); the pidfd is closed.
     */
    void abandon() {
        try {
            if (poll().isEmpty()) {
                LOG.warn("subprocess {} is still running and its Subprocess was never closed: reaped once it exits", pid);
                ABANDONED.add(this);
            }
        } catch (ErrnoException e) {
            LOG.warn("cannot reap abandoned subprocess {}", pid, e);
        } finally {
            if (exitFd != null) {
                try {
                    exitFd.close();
                } catch (IOException ignored) {
                    // released by the kernel either way; no caller left to tell
                }
            }
        }
    }

    /** Reaps the abandoned children that have exited since. */
    static void reapAbandoned() {
        for (ChildPid c : ABANDONED) {
            try {
                if (c.poll().isPresent()) {
                    ABANDONED.remove(c);
                }
            } catch (ErrnoException e) {
                ABANDONED.remove(c);
                LOG.warn("cannot reap abandoned subprocess {}", c.pid, e);
            }
        }
    }
}
