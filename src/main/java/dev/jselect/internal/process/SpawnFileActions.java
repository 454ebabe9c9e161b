package dev.jselect.internal.process;

import dev.jselect.internal.sys.Constants;

import dev.jselect.internal.sys.Platform;

import dev.jselect.internal.sys.ProcessCalls;

import dev.jselect.internal.sys.FdCalls;

import dev.jselect.ErrnoException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code posix_spawn_file_actions_t}: what the child does with its fds before the exec, in the
 * order added. Lives in the caller's arena; {@link #close()} destroys it and closes the copies
 * of fds 0-2 that {@link #dupOnto} made in the parent.
 */
final class SpawnFileActions implements AutoCloseable {
    private static final int F_DUPFD_CLOEXEC = Constants.F_DUPFD_CLOEXEC;

    final MemorySegment actions;
    private final List<Integer> temps = new ArrayList<>();

    SpawnFileActions(Arena arena) throws ErrnoException {
        actions = arena.allocate(Platform.abi().layout("posix_spawn_file_actions_t"));
        ProcessCalls.fileActionsInit(actions);
    }

    /**
     * The child's fd {@code i} becomes the parent's {@code stdio[i]} (-1: inherited as it is).
     * A source among 0-2 is first copied from 3 up: dup2 onto 0-2 could overwrite a source still
     * needed, and dup2(fd, fd) would keep close-on-exec.
     */
    void dupOnto(int[] stdio) throws ErrnoException {
        for (int target = 0; target < 3; target++) {
            int source = stdio[target];
            if (source >= 0 && source < 3) {
                source = FdCalls.fcntl(source, F_DUPFD_CLOEXEC, 3);
                temps.add(source);
            }
            if (source >= 0) {
                ProcessCalls.fileActionsAddDup2(actions, source, target);
            }
        }
    }

    /**
     * Every fd from 3 up closed in the child: one closefrom action on glibc 2.34+ where it works
     * ({@code closefrom}: see {@link #closefromWorks()}); else one close per fd open now without
     * close-on-exec ({@link OpenFdScan}; fds opened later by other threads are close-on-exec if
     * they are jselect's or the JDK's).
     */
    void closeFromThree(boolean closefrom) throws IOException {
        if (closefrom && closefromWorks()) {
            ProcessCalls.fileActionsAddClosefrom(actions, 3);
            return;
        }
        for (int fd : OpenFdScan.inheritable()) {
            ProcessCalls.fileActionsAddClose(actions, fd);
        }
    }

    /**
     * glibc's closefrom action calls close_range(2) in the child and, where that is refused
     * (a kernel older than 5.9, a seccomp profile), lists /proc/self/fd; with neither the spawn
     * fails with ENOENT, which reads as "program not found". Without /proc the action is
     * therefore used only once close_range was seen to work here.
     */
    private static boolean closefromWorks() {
        return OpenFdScan.procListable() || CloseRangeSupport.available();
    }

    /** The child changes to {@code dir} (NUL-terminated in {@code arena}); later actions and the exec see it. */
    void chdir(Arena arena, String dir) throws ErrnoException {
        ProcessCalls.fileActionsAddChdir(actions, arena.allocateFrom(dir));
    }

    @Override
    public void close() throws ErrnoException {
        try {
            ProcessCalls.fileActionsDestroy(actions);
        } finally {
            for (int fd : temps) {
                FdCalls.close(fd);
            }
        }
    }
}
