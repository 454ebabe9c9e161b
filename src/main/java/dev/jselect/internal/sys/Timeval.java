package dev.jselect.internal.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * struct timeval, select(2)'s timeout, written into the calling thread's scratch slice before
 * every select call (select may change it, and a restart passes the time left). tv_usec is a
 * long on Linux and a 32-bit int on macOS.
 */
final class Timeval {
    private static final boolean SUPPORTED = Platform.isSupported();
    private static final long TV_SEC = SUPPORTED ? offset("tv_sec") : 0;
    private static final long TV_USEC = SUPPORTED ? offset("tv_usec") : 0;
    private static final boolean TV_USEC_IS_INT = SUPPORTED
            && Platform.abi().layout("timeval").select(MemoryLayout.PathElement.groupElement("tv_usec")).byteSize() == 4;
    private Timeval() {}

    private static long offset(String member) {
        return Platform.abi().layout("timeval").byteOffset(MemoryLayout.PathElement.groupElement(member));
    }

    /** {@code tv} (a scratch slice) set to {@code micros}, or NULL (block) for a negative timeout. */
    static MemorySegment of(MemorySegment tv, long micros) {
        if (micros < 0) {
            return MemorySegment.NULL;
        }
        tv.set(ValueLayout.JAVA_LONG, TV_SEC, micros / 1_000_000);
        if (TV_USEC_IS_INT) {
            tv.set(ValueLayout.JAVA_INT, TV_USEC, (int) (micros % 1_000_000));
        } else {
            tv.set(ValueLayout.JAVA_LONG, TV_USEC, micros % 1_000_000);
        }
        return tv;
    }
}
