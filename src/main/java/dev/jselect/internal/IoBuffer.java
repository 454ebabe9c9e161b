package dev.jselect.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Native staging memory for read/write/recv/send of Java arrays. Each thread keeps one buffer of
 * up to {@link #KEEP} bytes (from an automatic arena, sized by its first use and grown on demand, so
 * that thousands of virtual threads doing small I/O keep small buffers), so steady-state I/O
 * allocates no native memory; a larger request gets a one-off segment the GC frees.
 */
public final class IoBuffer {
    public static final long KEEP = 1 << 20;
    private static final ThreadLocal<MemorySegment> BUFFER = ThreadLocal.withInitial(() -> MemorySegment.NULL);

    private IoBuffer() {}

    /** A segment of exactly {@code size} bytes, valid until this thread's next call here. */
    public static MemorySegment get(long size) {
        MemorySegment buf = BUFFER.get();
        if (size <= buf.byteSize()) {
            return buf.asSlice(0, size);
        }
        if (size > KEEP) {
            return Arena.ofAuto().allocate(size, 16);
        }
        buf = Arena.ofAuto().allocate(Math.max(size, Math.min(KEEP, buf.byteSize() * 2)), 16);
        BUFFER.set(buf);
        return buf.asSlice(0, size);
    }
}
