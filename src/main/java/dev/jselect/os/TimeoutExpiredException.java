package dev.jselect.os;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Python's {@code subprocess.TimeoutExpired}: {@link Subprocess#waitFor(Duration)} ran out of time; the child still runs. */
public final class TimeoutExpiredException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String[] cmd; // an array, not a List, so the exception stays serializable
    private final Duration timeout;

    public TimeoutExpiredException(List<String> cmd, Duration timeout) {
        super("Command '" + repr(cmd) + "' timed out after " + (timeout.getSeconds() + timeout.getNano() / 1e9) + " seconds");
        this.cmd = cmd.toArray(String[]::new);
        this.timeout = timeout;
    }

    /** Python's repr of the argument list: {@code ['sleep', '30']}. */
    private static String repr(List<String> cmd) {
        return cmd.stream().map(a -> "'" + a.replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** The command that is still running. */
    public List<String> cmd() {
        return List.of(cmd);
    }

    public Duration timeout() {
        return timeout;
    }
}
