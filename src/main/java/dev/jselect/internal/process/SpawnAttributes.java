package dev.jselect.internal.process;

import dev.jselect.internal.sys.Constants;

import dev.jselect.internal.sys.ProcessCalls;

import dev.jselect.internal.sys.Platform;

import dev.jselect.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A {@code posix_spawnattr_t} that starts the child with clean signal state, as Python's
 * {@code restore_signals}: an empty signal mask, and every signal's disposition reset to its
 * default (a signal the JVM ignores must not stay ignored in the child). Lives in the caller's
 * arena; {@link #close()} destroys it.
 */
final class SpawnAttributes implements AutoCloseable {
    private static final short SETSIGMASK = (short) Constants.POSIX_SPAWN_SETSIGMASK;
    private static final short SETSIGDEF = (short) Constants.POSIX_SPAWN_SETSIGDEF;

    final MemorySegment attr;

    SpawnAttributes(Arena arena) throws ErrnoException {
        attr = arena.allocate(Platform.abi().layout("posix_spawnattr_t"));
        MemorySegment sigset = arena.allocate(Platform.abi().layout("sigset_t"));
        ProcessCalls.spawnattrInit(attr);
        try {
            ProcessCalls.sigemptyset(sigset);
            ProcessCalls.spawnattrSetsigmask(attr, sigset);
            // Every bit set, not sigfillset(3): that leaves out glibc's two internal signals
            // (32, 33), which glibc's spawn then sets to SIG_IGN, and SIG_IGN survives the exec.
            sigset.fill((byte) 0xff);
            ProcessCalls.spawnattrSetsigdefault(attr, sigset);
            ProcessCalls.spawnattrSetflags(attr, (short) (SETSIGMASK | SETSIGDEF));
        } catch (ErrnoException | RuntimeException e) {
            try {
                close();
            } catch (ErrnoException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public void close() throws ErrnoException {
        ProcessCalls.spawnattrDestroy(attr);
    }
}
