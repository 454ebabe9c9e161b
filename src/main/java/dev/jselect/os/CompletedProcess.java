package dev.jselect.os;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code subprocess.CompletedProcess}: what {@link Subprocess.Builder#run()} returns once
 * the child has exited.
 *
 * @param args       the arguments as given to the builder (with {@code shell(true)}, the command
 *                   and its {@code $0 $1 ...}, not the {@code /bin/sh -c} in front)
 * @param returncode the exit status; minus the signal number for a child a signal ended
 * @param stdout     the captured standard output, or null where it was not captured
 * @param stderr     the captured standard error, or null where it was not captured
 */
public record CompletedProcess(List<String> args, int returncode, byte @Nullable [] stdout, byte @Nullable [] stderr) {
    /** Copies {@code args}, which must hold no null. */
    public CompletedProcess {
        args = List.copyOf(args);
    }

    /**
     * Python's {@code check_returncode()}: nothing when the returncode is 0, else the {@link
     * CalledProcessException} {@code check(true)} would have thrown.
     *
     * @throws CalledProcessException when the returncode is not 0
     */
    public void checkReturncode() throws CalledProcessException {
        if (returncode != 0) {
            throw new CalledProcessException(returncode, args, stdout, stderr);
        }
    }
}
