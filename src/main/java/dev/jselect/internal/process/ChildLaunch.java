package dev.jselect.internal.process;

import dev.jselect.ErrnoException;
import dev.jselect.internal.OpenFile;
import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.ProcessCalls;
import dev.jselect.internal.sys.Syscall;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The one start-up path of a child: where each of its standard streams goes resolved to an fd
 * (a new pipe, {@code /dev/null}, an fd of the caller, stdout for stderr), the spawn, then the
 * child's pidfd. The child's ends of the pipes and {@code /dev/null} are closed in the parent
 * once the child has them; the parent's ends and the pidfd are returned, the caller's to own. On
 * any failure nothing stays open, and a child already started is killed and reaped: the caller
 * never learns of it.
 */
public final class ChildLaunch {
    /** The child shares this process's stream (Python's {@code None}). */
    public static final int INHERIT = -1;
    /** A new pipe; the parent's end is returned. */
    public static final int PIPE = -2;
    /** {@code /dev/null}, opened read-write once for every stream that asks for it. */
    public static final int DEVNULL = -3;
    /** For stderr only: wherever stdout goes (Python's {@code STDOUT}). */
    public static final int STDOUT = -4;

    private static final int O_RDWR = Constants.O_RDWR;
    private static final int O_CLOEXEC = Constants.O_CLOEXEC;

    private ChildLaunch() {}

    /** The spawn itself, once the fds are known: {@code stdio[i]} becomes the child's fd {@code i}, -1 inherits it. */
    @FunctionalInterface
    public interface Spawn {
        /** The new child's pid. */
        int spawn(int[] stdio) throws IOException;
    }

    /**
     * A started child: its pid, the parent's end of each pipe (-1 where that stream is no pipe)
     * and its pidfd (-1 where there is none); the caller owns and closes these fds.
     */
    public record Started(int pid, int stdin, int stdout, int stderr, int pidfd) {}

    /** True where a child can be started: posix_spawn is bound (Linux). */
    public static boolean isAvailable() {
        return PosixSpawn.isAvailable();
    }

    /**
     * Starts a child whose streams go where {@code stdin}, {@code stdout} and {@code stderr} say:
     * {@link #INHERIT}, {@link #PIPE}, {@link #DEVNULL}, {@link #STDOUT} (stderr only) or an fd
     * of the caller (0 or more, left open). The pidfd is opened where the kernel allows it; one
     * refused (ENOSYS, EPERM, EACCES: an old kernel, a sandbox) is no error, any other failure
     * kills and reaps the child and is thrown.
     */
    public static Started start(int stdin, int stdout, int stderr, Spawn spawn) throws IOException {
        if (!isAvailable()) {
            throw new UnsupportedOperationException("Subprocess needs posix_spawn, which jselect binds on Linux only, not on "
                    + Platform.osName() + ": there, use ProcessBuilder and read the child's streams on threads");
        }
        int[] stdio = {-1, -1, -1};
        int[] parentEnds = {-1, -1, -1};
        List<Integer> childEnds = new ArrayList<>(); // closed in the parent once the child has them
        int pid;
        try {
            int[] streams = {stdin, stdout, stderr};
            for (int i = 0; i < 3; i++) {
                if (streams[i] == PIPE) {
                    int[] p = FdCalls.pipe2(O_CLOEXEC);
                    int child = i == 0 ? p[0] : p[1]; // the child reads its stdin and writes the others
                    childEnds.add(child);
                    parentEnds[i] = i == 0 ? p[1] : p[0];
                    stdio[i] = child;
                }
            }
            int devnull = -1;
            for (int i = 0; i < 3; i++) {
                switch (streams[i]) {
                    case DEVNULL -> {
                        if (devnull < 0) {
                            devnull = OpenFile.open("/dev/null", O_RDWR | O_CLOEXEC);
                            childEnds.add(devnull);
                        }
                        stdio[i] = devnull;
                    }
                    case STDOUT -> stdio[i] = stdio[1] >= 0 ? stdio[1] : 1;
                    case INHERIT, PIPE -> { }
                    default -> stdio[i] = streams[i];
                }
            }
            pid = spawn.spawn(stdio);
        } catch (IOException | RuntimeException | Error e) {
            closeAll(parentEnds, e);
            throw e;
        } finally {
            for (int fd : childEnds) {
                FdCalls.close(fd);
            }
        }
        return new Started(pid, parentEnds[0], parentEnds[1], parentEnds[2], openPidfd(pid, parentEnds));
    }

    /**
     * The child's pidfd, or -1 where there is none; on any other failure the child is killed and
     * reaped. Asked of the child directly, with no probe first: a refusal is an answer here.
     */
    private static int openPidfd(int pid, int[] parentEnds) throws IOException {
        try {
            return Syscall.pidfdOpen(pid, 0);
        } catch (ErrnoException e) {
            if (e.errno() == Constants.ENOSYS || e.errno() == Constants.EPERM || e.errno() == Constants.EACCES
                    || Syscall.pidfdRefusal() != 0) {
                return -1; // refused (a sandbox, an old kernel, whatever errno it chose): the pidfd is optional
            }
            closeAll(parentEnds, e);
            killAndReap(pid, e);
            throw e;
        }
    }

    /** SIGKILL and waitpid of a child nobody else knows of yet; failures are added to {@code reported}. */
    private static void killAndReap(int pid, Throwable reported) {
        try {
            ProcessCalls.kill(pid, Constants.SIGKILL);
            while (ChildStatus.poll(pid) == ChildStatus.RUNNING) {
                LockSupport.parkNanos(1_000_000); // SIGKILL cannot be caught: a few ms at most
            }
        } catch (ErrnoException e) {
            reported.addSuppressed(e);
        }
    }

    private static void closeAll(int[] fds, Throwable reported) {
        for (int fd : fds) {
            if (fd >= 0) {
                try {
                    FdCalls.close(fd);
                } catch (ErrnoException e) {
                    reported.addSuppressed(e);
                }
            }
        }
    }
}
