package dev.jselect.os;

import dev.jselect.internal.ProcessCalls;
import dev.jselect.internal.Syscall;
import dev.jselect.internal.FdCalls;
import dev.jselect.internal.Constants;
import dev.jselect.ErrnoException;
import dev.jselect.internal.IoWait;
import dev.jselect.internal.OpenFile;
import dev.jselect.internal.OwnedFd;
import dev.jselect.internal.Platform;
import dev.jselect.internal.PosixSpawn;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.locks.LockSupport;

/**
 * A child process whose pipes are fds: Python's {@code subprocess.Popen}, for select loops.
 * Each of stdin, stdout and stderr is inherited, a new pipe, {@code /dev/null}, an fd of the
 * caller, or (stderr) merged into stdout; see {@link Redirect}. A pipe's parent end is
 * {@link #stdinFd()}/{@link #stdoutFd()}/{@link #stderrFd()} (-1 where that stream is not a
 * pipe), and {@link #stdin()}/{@link #stdout()}/{@link #stderr()} as a {@link PipeEnd}, a
 * {@code HasFileno} for {@code register}/{@code select}. Pipes start blocking, as Python's do.
 *
 * <pre>{@code
 * try (Subprocess p = Subprocess.popen(List.of("ls", "-l"), Subprocess.INHERIT, Subprocess.PIPE, Subprocess.STDOUT)) {
 *     selector.register(p.stdout(), Selectors.EVENT_READ);
 *     ...
 * }   // closes the parent's ends and waits for the child, as Python's "with Popen(...)"
 * }</pre>
 *
 * <p><b>Starting.</b> posix_spawn(3), never fork. In the child the fds are dup2'd onto 0-2,
 * every other fd is closed (Python's {@code close_fds=True}), the signal mask is emptied and every
 * disposition reset to its default, then the program is executed. The program is looked
 * up in the PATH of the child's environment, as Python does. Linux only: elsewhere {@link
 * Builder#start()} throws {@link UnsupportedOperationException} (on macOS, start the child with
 * {@code ProcessBuilder} and read its streams on threads).
 *
 * <p><b>Waiting.</b> {@link #exitFd()} (Linux 5.3+, glibc 2.36+) is a pidfd that polls readable
 * once the child has exited, so one select loop can wait for output and exit together; then
 * {@link #poll()} reaps without blocking. Where there is no pidfd, a loop selects on the pipes
 * until end of file and then calls {@link #waitFor(Duration)}, or calls {@link #poll()} between
 * selects with a timeout. {@link #waitFor(Duration)} sleeps on the pidfd where there is one, else
 * polls with a growing pause (at most 50 ms), as Python's {@code wait(timeout)} does.
 *
 * <p><b>Reaping.</b> Only {@code waitpid(pid, WNOHANG)} of this child's own pid, never {@code
 * waitpid(-1)}: the JDK's process reaper waits pid by pid for the {@code Process}es it started,
 * so neither takes the other's children ({@code ProcessHandle.of(pid).onExit()} on one of ours
 * only observes, with {@code WNOWAIT}). {@link #close()} reaps. A Subprocess that becomes
 * unreachable unclosed is reaped by a Cleaner if its child has exited, else at a later spawn
 * once it has (Python's {@code _cleanup}); it is not killed. A child that someone else reaped
 * (SIGCHLD set to SIG_IGN, a {@code waitpid(-1)} elsewhere) reports returncode 0, as in Python.
 * Signals are sent only before the reap, under the same lock, so never to a reused pid.
 */
public final class Subprocess implements AutoCloseable {
    /** Python's {@code None}: inherit the stream. */
    public static final Redirect INHERIT = Redirect.INHERIT;
    /** Python's {@code subprocess.PIPE}. */
    public static final Redirect PIPE = Redirect.PIPE;
    /** Python's {@code subprocess.DEVNULL}. */
    public static final Redirect DEVNULL = Redirect.DEVNULL;
    /** Python's {@code subprocess.STDOUT}: stderr goes where stdout goes. */
    public static final Redirect STDOUT = Redirect.STDOUT;

    static final Cleaner CLEANER = Cleaner.create();

