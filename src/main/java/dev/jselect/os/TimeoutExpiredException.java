package dev.jselect.os;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Python's {@code subprocess.TimeoutExpired}: {@link Subprocess#waitFor(Duration)}, {@link
 * Subprocess#communicate(byte[], Duration)} or {@link Subprocess.Builder#run()} ran out of time.
 * After waitFor and communicate the child still runs; run has killed and reaped it.
 * {@link #output()} and {@link #stderr()} are what communicate read before the timeout.
 */
public final class TimeoutExpiredException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String[] cmd; // an array, not a List, so the exception stays serializable
    private final Duration timeout;
    private final byte[] output;
    private final byte[] stderr;

    /** The exception for {@code cmd} still running after {@code timeout}, with nothing read. */
    public TimeoutExpiredException(List<String> cmd, Duration timeout) {
        this(cmd, timeout, null, null);
    }

    /** The exception for {@code cmd} still running after {@code timeout}; {@code output} and {@code stderr} were read, or null. */
    public TimeoutExpiredException(List<String> cmd, Duration timeout, byte[] output, byte[] stderr) {
        super("Command '" + PythonRepr.list(cmd) + "' timed out after " + (timeout.getSeconds() + timeout.getNano() / 1e9) + " seconds");
        this.cmd = cmd.toArray(String[]::new);
        this.timeout = timeout;
        this.output = output;
        this.stderr = stderr;
    }

    /** The command that ran out of time. */
    public List<String> cmd() {
        return List.of(cmd);
    }

    /** The timeout that passed. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Python's {@code output} (alias {@code stdout}): what communicate read from the child's stdout
     * before the timeout; null where stdout is not a pipe or nothing had come yet, as in Python.
     */
    public byte[] output() {
        return output;
    }

    /** What communicate read from the child's stderr before the timeout; null as for {@link #output()}. */
    public byte[] stderr() {
        return stderr;
    }
}
