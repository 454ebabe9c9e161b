package dev.jselect.os;

import dev.jselect.internal.sys.ProcessCalls;
import dev.jselect.internal.sys.Constants;
import dev.jselect.ErrnoException;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.process.ChildStatus;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child's pid, ours until we reap it: the only waits are {@code waitpid(pid, WNOHANG)} on
 * this pid, never {@code waitpid(-1)}, so children of the JVM's own {@code Process} machinery
 * (whose reaper also waits pid by pid) are never taken. Reaping and signalling share one lock,
 * so a signal never reaches a pid the kernel has handed to another process after the reap.
 *
 * <p>A child whose {@link Subprocess} became unreachable unclosed is reaped by its {@link
 * #abandon()} (run by a Cleaner) when it has exited; one still running is remembered and reaped
 * by the next {@link #reapAbandoned()} (at each spawn), as Python's {@code subprocess._cleanup}
 * does, so it stays a zombie at most until then.
 */
final class ChildPid {
    private static final Logger LOG = LoggerFactory.getLogger(ChildPid.class);
    private static final int ECHILD = Constants.ECHILD;
    private static final Set<ChildPid> ABANDONED = ConcurrentHashMap.newKeySet();

    final int pid;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile @Nullable Integer returncode;

    ChildPid(int pid) {
        this.pid = pid;
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

    /** The wait status as Python's returncode: WEXITSTATUS, or -WTERMSIG (the same bits on Linux and macOS). */
    static int decode(int status) {
        int sig = status & 0x7f;
        return sig == 0 ? (status >> 8) & 0xff : -sig;
    }

    /** For a Subprocess nobody can close any more: reap now, or at a later spawn. */
    void abandon() {
        try {
            if (poll().isEmpty()) {
                LOG.warn("subprocess {} is still running and its Subprocess was never closed: reaped once it exits", pid);
                ABANDONED.add(this);
            }
        } catch (ErrnoException e) {
            LOG.warn("cannot reap abandoned subprocess {}", pid, e);
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