    private static final int O_RDWR = Constants.O_RDWR;
    private static final int O_CLOEXEC = Constants.O_CLOEXEC;
    private static final int POLLIN = Constants.POLLIN;
    private static final long MAX_PAUSE_NANOS = 50_000_000;

    private final List<String> args;
    private final ChildPid child;
    private final PipeEnd stdin;
    private final PipeEnd stdout;
    private final PipeEnd stderr;
    private final OwnedFd exitFd; // null without pidfd_open
    private final Cleaner.Cleanable cleanable;

    private Subprocess(List<String> args, ChildPid child, PipeEnd stdin, PipeEnd stdout, PipeEnd stderr, OwnedFd exitFd) {
        this.args = args;
        this.child = child;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.exitFd = exitFd;
        this.cleanable = CLEANER.register(this, () -> {
            child.abandon();
            if (exitFd != null) {
                try {
                    exitFd.close();
                } catch (IOException ignored) {
                    // released by the kernel either way; no caller left to tell
                }
            }
        });
    }

    /** Python {@code Popen(args)}: every stream inherited. */
    public static Subprocess popen(List<String> args) throws IOException {
        return builder(args).start();
    }

    /** Python {@code Popen(args, stdin=..., stdout=..., stderr=...)}. */
    public static Subprocess popen(List<String> args, Redirect stdin, Redirect stdout, Redirect stderr) throws IOException {
        return builder(args).stdin(stdin).stdout(stdout).stderr(stderr).start();
    }

    /** A builder for the rest of Popen's arguments: {@code cwd}, {@code env}. */
    public static Builder builder(List<String> args) {
        return new Builder(args);
    }

    public static Builder builder(String... args) {
        return new Builder(List.of(args));
    }

    /**
     * True where {@link #exitFd()} works: Linux 5.3 or newer whose pidfd_open(2) is not refused by
     * a sandbox (asked of the kernel once, whatever the C library's version).
     */
    public static boolean hasExitFd() {
        return Syscall.pidfdRefusal() == 0;
    }

    /** The rest of Python's Popen arguments; {@link #start()} may be called more than once. */
    public static final class Builder {
        private final List<String> args;
        private Redirect stdin = INHERIT;
        private Redirect stdout = INHERIT;
        private Redirect stderr = INHERIT;
        private Path cwd;
        private Map<String, String> env;

        private Builder(List<String> args) {
            if (args.isEmpty()) {
                throw new IllegalArgumentException("empty argument list");
            }
            this.args = List.copyOf(args); // rejects null elements
        }

        public Builder stdin(Redirect r) {
            if (r == STDOUT) {
                throw new IllegalArgumentException("STDOUT is for stderr only");
            }
            stdin = Objects.requireNonNull(r);
            return this;
        }

        public Builder stdout(Redirect r) {
            if (r == STDOUT) {
                throw new IllegalArgumentException("STDOUT is for stderr only");
            }
            stdout = Objects.requireNonNull(r);
            return this;
        }

        public Builder stderr(Redirect r) {
            stderr = Objects.requireNonNull(r);
            return this;
        }

        /** The child's working directory (Python's {@code cwd}); null keeps this process's. */
        public Builder cwd(Path dir) {
            cwd = dir;
            return this;
        }

        /** The child's whole environment (Python's {@code env}); null, the default, passes this process's. */
        public Builder env(Map<String, String> environment) {
            env = environment == null ? null : new LinkedHashMap<>(environment);
            return this;
        }

