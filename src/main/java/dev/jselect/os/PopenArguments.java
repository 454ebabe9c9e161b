package dev.jselect.os;

import dev.jselect.internal.process.ChildLaunch;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Subprocess.Builder} is: Python's keyword arguments of {@code Popen} and of {@code
 * subprocess.run}, with the three calls that take them, {@code Popen} ({@link #start()}), {@code
 * run} and {@code check_output} (both in {@link ProcessRun}). A class of its own file, as the
 * JDK's {@code AbstractStringBuilder} is {@code StringBuilder}'s, because the builder's name is
 * nested in {@link Subprocess}; its public methods are documented as the Builder's.
 */
abstract sealed class PopenArguments permits Subprocess.Builder {
    private final List<String> args;
    private Redirect stdin = Redirect.INHERIT;
    private Redirect stdout = Redirect.INHERIT;
    private Redirect stderr = Redirect.INHERIT;
    private @Nullable Path cwd;
    private @Nullable Map<String, String> env;
    private boolean shell;
    // subprocess.run's own arguments, read by ProcessRun
    byte @Nullable [] input;
    boolean captureOutput;
    @Nullable Duration timeout;
    boolean check;

    PopenArguments(List<String> args) {
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
    public Subprocess.Builder stdin(Redirect r) {
        if (r == Redirect.STDOUT) {
            throw new IllegalArgumentException("STDOUT is for stderr only");
        }
        stdin = Objects.requireNonNull(r);
        return self();
    }

    /**
     * Python's {@code stdout}: where the child's stdout goes; {@link Redirect#INHERIT} by default.
     *
     * @param r {@link Redirect#PIPE}, {@link Redirect#DEVNULL}, {@link Redirect#INHERIT} or an fd
     * @return this builder
     * @throws IllegalArgumentException for {@link Redirect#STDOUT}
     */
    public Subprocess.Builder stdout(Redirect r) {
        if (r == Redirect.STDOUT) {
            throw new IllegalArgumentException("STDOUT is for stderr only");
        }
        stdout = Objects.requireNonNull(r);
        return self();
    }

    /**
     * Python's {@code stderr}: where the child's stderr goes; {@link Redirect#STDOUT} sends it where stdout goes.
     *
     * @param r {@link Redirect#PIPE}, {@link Redirect#DEVNULL}, {@link Redirect#STDOUT}, {@link Redirect#INHERIT} or an fd
     * @return this builder
     */
    public Subprocess.Builder stderr(Redirect r) {
        stderr = Objects.requireNonNull(r);
        return self();
    }

    /**
     * The child's working directory (Python's {@code cwd}); null keeps this process's.
     *
     * @param dir the directory, or {@code null}
     * @return this builder
     */
    public Subprocess.Builder cwd(@Nullable Path dir) {
        cwd = dir;
        return self();
    }

    /**
     * The child's whole environment (Python's {@code env}); null, the default, passes this process's.
     *
     * @param environment every variable the child gets, or {@code null}
     * @return this builder
     */
    public Subprocess.Builder env(@Nullable Map<String, String> environment) {
        env = environment == null ? null : new LinkedHashMap<>(environment);
        return self();
    }

    /**
     * Python's {@code shell=True}: runs {@code /bin/sh -c} with the first argument as the
     * command line and the others as its {@code $0}, {@code $1}, ... (Python's rule for a list
     * with {@code shell=True}). {@link Subprocess#args()} stays the arguments given here.
     *
     * @param shell whether to run the command through {@code /bin/sh}
     * @return this builder
     */
    public Subprocess.Builder shell(boolean shell) {
        this.shell = shell;
        return self();
    }

    /**
     * {@code subprocess.run}'s {@code input}: written to the child's stdin, which becomes a
     * pipe (so {@link #stdin(Redirect)} must stay {@code INHERIT}); null, the default, sends
     * nothing. {@link #run()} and {@link #checkOutput()} only.
     *
     * @param input the bytes written to the child's stdin
     * @return this builder
     */
    public Subprocess.Builder input(byte @Nullable [] input) {
        this.input = input == null ? null : input.clone();
        return self();
    }

    /**
     * {@code subprocess.run}'s {@code capture_output}: stdout and stderr become pipes whose
     * contents {@link #run()} returns (so both must stay {@code INHERIT}).
     *
     * @param capture whether to capture stdout and stderr
     * @return this builder
     */
    public Subprocess.Builder captureOutput(boolean capture) {
        captureOutput = capture;
        return self();
    }

    /**
     * {@code subprocess.run}'s {@code timeout}: once it passes, {@link #run()} kills and reaps
     * the child and throws {@link TimeoutExpiredException} with the output read so far. Null,
     * the default, waits as long as the child runs.
     *
     * @param timeout how long {@code run} lets the child run; {@code null} for no limit
     * @return this builder
     */
    public Subprocess.Builder timeout(@Nullable Duration timeout) {
        this.timeout = timeout;
        return self();
    }

    /**
     * {@code subprocess.run}'s {@code check}: a non-zero status is a {@link CalledProcessException}.
     *
     * @param check whether a non-zero status throws
     * @return this builder
     */
    public Subprocess.Builder check(boolean check) {
        this.check = check;
        return self();
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
        return Objects.requireNonNull(ProcessRun.run(this, true).stdout()); // stdout is a pipe here
    }

    /**
     * Starts the child (Python's {@code Popen}); ErrnoException ENOENT when the program or the
     * working directory is not found (Python's FileNotFoundError), PermissionException when the
     * program found is not executable. The arguments of {@code run} ({@link #input(byte[])},
     * {@link #captureOutput(boolean)}, {@link #timeout(Duration)}, {@link #check(boolean)}) are
     * refused here, as Popen refuses them (IllegalArgumentException, Python's TypeError).
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
        ChildPid.reapAbandoned();
        List<String> argv = shell ? Spawner.shellArgs(args) : args;
        return new Subprocess(args, ChildLaunch.start(stdin.launchSpec(), stdout.launchSpec(), stderr.launchSpec(),
                stdio -> Spawner.spawn(argv, cwd, env, stdio)));
    }

    /** This object as what it is: the sealed class has one subclass. */
    private Subprocess.Builder self() {
        return (Subprocess.Builder) this;
    }
}
