package dev.jselect.internal.process;

import dev.jselect.internal.NativeMemory;

import dev.jselect.internal.sys.ProcessCalls;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One posix_spawn(3) call with Java values: argv and envp as C string arrays, the file actions
 * ({@link SpawnFileActions}) and attributes ({@link SpawnAttributes}) built and destroyed around
 * it. Native memory: one confined arena per spawn, freed when {@link #spawn} returns.
 */
public final class PosixSpawn {
    private PosixSpawn() {}

    /** True where posix_spawn and the calls around it are bound (Linux). */
    public static boolean isAvailable() {
        return ProcessCalls.hasPosixSpawn();
    }

    /**
     * The pid of a new child executing {@code program} with {@code argv} and the environment
     * {@code envp} ("NAME=value" entries; no string may hold a NUL). In the child, in order:
     * fd {@code i} becomes the parent's {@code stdio[i]} (-1: inherited), every other fd from 3
     * up is closed (with one closefrom action where {@code closefrom}, else one close each),
     * the working directory becomes {@code cwd} unless null, the signal state is reset; then
     * the exec. An exec that fails is reported by posix_spawn itself, as the ErrnoException.
     */
    public static int spawn(String program, List<String> argv, List<String> envp, @Nullable String cwd, int[] stdio, boolean closefrom)
            throws IOException {
        try (Arena arena = NativeMemory.ofConfined(); SpawnFileActions actions = new SpawnFileActions(arena)) {
            actions.dupOnto(stdio);
            actions.closeFromThree(closefrom);
            if (cwd != null) {
                actions.chdir(arena, cwd);
            }
            try (SpawnAttributes attributes = new SpawnAttributes(arena)) {
                MemorySegment pid = arena.allocate(ValueLayout.JAVA_INT);
                ProcessCalls.posixSpawn(pid, arena.allocateFrom(program), actions.actions, attributes.attr,
                        strings(arena, argv), strings(arena, envp));
                return pid.get(ValueLayout.JAVA_INT, 0);
            }
        }
    }

    /** A NULL-terminated {@code char *[]} of NUL-terminated UTF-8 strings. */
    private static MemorySegment strings(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, strings.size() + 1);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(strings.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }
}