        /** Starts the child; ErrnoException ENOENT when the program is not found, as Python's FileNotFoundError. */
        public Subprocess start() throws IOException {
            if (!PosixSpawn.isAvailable()) {
                throw new UnsupportedOperationException("Subprocess needs posix_spawn, which jselect binds on Linux only, not on "
                        + Platform.osName() + ": there, use ProcessBuilder and read the child's streams on threads");
            }
            ChildPid.reapAbandoned();
            int[] stdio = {-1, -1, -1};
            List<Integer> childEnds = new ArrayList<>(); // closed in the parent once the child has them
            List<PipeEnd> parentEnds = new ArrayList<>();
            PipeEnd in = null;
            PipeEnd out = null;
            PipeEnd err = null;
            int pid;
            try {
                if (stdin.kind == Redirect.Kind.PIPE) {
                    int[] p = FdCalls.pipe2(O_CLOEXEC);
                    childEnds.add(p[0]);
                    stdio[0] = p[0];
                    parentEnds.add(in = new PipeEnd(p[1], "stdin pipe"));
                }
                if (stdout.kind == Redirect.Kind.PIPE) {
                    int[] p = FdCalls.pipe2(O_CLOEXEC);
                    childEnds.add(p[1]);
                    stdio[1] = p[1];
                    parentEnds.add(out = new PipeEnd(p[0], "stdout pipe"));
                }
                if (stderr.kind == Redirect.Kind.PIPE) {
                    int[] p = FdCalls.pipe2(O_CLOEXEC);
                    childEnds.add(p[1]);
                    stdio[2] = p[1];
                    parentEnds.add(err = new PipeEnd(p[0], "stderr pipe"));
                }
                int devnull = -1;
                Redirect[] redirects = {stdin, stdout, stderr};
                for (int i = 0; i < 3; i++) {
                    switch (redirects[i].kind) {
                        case DEVNULL -> {
                            if (devnull < 0) {
                                devnull = openDevNull();
                                childEnds.add(devnull);
                            }
                            stdio[i] = devnull;
                        }
                        case FD -> stdio[i] = redirects[i].fd;
                        case STDOUT -> stdio[i] = stdio[1] >= 0 ? stdio[1] : 1;
                        case INHERIT, PIPE -> { }
                    }
                }
                pid = Spawner.spawn(args, cwd, env, stdio);
            } catch (IOException | RuntimeException | Error e) {
                for (PipeEnd end : parentEnds) {
                    closeQuietly(end, e);
                }
                throw e;
            } finally {
                for (int fd : childEnds) {
                    FdCalls.close(fd);
                }
            }
            ChildPid child = new ChildPid(pid);
            return new Subprocess(args, child, in, out, err, openExitFd(child, parentEnds));
        }

        private static int openDevNull() throws ErrnoException {
            return OpenFile.open("/dev/null", O_RDWR | O_CLOEXEC);
        }

        /** The child's pidfd, or null where there is none; on any other failure the child is killed and reaped. */
        private OwnedFd openExitFd(ChildPid child, List<PipeEnd> parentEnds) throws IOException {
            if (!hasExitFd()) {
                return null;
            }
            try {
                return new OwnedFd(Syscall.pidfdOpen(child.pid, 0), "pidfd");
            } catch (ErrnoException e) {
                if (e.errno() == Constants.ENOSYS || e.errno() == Constants.EPERM || e.errno() == Constants.EACCES) {
                    return null; // refused (a sandbox, an old kernel): the pidfd is optional
                }
                for (PipeEnd end : parentEnds) {
                    closeQuietly(end, e);
                }
                child.signal(Constants.SIGKILL);
                while (child.poll().isEmpty()) {
                    LockSupport.parkNanos(1_000_000); // SIGKILL cannot be caught: a few ms at most
                }
                throw e;
            }
        }
    }

    private static void closeQuietly(AutoCloseable c, Throwable reported) {
        try {
            c.close();
        } catch (Exception e) {
            reported.addSuppressed(e);
        }
    }

    /** The arguments the child was started with. */
    public List<String> args() {
        return args;
    }

    public int pid() {
        return child.pid;
    }

    /** The parent's (write) end of the child's stdin pipe, or null where stdin is not a pipe (Python's {@code p.stdin}). */
    public PipeEnd stdin() {
        return stdin;
    }

    /** The parent's (read) end of the child's stdout pipe, or null where stdout is not a pipe. */
    public PipeEnd stdout() {
        return stdout;
    }

    /** The parent's (read) end of the child's stderr pipe, or null where stderr is not a pipe. */
    public PipeEnd stderr() {
        return stderr;
    }

    /** {@code stdin().fileno()}: -1 where stdin is not a pipe or its end was closed. */
    public int stdinFd() {
        return stdin == null ? -1 : stdin.fileno();
    }

    public int stdoutFd() {
        return stdout == null ? -1 : stdout.fileno();
    }

    public int stderrFd() {
        return stderr == null ? -1 : stderr.fileno();
    }

