package dev.jselect.internal.sys;

import dev.jselect.internal.NativeMemory;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * struct timeval, select(2)'s timeout: one per thread, rewritten before every select call
 * (select may change it, and a restart passes the time left). tv_usec is a long on Linux and a
 * 32-bit int on macOS.
 */
final class Timeval {
    private static final boolean SUPPORTED = Platform.isSupported();
    private static final long SIZE = SUPPORTED ? Platform.abi().layout("timeval").byteSize() : 16;
    private static final long TV_SEC = SUPPORTED ? offset("tv_sec") : 0;
    private static final long TV_USEC = SUPPORTED ? offset("tv_usec") : 0;
    private static final boolean TV_USEC_IS_INT = SUPPORTED
            && Platform.abi().layout("timeval").select(MemoryLayout.PathElement.groupElement("tv_usec")).byteSize() == 4;
    private static final ThreadLocal<MemorySegment> TIMEVAL = ThreadLocal.withInitial(() -> NativeMemory.ofAuto().allocate(SIZE, 8));

    private Timeval() {}

    private static long offset(String member) {
        return Platform.abi().layout("timeval").byteOffset(MemoryLayout.PathElement.groupElement(member));
    }

    /** This thread's timeval set to {@code micros}, or NULL (block) for a negative timeout. */
    static MemorySegment of(long micros) {
        if (micros < 0) {
            return MemorySegment.NULL;
        }
        MemorySegment tv = TIMEVAL.get();
        tv.set(ValueLayout.JAVA_LONG, TV_SEC, micros / 1_000_000);
        if (TV_USEC_IS_INT) {
            tv.set(ValueLayout.JAVA_INT, TV_USEC, (int) (micros % 1_000_000));
        } else {
            tv.set(ValueLayout.JAVA_LONG, TV_USEC, micros % 1_000_000);
        }
        return tv;
    }
}
