package dev.jselect.os;

import dev.jselect.internal.sys.Syscall;
import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.Unclosed;
import dev.jselect.internal.process.ChildLaunch;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

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
 * unreachable unclosed is reaped then if its child has exited, else at a later spawn once it
 * has (Python's {@code _cleanup}, with a WARN log line as Python's "subprocess N is still
 * running"); it is not killed. Its pipe ends collected open are closed with a warning each (see
 * {@link PipeEnd}). A child that someone else reaped (SIGCHLD set to SIG_IGN, a {@code
 * waitpid(-1)} elsewhere) reports returncode 0, as in Python. Signals are sent only before the
 * reap, under the same lock, so never to a reused pid.
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

    private final List<String> args;
    private final ChildPid child;
    private final @Nullable PipeEnd stdin;
    private final @Nullable PipeEnd stdout;
    private final @Nullable PipeEnd stderr;
    private final Unclosed unclosed;
    private final Communicator communicator = new Communicator(this);

    /** The state of a child just started with {@code args}: its pid, pidfd and the parent's pipe ends. */
    Subprocess(List<String> args, ChildLaunch.Started c) {
        this.args = args;
        this.child = new ChildPid(c.pid(), c.pidfd());
        this.stdin = c.stdin() < 0 ? null : new PipeEnd(c.stdin(), "stdin pipe");
        this.stdout = c.stdout() < 0 ? null : new PipeEnd(c.stdout(), "stdout pipe");
        this.stderr = c.stderr() < 0 ? null : new PipeEnd(c.stderr(), "stderr pipe");
        // ChildPid warns itself when the child still runs (Python's "subprocess N is still running")
        this.unclosed = Unclosed.closeQuietly(this, child::abandon);
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

    /**
     * The rest of Python's Popen arguments ({@code stdin}, {@code stdout}, {@code stderr}, {@code
     * cwd}, {@code env}, {@code shell}) and those of {@code subprocess.run} ({@code input}, {@code
     * captureOutput}, {@code timeout}, {@code check}); then {@link #start()}, {@link #run()} or
     * {@link #checkOutput()}, each as often as wanted.
     */
    public static final class Builder extends PopenArguments {
        private Builder(List<String> args) {
            super(args);
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
    public @Nullable PipeEnd stdin() {
        return stdin;
    }

    /**
     * The parent's (read) end of the child's stdout pipe, or null where stdout is not a pipe.
     *
     * @return the pipe end, or {@code null}
     */
    public @Nullable PipeEnd stdout() {
        return stdout;
    }

    /**
     * The parent's (read) end of the child's stderr pipe, or null where stderr is not a pipe.
     *
     * @return the pipe end, or {@code null}
     */
    public @Nullable PipeEnd stderr() {
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
        int fd = child.exitFd();
        if (fd == ChildPid.NO_EXIT_FD) {
            String why = hasExitFd() ? "pidfd_open(2) was refused for this child" : Syscall.pidfdRefusalReason();
            throw new UnsupportedOperationException("no pidfd here: " + why + "; select on the pipes "
                    + "until end of file, then waitFor(); or call poll() between selects with a timeout");
        }
        return fd;
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
    public int waitFor(@Nullable Duration timeout) throws IOException {
        return child.waitFor(timeout, args);
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
    public Communicated communicate(byte @Nullable [] input) throws IOException {
        return communicator.communicate(input, null);
    }

    /**
     * Python {@code p.communicate(timeout=t)}: {@link #communicate(byte[], Duration)} with no input.
     *
     * @param timeout how long to wait; {@code null} waits without limit
     * @return what was read from the child's stdout and stderr
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public Communicated communicate(@Nullable Duration timeout) throws IOException {
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
    public Communicated communicate(byte @Nullable [] input, @Nullable Duration timeout) throws IOException {
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
            unclosed.close(); // closes the pidfd; the child is reaped already
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
