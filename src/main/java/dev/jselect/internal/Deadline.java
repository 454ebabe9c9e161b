package dev.jselect.internal;

/**
 * Monotonic deadlines: a deadline is one {@code long}, an absolute {@link System#nanoTime()}
 * value, or {@link #NONE} for a wait without limit. Used to restart waits after EINTR (PEP 475)
 * with the time left, and by every one-fd wait (a socket's timeout, a child's exit). All
 * arithmetic saturates: a huge timeout becomes "a very long wait", never a wrapped negative one.
 */
public final class Deadline {
    /**
     * No deadline: the wait has no time limit. {@link #after} saturates to the same value, so a
     * timeout too long to count is no limit either; {@link #expired} is never true for it.
     */
    public static final long NONE = Long.MAX_VALUE;

    private Deadline() {}

    /** The deadline {@code nanos} from now, saturating; {@link #NONE} for a negative {@code nanos} (no limit). */
    public static long fromNow(long nanos) {
        return nanos < 0 ? NONE : after(System.nanoTime(), nanos);
    }

    /** True once {@code deadline} has passed; never for {@link #NONE}. */
    public static boolean expired(long deadline) {
        return deadline != NONE && deadline - System.nanoTime() <= 0;
    }

    /**
     * The poll(2) timeout that waits until {@code deadline}: -1 (block) for {@link #NONE}, else
     * the milliseconds left, rounded up and capped at Integer.MAX_VALUE; 0 once past it.
     */
    public static int pollTimeoutMillis(long deadline) {
        return deadline == NONE ? -1 : Math.max(remainingMillis(deadline), 0);
    }

    /** The System.nanoTime() deadline {@code millis} from now; meaningless for a negative timeout. */
    public static long afterMillis(long millis) {
        return millis < 0 ? 0 : after(System.nanoTime(), saturatedMultiply(millis, 1_000_000));
    }

    /** The System.nanoTime() deadline {@code micros} from now; meaningless for a negative timeout. */
    public static long afterMicros(long micros) {
        return micros < 0 ? 0 : after(System.nanoTime(), saturatedMultiply(micros, 1_000));
    }

    /** Milliseconds left until {@code deadline}, rounded up and capped at Integer.MAX_VALUE; -1 once past it. */
    public static int remainingMillis(long deadline) {
        return toMillisCeil(remainingNanos(System.nanoTime(), deadline));
    }

    /**
     * Time left until {@code deadline} in units of {@code unitNanos} nanoseconds (1_000_000 for
     * milliseconds), rounded up so a wait never ends early; -1 once past it.
     */
    public static long remaining(long deadline, long unitNanos) {
        return remaining(System.nanoTime(), deadline, unitNanos);
    }

    // ---- pure arithmetic, unit-tested with explicit clocks ----

    /** {@link #remaining(long, long)} at the clock reading {@code now}: 0 at the deadline itself. */
    static long remaining(long now, long deadline, long unitNanos) {
        long nanos = remainingNanos(now, deadline);
        return nanos < 0 ? -1 : Math.ceilDiv(nanos, unitNanos);
    }

    public static long after(long now, long nanos) {
        long d = now + nanos;
        if (((now ^ d) & (nanos ^ d)) < 0) { // overflowed
            return nanos < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return d;
    }

    static long remainingNanos(long now, long deadline) {
        long r = deadline - now;
        if (((deadline ^ now) & (deadline ^ r)) < 0) {   // overflowed
            return deadline > now ? Long.MAX_VALUE : -1;
        }
        return r;
    }

    /** Nanoseconds to a poll/epoll_wait timeout: -1 when negative, rounded up, capped at Integer.MAX_VALUE. */
    public static int toMillisCeil(long nanos) {
        if (nanos < 0) {
            return -1;
        }
        return (int) Math.min(Math.ceilDiv(nanos, 1_000_000), Integer.MAX_VALUE);
    }

    public static long saturatedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
            return lo;
        }
        return (a ^ b) < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
}
