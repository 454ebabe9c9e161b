package dev.jselect.internal.process;

import dev.jselect.internal.Scratch;

import dev.jselect.internal.sys.ProcessCalls;

import dev.jselect.internal.sys.Constants;

import dev.jselect.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code waitpid(pid, &status, WNOHANG)} for one child, with the status word read back from
 * a {@link Scratch} slice: reaps the child if it has exited, never blocks.
 */
public final class ChildStatus {
    /** What {@link #poll} returns while the child runs: no wait status is negative. */
    public static final int RUNNING = -1;
    private static final int WNOHANG = Constants.WNOHANG;

    private ChildStatus() {}

    /** The child's raw wait status once reaped now, else {@link #RUNNING}; ECHILD when it is not (or no longer) ours to reap. */
    public static int poll(int pid) throws ErrnoException {
        try (Scratch sc = Scratch.take()) {
            MemorySegment status = sc.small;
            return ProcessCalls.waitpid(pid, status, WNOHANG) == pid ? status.get(ValueLayout.JAVA_INT, 0) : RUNNING;
        }
    }
}
