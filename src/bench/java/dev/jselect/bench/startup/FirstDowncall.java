package dev.jselect.bench.startup;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Start-up benchmark (b), the baseline of its ratios: the bare FFM path jselect's calls are built
 * on, with nothing of jselect. One {@code close(-1)} through a downcall handle that captures
 * errno ({@code Linker.Option.captureCallState("errno")}); timed from nothing (the linker, the
 * symbol lookup, the handle, the capture segment) to errno read back, which must be EBADF.
 * Prints {@code first <what> <ns>}, as the other start-up programs do.
 */
public final class FirstDowncall {
    private static final int EBADF = 9; // Linux, every architecture

    private FirstDowncall() {}

    public static void main(String[] args) throws Throwable {
        long t0 = System.nanoTime();
        Linker linker = Linker.nativeLinker();
        MemorySegment close = linker.defaultLookup().findOrThrow("close");
        StructLayout stateLayout = Linker.Option.captureStateLayout();
        VarHandle errnoHandle = stateLayout.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        MethodHandle handle = linker.downcallHandle(close, FunctionDescriptor.of(JAVA_INT, JAVA_INT),
                Linker.Option.captureCallState("errno"));
        int result;
        int errno;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(stateLayout);
            result = (int) handle.invokeExact(state, -1);
            errno = (int) errnoHandle.get(state, 0L);
        }
        long t1 = System.nanoTime();
        if (result != -1 || errno != EBADF) {
            throw new AssertionError("close(-1) returned " + result + " with errno " + errno + ", not -1 with EBADF");
        }
        System.out.println("first close(-1)+errno " + (t1 - t0));
    }
}
