package dev.jselect.internal;

import dev.jselect.internal.sys.FdCalls;

import dev.jselect.ErrnoException;
import java.lang.foreign.Arena;

/** open(2) of a path given as a Java string, made a NUL-terminated C string for the one call. */
public final class OpenFile {
    private OpenFile() {}

    /** The new descriptor for {@code path} (which must hold no NUL) opened with {@code flags}. */
    public static int open(String path, int flags) throws ErrnoException {
        try (Arena arena = NativeMemory.ofConfined()) {
            return FdCalls.open(arena.allocateFrom(path), flags, 0);
        }
    }
}
