package dev.jselect.os;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code subprocess.TimeoutExpired}: {@link Subprocess#waitFor(Duration)}, {@link
 * Subprocess#communicate(byte[], Duration)} or {@link Subprocess.Builder#run()} ran out of time.
 * After waitFor and communicate the child still runs; run has killed and reaped it.
 * {@link #output()} and {@link #stderr()} are what communicate read before the timeout.
 */
public final class TimeoutExpiredException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The command. */
    private final String[] cmd; // an array, not a List, so the exception stays serializable
    /** The timeout that passed. */
    private final Duration timeout;
    /** What was read from the child's stdout, or null. */
    private final byte @Nullable [] output;
    /** What was read from the child's stderr, or null. */
    private final byte @Nullable [] stderr;

    /**
     * The exception for {@code cmd} still running after {@code timeout}, with nothing read.
     *
     * @param cmd the command that ran
     * @param timeout the timeout that passed
     */
    public TimeoutExpiredException(List<String> cmd, Duration timeout) {
        this(cmd, timeout, null, null);
    }

    /**
     * The exception for {@code cmd} still running after {@code timeout}; {@code output} and {@code stderr} were read, or null.
     *
     * @param cmd the command that ran
     * @param timeout the timeout that passed
     * @param output what was read from the child's stdout, or {@code null}
     * @param stderr what was read from the child's stderr, or {@code null}
     */
    public TimeoutExpiredException(List<String> cmd, Duration timeout, byte @Nullable [] output, byte @Nullable [] stderr) {
        super("Command '" + PythonRepr.list(cmd) + "' timed out after " + (timeout.getSeconds() + timeout.getNano() / 1e9) + " seconds");
        this.cmd = cmd.toArray(String[]::new);
        this.timeout = timeout;
        this.output = output;
        this.stderr = stderr;
    }

    /**
     * The command that ran out of time.
     *
     * @return the command, an unmodifiable list
     */
    public List<String> cmd() {
        return List.of(cmd);
    }

    /**
     * The timeout that passed.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Python's {@code output} (alias {@code stdout}): what communicate read from the child's stdout
     * before the timeout; null where stdout is not a pipe or nothing had come yet, as in Python.
     *
     * @return the standard output read, or {@code null}
     */
    public byte @Nullable [] output() {
        return output;
    }

    /**
     * What communicate read from the child's stderr before the timeout; null as for {@link #output()}.
     *
     * @return the standard error read, or {@code null}
     */
    public byte @Nullable [] stderr() {
        return stderr;
    }
}
