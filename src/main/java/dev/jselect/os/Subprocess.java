package dev.jselect.os;

import dev.jselect.internal.sys.ProcessCalls;
import dev.jselect.internal.sys.SignalInterrupt;
import dev.jselect.internal.sys.Syscall;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.sys.Constants;
import dev.jselect.ErrnoException;
import dev.jselect.internal.Deadline;
import dev.jselect.internal.wait.Waits;
import dev.jselect.internal.OpenFile;
import dev.jselect.internal.OwnedFd;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.process.PosixSpawn;
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
 * <p><b>Everyday calls.</b> {@link #checkOutput(List)}, {@link Builder#run()} (with {@code input},
 * {@code captureOutput}, {@code timeout}, {@code check}) and {@link #communicate(byte[], Duration)}
 * are Python's {@code check_output}, {@code run} and {@code communicate}: one selector over the
 * pipes, so nothing deadlocks however much the child reads and writes. {@link Builder#shell(boolean)}
 * is {@code shell=True}.
 *
 * <p><b>Starting.</b> posix_spawn(3), never fork. In the child the fds are dup2'd onto 0-2,
 * every other fd is closed (Python's {@code close_fds=True}), the signal mask is emptied and every
 * disposition reset to its default, then the program is executed. The program is looked
 * up in the PATH of the child's environment, as Python does. Linux only: elsewhere {@link
 * Builder#start()} throws {@link UnsupportedOperationException} (on macOS, start the child with
 * {@code ProcessBuilder} and read its streams on threads).
 *
 * <p><b>Waiting.</b> {@link #exitFd()} (Linux 5.3+, where no sandbox refuses pidfd_open) is a pidfd that polls readable
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
    private final Communicator communicator = new Communicator(this);

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

    /**
     * Python {@code Popen(args)}: every stream inherited.
     *
     * @param args the program and its arguments
     * @return the running child
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static Subprocess popen(List<String> args) throws IOException {
        return builder(args).start();
    }

    /**
     * Python {@code Popen(args, stdin=..., stdout=..., stderr=...)}.
     *
     * @param args the program and its arguments
     * @param stdin where the child's stdin comes from
     * @param stdout where the child's stdout goes
     * @param stderr where the child's stderr goes
     * @return the running child
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static Subprocess popen(List<String> args, Redirect stdin, Redirect stdout, Redirect stderr) throws IOException {
        return builder(args).stdin(stdin).stdout(stdout).stderr(stderr).start();
    }

    /**
     * A builder for the rest of Popen's arguments ({@code cwd}, {@code env}, {@code shell}) and
     * of {@code subprocess.run}'s ({@code input}, {@code capture_output}, {@code timeout}, {@code check}).
     *
     * @param args the program and its arguments
     * @return a builder for the command
     */
    public static Builder builder(List<String> args) {
        return new Builder(args);
    }

    /**
     * {@link #builder(List)} of {@code args}.
     *
     * @param args the program and its arguments
     * @return a builder for the command
     */
    public static Builder builder(String... args) {
        return new Builder(List.of(args));
    }

    /**
     * Python {@code subprocess.run(args)}: every stream inherited, nothing checked; see {@link Builder#run()}.
     *
     * @param args the program and its arguments
     * @return the finished child's arguments, returncode and captured output
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static CompletedProcess run(List<String> args) throws IOException {
        return builder(args).run();
    }

    /**
     * {@link #run(List)} of {@code args}.
     *
     * @param args the program and its arguments
     * @return the finished child's arguments, returncode and captured output
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static CompletedProcess run(String... args) throws IOException {
        return builder(args).run();
    }

    /**
     * Python {@code subprocess.check_output(args)}: the child's stdout once it has exited with
     * status 0; {@link CalledProcessException} (with the output) for any other status. See
     * {@link Builder#checkOutput()} for input, timeout and the rest.
     *
     * @param args the program and its arguments
     * @return what the child wrote to its stdout
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static byte[] checkOutput(List<String> args) throws IOException {
        return builder(args).checkOutput();
    }

    /**
     * {@link #checkOutput(List)} of {@code args}.
     *
     * @param args the program and its arguments
     * @return what the child wrote to its stdout
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static byte[] checkOutput(String... args) throws IOException {
        return builder(args).checkOutput();
    }

    /**
     * True where {@link #exitFd()} works: Linux 5.3 or newer whose pidfd_open(2) is not refused by
     * a sandbox (asked of the kernel once, whatever the C library's version).
     *
     * @return whether {@link #exitFd()} works here
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
        private boolean shell;
        // subprocess.run's own arguments, read by ProcessRun
        byte[] input;
        boolean captureOutput;
        Duration timeout;
        boolean check;

        private Builder(List<String> args) {
            if (args.isEmpty()) {
                throw new IllegalArgumentException("empty argument list");
            }
            this.args = List.copyOf(args); // rejects null elements
        }

        /**
         * Python's {@code stdin}: where the child's stdin comes from; {@link Redirect#INHERIT} by default.
         *
         * @param r {@link Redirect#PIPE}, {@link Redirect#DEVNULL}, {@link Redirect#INHERIT} or an fd
         * @return this builder
         * @throws IllegalArgumentException for {@link Redirect#STDOUT}
         */
        public Builder stdin(Redirect r) {
            if (r == STDOUT) {
                throw new IllegalArgumentException("STDOUT is for stderr only");
            }
            stdin = Objects.requireNonNull(r);
            return this;
        }

        /**
         * Python's {@code stdout}: where the child's stdout goes; {@link Redirect#INHERIT} by default.
         *
         * @param r {@link Redirect#PIPE}, {@link Redirect#DEVNULL}, {@link Redirect#INHERIT} or an fd
         * @return this builder
         * @throws IllegalArgumentException for {@link Redirect#STDOUT}
         */
        public Builder stdout(Redirect r) {
            if (r == STDOUT) {
                throw new IllegalArgumentException("STDOUT is for stderr only");
            }
            stdout = Objects.requireNonNull(r);
            return this;
        }

        /**
         * Python's {@code stderr}: where the child's stderr goes; {@link Redirect#STDOUT} sends it where stdout goes.
         *
         * @param r {@link Redirect#PIPE}, {@link Redirect#DEVNULL}, {@link Redirect#STDOUT}, {@link Redirect#INHERIT} or an fd
         * @return this builder
         */
        public Builder stderr(Redirect r) {
            stderr = Objects.requireNonNull(r);
            return this;
        }

        /**
         * The child's working directory (Python's {@code cwd}); null keeps this process's.
         *
         * @param dir the directory, or {@code null}
         * @return this builder
         */
        public Builder cwd(Path dir) {
            cwd = dir;
            return this;
        }

        /**
         * The child's whole environment (Python's {@code env}); null, the default, passes this process's.
         *
         * @param environment every variable the child gets, or {@code null}
         * @return this builder
         */
        public Builder env(Map<String, String> environment) {
            env = environment == null ? null : new LinkedHashMap<>(environment);
            return this;
        }

        /**
         * Python's {@code shell=True}: runs {@code /bin/sh -c} with the first argument as the
         * command line and the others as its {@code $0}, {@code $1}, ... (Python's rule for a list
         * with {@code shell=True}). {@link Subprocess#args()} stays the arguments given here.
         *
         * @param shell whether to run the command through {@code /bin/sh}
         * @return this builder
         */
        public Builder shell(boolean shell) {
            this.shell = shell;
            return this;
        }

        /**
         * {@code subprocess.run}'s {@code input}: written to the child's stdin, which becomes a
         * pipe (so {@link #stdin(Redirect)} must stay {@code INHERIT}); null, the default, sends
         * nothing. {@link #run()} and {@link #checkOutput()} only.
         *
         * @param input the bytes written to the child's stdin
         * @return this builder
         */
        public Builder input(byte[] input) {
            this.input = input == null ? null : input.clone();
            return this;
        }

        /**
         * {@code subprocess.run}'s {@code capture_output}: stdout and stderr become pipes whose
         * contents {@link #run()} returns (so both must stay {@code INHERIT}).
         *
         * @param capture whether to capture stdout and stderr
         * @return this builder
         */
        public Builder captureOutput(boolean capture) {
            captureOutput = capture;
            return this;
        }

        /**
         * {@code subprocess.run}'s {@code timeout}: once it passes, {@link #run()} kills and reaps
         * the child and throws {@link TimeoutExpiredException} with the output read so far. Null,
         * the default, waits as long as the child runs.
         *
         * @param timeout how long {@code run} lets the child run; {@code null} for no limit
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * {@code subprocess.run}'s {@code check}: a non-zero status is a {@link CalledProcessException}.
         *
         * @param check whether a non-zero status throws
         * @return this builder
         */
        public Builder check(boolean check) {
            this.check = check;
            return this;
        }

        /**
         * Python {@code subprocess.run(args, ...)}: starts the child, writes {@link #input(byte[])}
         * and reads the captured pipes as {@link Subprocess#communicate(byte[], Duration)} does,
         * waits for the exit and returns it all. {@link TimeoutExpiredException} once {@link
         * #timeout(Duration)} passes (the child killed and reaped first, the output read so far in
         * the exception); {@link CalledProcessException} for a non-zero status with {@link
         * #check(boolean) check(true)}. Input with a stdin redirect, or captureOutput with a stdout
         * or stderr redirect, is an {@link IllegalArgumentException} (Python's ValueError).
         *
         * @return the finished child's arguments, returncode and captured output
         * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
         */
        public CompletedProcess run() throws IOException {
            return ProcessRun.run(this, false);
        }

        /**
         * Python {@code subprocess.check_output(args, ...)}: {@link #run()} with stdout a pipe and
         * {@code check(true)}; the child's stdout. A stdout redirect is an {@link
         * IllegalArgumentException} (Python: "stdout argument not allowed").
         *
         * @return what the child wrote to its stdout
         * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
         */
        public byte[] checkOutput() throws IOException {
            return ProcessRun.run(this, true).stdout();
        }

        /**
         * Starts the child (Python's {@code Popen}); ErrnoException ENOENT when the program or the
         * working directory is not found (Python's FileNotFoundError), PermissionException when the
         * program found is not executable. The arguments of {@code run} ({@link #input}, {@link
         * #captureOutput}, {@link #timeout}, {@link #check}) are refused here, as Popen refuses them
         * (IllegalArgumentException, Python's TypeError).
         *
         * @return the running child
         * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
         */
        public Subprocess start() throws IOException {
            if (input != null || captureOutput || timeout != null || check) {
                throw new IllegalArgumentException("input, captureOutput, timeout and check are arguments of run(), not of start()");
            }
            return start(stdin, stdout, stderr);
        }

        Redirect stdin() {
            return stdin;
        }

        Redirect stdout() {
            return stdout;
        }

        Redirect stderr() {
            return stderr;
        }

        /** Starts the child with these streams in place of the builder's. */
        Subprocess start(Redirect stdin, Redirect stdout, Redirect stderr) throws IOException {
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
                pid = Spawner.spawn(shell ? shellArgs(args) : args, cwd, env, stdio);
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

        /** Python's {@code [unix_shell, "-c"] + args}. */
        private static List<String> shellArgs(List<String> args) {
            List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c"));
            argv.addAll(args);
            return argv;
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

    /**
     * The arguments as given (with {@code shell(true)}, without the {@code /bin/sh -c} in front), Python's {@code p.args}.
     *
     * @return the arguments, unmodifiable
     */
    public List<String> args() {
        return args;
    }

    /**
     * Python's {@code p.pid}: the child's process id.
     *
     * @return the child's pid
     */
    public int pid() {
        return child.pid;
    }

    /**
     * The parent's (write) end of the child's stdin pipe, or null where stdin is not a pipe (Python's {@code p.stdin}).
     *
     * @return the pipe end, or {@code null}
     */
    public PipeEnd stdin() {
        return stdin;
    }

    /**
     * The parent's (read) end of the child's stdout pipe, or null where stdout is not a pipe.
     *
     * @return the pipe end, or {@code null}
     */
    public PipeEnd stdout() {
        return stdout;
    }

    /**
     * The parent's (read) end of the child's stderr pipe, or null where stderr is not a pipe.
     *
     * @return the pipe end, or {@code null}
     */
    public PipeEnd stderr() {
        return stderr;
    }

    /**
     * {@code stdin().fileno()}: -1 where stdin is not a pipe or its end was closed.
     *
     * @return the fd, or -1
     */
    public int stdinFd() {
        return stdin == null ? -1 : stdin.fileno();
    }

    /**
     * {@code stdout().fileno()}: -1 where stdout is not a pipe or its end was closed.
     *
     * @return the fd, or -1
     */
    public int stdoutFd() {
        return stdout == null ? -1 : stdout.fileno();
    }

    /**
     * {@code stderr().fileno()}: -1 where stderr is not a pipe or its end was closed.
     *
     * @return the fd, or -1
     */
    public int stderrFd() {
        return stderr == null ? -1 : stderr.fileno();
    }

    /**
     * A pidfd of the child (pidfd_open(2)): polls readable (POLLIN, EPOLLIN, EVENT_READ) once the
     * child has exited, and stays so; {@link #poll()} then reaps it. Owned by this object and
     * closed by {@link #close()} (then -1). {@link UnsupportedOperationException} where {@link
     * #hasExitFd()} is false; see the class comment for what to do there.
     *
     * @return the pidfd, or -1 after close
     */
    public int exitFd() {
        if (exitFd == null) {
            String why = hasExitFd() ? "pidfd_open(2) was refused for this child" : Syscall.pidfdRefusalReason();
            throw new UnsupportedOperationException("no pidfd here: " + why + "; select on the pipes "
                    + "until end of file, then waitFor(); or call poll() between selects with a timeout");
        }
        return exitFd.fileno();
    }

    /**
     * Python {@code p.poll()}: reaps the child if it has exited (never blocks); its returncode, or empty.
     *
     * @return the returncode, or empty while the child runs
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public OptionalInt poll() throws IOException {
        return child.poll();
    }

    /**
     * Python {@code p.returncode}: empty until a poll or wait has reaped the child; -N when signal N ended it.
     *
     * @return the returncode, or empty
     */
    public OptionalInt returncode() {
        return child.returncode();
    }

    /**
     * Python {@code p.wait()}: blocks until the child exits; its returncode.
     *
     * @return the returncode
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int waitFor() throws IOException {
        return waitFor(null);
    }

    /**
     * Python {@code p.wait(timeout)}: the returncode once the child has exited; {@link
     * TimeoutExpiredException} when {@code timeout} passes first (the child keeps running). Null
     * waits as long as it takes; zero or negative only polls.
     *
     * @param timeout how long to wait; {@code null} waits without limit, zero or negative only polls
     * @return the returncode
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int waitFor(Duration timeout) throws IOException {
        OptionalInt r = child.poll();
        if (r.isPresent()) {
            return r.getAsInt();
        }
        long deadline = timeout == null ? Deadline.NONE : Deadline.fromNow(Math.max(0, saturatedNanos(timeout)));
        long pause = 500_000; // Python's first delay, 0.5 ms
        for (;;) {
            if (Deadline.expired(deadline)) {
                throw new TimeoutExpiredException(args, timeout);
            }
            if (exitFd != null && !exitFd.isClosed()) {
                awaitExitFd(deadline);
            } else {
                pause = Math.min(Math.min(pause * 2, MAX_PAUSE_NANOS), Deadline.remaining(deadline, 1));
                sleep(pause);
                SignalInterrupt.raiseIfPending(); // a handler's exception ends this wait within one pause (50 ms at most)
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
     * Waits on the pidfd: returns once the child has exited or {@code deadline} passed
     * ({@link Deadline#NONE}: no limit). poll(2) on a platform thread; a virtual thread parks.
     */
    private void awaitExitFd(long deadline) throws IOException {
        int fd;
        try {
            fd = exitFd.acquire();
        } catch (IllegalStateException closedMeanwhile) {
            return; // the caller polls and goes on sleeping instead
        }
        try {
            Waits.awaitFd(fd, POLLIN, deadline, null);
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

    /**
     * Python {@code p.communicate()}: {@link #communicate(byte[], Duration)} with no input and no timeout.
     *
     * @return what was read from the child's stdout and stderr
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public Communicated communicate() throws IOException {
        return communicator.communicate(null, null);
    }

    /**
     * Python {@code p.communicate(input)}: {@link #communicate(byte[], Duration)} with no timeout.
     *
     * @param input the bytes written to the child's stdin
     * @return what was read from the child's stdout and stderr
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public Communicated communicate(byte[] input) throws IOException {
        return communicator.communicate(input, null);
    }

    /**
     * Python {@code p.communicate(timeout=t)}: {@link #communicate(byte[], Duration)} with no input.
     *
     * @param timeout how long to wait; {@code null} waits without limit
     * @return what was read from the child's stdout and stderr
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public Communicated communicate(Duration timeout) throws IOException {
        return communicator.communicate(null, timeout);
    }

    /**
     * Python {@code p.communicate(input, timeout)}: writes {@code input} to the child's stdin and
     * closes it (at once when there is no input), reads stdout and stderr until end of file,
     * waits for the exit; what was read, null for a stream that is not a pipe. One selector
     * watches all the pipes, so a child that writes much while it reads much never deadlocks;
     * input goes in PIPE_BUF pieces and a child that stops reading its stdin (EPIPE) is no error.
     * Once {@code timeout} (null: none) passes, {@link TimeoutExpiredException} with what was read
     * so far ({@code output()}, {@code stderr()}); the child runs on, and a later call (after
     * {@link #kill()}, say) goes on where this one stopped (the rest of the input too) and
     * returns everything read since the first. Input on a later call is an
     * IllegalArgumentException (Python's ValueError). The pipe ends are closed as they reach end
     * of file; the caller should not read them meanwhile. Works on virtual threads (the selector
     * parks them).
     *
     * @param input the bytes written to the child's stdin
     * @param timeout how long to wait; {@code null} waits without limit
     * @return what was read from the child's stdout and stderr
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public Communicated communicate(byte[] input, Duration timeout) throws IOException {
        return communicator.communicate(input, timeout);
    }

    /**
     * Python {@code p.send_signal(sig)}: nothing once the child has been reaped.
     *
     * @param sig a signal number
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void sendSignal(int sig) throws IOException {
        child.signal(sig);
    }

    /**
     * Python {@code p.terminate()}: SIGTERM.
     *
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void terminate() throws IOException {
        sendSignal(Constants.SIGTERM);
    }

    /**
     * Python {@code p.kill()}: SIGKILL.
     *
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
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