    /**
     * A pidfd of the child (pidfd_open(2)): polls readable (POLLIN, EPOLLIN, EVENT_READ) once the
     * child has exited, and stays so; {@link #poll()} then reaps it. Owned by this object and
     * closed by {@link #close()} (then -1). {@link UnsupportedOperationException} where {@link
     * #hasExitFd()} is false; see the class comment for what to do there.
     */
    public int exitFd() {
        if (exitFd == null) {
            throw new UnsupportedOperationException("no pidfd here: " + Syscall.pidfdRefusalReason() + "; select on the pipes "
                    + "until end of file, then waitFor(); or call poll() between selects with a timeout");
        }
        return exitFd.fileno();
    }

    /** Python {@code p.poll()}: reaps the child if it has exited (never blocks); its returncode, or empty. */
    public OptionalInt poll() throws IOException {
        return child.poll();
    }

    /** Python {@code p.returncode}: empty until a poll or wait has reaped the child; -N when signal N ended it. */
    public OptionalInt returncode() {
        return child.returncode();
    }

    /** Python {@code p.wait()}: blocks until the child exits; its returncode. */
    public int waitFor() throws IOException {
        return waitFor(null);
    }

    /**
     * Python {@code p.wait(timeout)}: the returncode once the child has exited; {@link
     * TimeoutExpiredException} when {@code timeout} passes first (the child keeps running). Null
     * waits as long as it takes; zero or negative only polls.
     */
    public int waitFor(Duration timeout) throws IOException {
        OptionalInt r = child.poll();
        if (r.isPresent()) {
            return r.getAsInt();
        }
        long start = System.nanoTime();
        long limit = timeout == null ? Long.MAX_VALUE : Math.max(0, saturatedNanos(timeout));
        long pause = 500_000; // Python's first delay, 0.5 ms
        for (;;) {
            long left = limit == Long.MAX_VALUE ? Long.MAX_VALUE : limit - (System.nanoTime() - start);
            if (left <= 0) {
                throw new TimeoutExpiredException(args, timeout);
            }
            if (exitFd != null && !exitFd.isClosed()) {
                awaitExitFd(left);
            } else {
                pause = Math.min(Math.min(pause * 2, MAX_PAUSE_NANOS), left);
                sleep(pause);
            }
            r = child.poll();
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
     * Waits on the pidfd: returns once the child has exited or {@code nanos} passed
     * (Long.MAX_VALUE: no limit). poll(2) on a platform thread; a virtual thread parks.
     */
    private void awaitExitFd(long nanos) throws IOException {
        int fd;
        try {
            fd = exitFd.acquire();
        } catch (IllegalStateException closedMeanwhile) {
            return; // the caller polls and goes on sleeping instead
        }
        try {
            boolean timed = nanos != Long.MAX_VALUE;
            IoWait.await(null, fd, POLLIN, timed, timed ? IoWait.deadlineAfter(nanos) : IoWait.NO_DEADLINE);
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

    /** Python {@code p.send_signal(sig)}: nothing once the child has been reaped. */
    public void sendSignal(int sig) throws IOException {
        child.signal(sig);
    }

    /** Python {@code p.terminate()}: SIGTERM. */
    public void terminate() throws IOException {
        sendSignal(Constants.SIGTERM);
    }

    /** Python {@code p.kill()}: SIGKILL. */
    public void kill() throws IOException {
        sendSignal(Constants.SIGKILL);
    }

    /**
     * Python's {@code with Popen(...)} exit: closes the parent's pipe ends (stdout, stderr, then
     * stdin: the child sees end of file), waits for the child to exit and reaps it, and closes
     * the pidfd. Waits as long as the child runs: {@link #kill()} first to not wait. Idempotent.
     */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (PipeEnd end : new PipeEnd[] {stdout, stderr, stdin}) {
            if (end != null) {
                try {
                    end.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
        }
        try {
            waitFor(null);
        } finally {
            cleanable.clean(); // closes the pidfd; the child is reaped already
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        OptionalInt r = returncode();
        return "Subprocess[pid=" + pid() + ", args=" + args + (r.isPresent() ? ", returncode=" + r.getAsInt() : "") + "]";
    }
}
