package dev.jselect.os;

import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code subprocess.CalledProcessError}: a child started with {@code check(true)} (or by
 * {@link Subprocess#checkOutput(List)}) exited with a non-zero status. Not an {@code
 * ErrnoException}: as in Python, no system call failed. The message is Python's {@code str(e)}:
 * {@code Command '['false']' returned non-zero exit status 1.}, or for a child a signal ended
 * {@code Command '['sleep', '9']' died with <Signals.SIGKILL: 9>.}
 */
public final class CalledProcessException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The exit status, or minus the signal number. */
    private final int returncode;
    /** The command. */
    private final String[] cmd; // an array, not a List, so the exception stays serializable
    /** The captured standard output, or null. */
    private final byte @Nullable [] output;
    /** The captured standard error, or null. */
    private final byte @Nullable [] stderr;

    /**
     * The exception for {@code cmd} having exited with {@code returncode} (minus the signal number
     * for a signal); {@code output} and {@code stderr} are what was captured, or null.
     *
     * @param returncode the child's exit status
     * @param cmd the command that ran
     * @param output what the child wrote to its stdout, or {@code null}
     * @param stderr what the child wrote to its stderr, or {@code null}
     */
    public CalledProcessException(int returncode, List<String> cmd, byte @Nullable [] output, byte @Nullable [] stderr) {
        super(message(returncode, cmd));
        this.returncode = returncode;
        this.cmd = cmd.toArray(String[]::new);
        this.output = output;
        this.stderr = stderr;
    }

    private static String message(int returncode, List<String> cmd) {
        String command = "Command '" + PythonRepr.list(cmd) + "'";
        if (returncode < 0) {
            String signal = PythonRepr.signal(-returncode);
            return command + (signal != null ? " died with " + signal + "." : " died with unknown signal " + -returncode + ".");
        }
        return command + " returned non-zero exit status " + returncode + ".";
    }

    /**
     * The exit status, or minus the signal number that ended the child.
     *
     * @return the exit status, or minus the signal number
     */
    public int returncode() {
        return returncode;
    }

    /**
     * The command, as given to the builder.
     *
     * @return the command, an unmodifiable list
     */
    public List<String> cmd() {
        return List.of(cmd);
    }

    /**
     * The captured standard output (Python's {@code output}, alias {@code stdout}), or null where it was not captured.
     *
     * @return the standard output, or {@code null}
     */
    public byte @Nullable [] output() {
        return output;
    }

    /**
     * The captured standard error, or null where it was not captured.
     *
     * @return the standard error, or {@code null}
     */
    public byte @Nullable [] stderr() {
        return stderr;
    }
}
