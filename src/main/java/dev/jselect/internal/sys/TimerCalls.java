package dev.jselect.internal.sys;

import dev.jselect.internal.NativeMemory;

import dev.jselect.internal.Staging;

import dev.jselect.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The clock and timer calls: timerfd_create(2), timerfd_settime(2), timerfd_gettime(2) and
 * clock_gettime(2), Linux only. A time crosses this class as nanoseconds in a long (about 292
 * years, far beyond any timer a select loop sets); struct itimerspec and struct timespec are
 * written and read here and nowhere else.
 *
 * <p>Native memory: the timer calls take two struct itimerspec (new and old value) from a
 * confined arena the call closes (they are not hot paths); clock_gettime, which loops call,
 * reads into a {@link Staging} buffer held for the call, so it takes no native memory per call.
 */
public final class TimerCalls {
    // Each call is bound the first time it is made (its own holder class, initialised on first
    // use), so a program binds only the calls it makes; a static final stays a constant to the JIT.
    private static final class TimerfdCreate {
        static final MethodHandle H = Downcall.bindIfPresent("timerfd_create");
    }
    private static final class TimerfdSettime {
        static final MethodHandle H = Downcall.bindIfPresent("timerfd_settime");
    }
    private static final class TimerfdGettime {
        static final MethodHandle H = Downcall.bindIfPresent("timerfd_gettime");
    }
    private static final class ClockGettime {
        static final MethodHandle H = Downcall.bindIfPresent("clock_gettime");
    }
    private static final long NANOS = 1_000_000_000L;
    /** struct timespec: two 64-bit fields on both Linux ABIs. */
    private static final int TIMESPEC_SIZE = 16;

    private TimerCalls() {}

    /** A timer's setting: the time to the next expiration and the interval, in nanoseconds (0: disarmed / one-shot). */
    public record Setting(long valueNanos, long intervalNanos) {}

    private static MemoryLayout itimerspec() {
        return Platform.abi().layout("itimerspec");
    }

    /** timerfd_create(2): a timer descriptor on {@code clockid}, with TFD_NONBLOCK/TFD_CLOEXEC {@code flags}. */
    public static int timerfdCreate(int clockid, int flags) throws ErrnoException {
        Downcall.require(TimerfdCreate.H, "timerfd_create");
        return Downcall.call("timerfd_create", st -> (int) TimerfdCreate.H.invokeExact(st, clockid, flags));
    }

    /** timerfd_settime(2): arms (or with 0 disarms) the timer; returns the previous setting. */
    public static Setting timerfdSettime(int fd, int flags, long valueNanos, long intervalNanos) throws ErrnoException {
        Downcall.require(TimerfdSettime.H, "timerfd_settime");
        try (Arena arena = NativeMemory.ofConfined()) {
            MemorySegment next = arena.allocate(itimerspec());
            MemorySegment old = arena.allocate(itimerspec());
            writeTimespec(next, 0, intervalNanos);
            writeTimespec(next, 16, valueNanos);
            Downcall.call("timerfd_settime", st -> (int) TimerfdSettime.H.invokeExact(st, fd, flags, next, old));
            return read(old);
        }
    }

    /** timerfd_gettime(2): the time left to the next expiration, and the interval. */
    public static Setting timerfdGettime(int fd) throws ErrnoException {
        Downcall.require(TimerfdGettime.H, "timerfd_gettime");
        try (Arena arena = NativeMemory.ofConfined()) {
            MemorySegment cur = arena.allocate(itimerspec());
            Downcall.call("timerfd_gettime", st -> (int) TimerfdGettime.H.invokeExact(st, fd, cur));
            return read(cur);
        }
    }

    /** clock_gettime(2) of {@code clockid}, in nanoseconds. */
    public static long clockGettimeNanos(int clockid) throws ErrnoException {
        Downcall.require(ClockGettime.H, "clock_gettime");
        try (Staging.Staged staged = Staging.take(TIMESPEC_SIZE)) { // a clock is read in loops: no arena per call
            MemorySegment ts = staged.segment();
            Downcall.call("clock_gettime", st -> (int) ClockGettime.H.invokeExact(st, clockid, ts));
            return Math.addExact(Math.multiplyExact(ts.get(ValueLayout.JAVA_LONG_UNALIGNED, 0), NANOS),
                    ts.get(ValueLayout.JAVA_LONG_UNALIGNED, 8));
        }
    }

    // struct itimerspec { struct timespec it_interval; struct timespec it_value; }, each { time_t tv_sec; long tv_nsec; }:
    // 64-bit fields on both Linux ABIs (NativeLayoutTest and Aarch64LayoutTest check the offsets).
    private static void writeTimespec(MemorySegment s, long at, long nanos) {
        s.set(ValueLayout.JAVA_LONG, at, nanos / NANOS);
        s.set(ValueLayout.JAVA_LONG, at + 8, nanos % NANOS);
    }

    private static long readTimespec(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_LONG, at) * NANOS + s.get(ValueLayout.JAVA_LONG, at + 8);
    }

    private static Setting read(MemorySegment spec) {
        return new Setting(readTimespec(spec, 16), readTimespec(spec, 0));
    }
}
