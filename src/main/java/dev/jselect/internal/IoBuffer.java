package dev.jselect.internal;

import java.lang.foreign.MemorySegment;

/**
 * Per-thread native scratch for the small structs of rare calls (socket option values). Each
 * thread keeps one buffer (from an automatic arena, grown on demand up to {@link #KEEP}); a larger
 * request gets a one-off segment the GC frees. Data (read/write/recv/send) goes through
 * {@link Staging} instead, which bounds what virtual threads keep.
 */
public final class IoBuffer {
    public static final long KEEP = 1 << 20;
    private static final ThreadLocal<MemorySegment> BUFFER = ThreadLocal.withInitial(() -> NativeMemory.ofAuto().allocate(256, 16));

    private IoBuffer() {}

    /** A segment of exactly {@code size} bytes, valid until this thread's next call here. */
    public static MemorySegment get(long size) {
        MemorySegment buf = BUFFER.get();
        if (size <= buf.byteSize()) {
            return buf.asSlice(0, size);
        }
        if (size > KEEP) {
            return NativeMemory.ofAuto().allocate(size, 16);
        }
        buf = NativeMemory.ofAuto().allocate(Math.max(size, Math.min(KEEP, buf.byteSize() * 2)), 16);
        BUFFER.set(buf);
        return buf.asSlice(0, size);
    }
}
