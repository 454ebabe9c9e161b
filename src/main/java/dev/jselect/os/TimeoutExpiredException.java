package dev.jselect.os;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Python's {@code subprocess.TimeoutExpired}: {@link Subprocess#waitFor(Duration)} ran out of time; the child still runs. */
public final class TimeoutExpiredException extends IOException {
    private static final long serialVersionUID = 1L;

    private final List<String> cmd;
    private final Duration timeout;

    public TimeoutExpiredException(List<String> cmd, Duration timeout) {
        super("Command '" + cmd + "' timed out after " + timeout.toNanos() / 1e9 + " seconds");
        this.cmd = List.copyOf(cmd);
        this.timeout = timeout;
    }

    /** The command that is still running. */
    public List<String> cmd() {
        return cmd;
    }

    public Duration timeout() {
        return timeout;
    }
}
