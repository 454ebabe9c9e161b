package dev.jselect.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The timeout arguments of select/poll/epoll turned into what the system calls take, with
 * CPython's rounding and range checks ({@code _PyTime_FromSecondsObject} and friends), so a
 * Python program's timeouts behave the same in Java. A timeout never rounds down to zero (1e-9 s
 * is one microsecond for select, one millisecond for epoll), and a value outside the C type's range
 * is an {@link IllegalArgumentException} (Python's OverflowError), never a wrapped number.
 * The result -1 means "block".
 */
public final class Timeouts {
    /** Python's _PyTime_t is an int64 count of nanoseconds; doubles outside it overflow. */
    private static final double NANOS_LIMIT = 0x1p63;

    private Timeouts() {}

    /**
     * Seconds to nanoseconds, rounded away from zero (CPython's _PyTime_ROUND_TIMEOUT).
     * NaN and values beyond ±2^63 ns (about 292 years) are rejected.
     */
    public static long nanosFromSeconds(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("Invalid value NaN (not a number)");
        }
        double ns = seconds * 1e9;
        ns = ns >= 0 ? Math.ceil(ns) : Math.floor(ns);
        if (!(-NANOS_LIMIT <= ns && ns < NANOS_LIMIT)) {
            throw new IllegalArgumentException("timeout out of range: " + seconds + " s");
        }
        return (long) ns;
    }

    /** select's timeout in microseconds, rounded up; negative is an error as in Python. */
    public static long selectMicros(double seconds) {
        return selectMicrosFromNanos(nanosFromSeconds(seconds));
    }

    /** select's timeout in microseconds, rounded up; {@code null} blocks (-1), negative is an error. */
    public static long selectMicros(@Nullable Duration timeout) {
        return timeout == null ? -1 : selectMicrosFromNanos(nanos(timeout));
    }

    private static long selectMicrosFromNanos(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("timeout must be non-negative");
        }
        return Math.ceilDiv(ns, 1_000);
    }

    /**
     * epoll_wait's timeout: seconds rounded up (toward +infinity, as CPython's epoll.poll does) to
     * whole milliseconds; a negative result blocks (-1); beyond the range of a C int is an error.
     */
    public static int epollMillis(double seconds) {
        long ms = Math.ceilDiv(nanosFromSeconds(seconds), 1_000_000);
        return millisOrBlock(ms);
    }

    /**
     * {@link #epollMillis(double)} from a Duration, exact to the nanosecond: rounded up to whole
     * milliseconds; {@code null} or a negative result blocks (-1).
     */
    public static int epollMillis(@Nullable Duration timeout) {
        return timeout == null ? -1 : millisOrBlock(Math.ceilDiv(nanos(timeout), 1_000_000));
    }

    /** poll's timeout in milliseconds: negative blocks (-1); beyond the range of a C int is an error. */
    public static int pollMillis(long millis) {
        return millisOrBlock(millis);
    }

    /**
     * poll's timeout from a Duration: rounded away from zero to whole milliseconds (CPython's
     * _PyTime_ROUND_TIMEOUT), so any negative duration blocks; {@code null} blocks.
     */
    public static int pollMillis(@Nullable Duration timeout) {
        if (timeout == null) {
            return -1;
        }
        long ms;
        try {
            ms = timeout.toMillis(); // truncated toward zero
            if (timeout.getNano() % 1_000_000 != 0) {
                ms = Math.addExact(ms, timeout.isNegative() ? -1 : 1);
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("timeout is too large: " + timeout, e);
        }
        return millisOrBlock(ms);
    }

    /**
     * A socket timeout (Python's {@code settimeout}) in nanoseconds: -1 for {@code null} (none,
     * blocking), 0 for non-blocking, else the duration. A negative duration is Python's
     * ValueError "Timeout value out of range", one beyond 2^63 ns its OverflowError, both
     * {@link IllegalArgumentException}.
     */
    public static long socketNanos(@Nullable Duration timeout) {
        if (timeout == null) {
            return -1;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("Timeout value out of range");
        }
        return nanos(timeout);
    }

    /** {@link #socketNanos(Duration)} from seconds, rounded up to whole nanoseconds as CPython rounds them; NaN is refused. */
    public static long socketNanos(double seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("Timeout value out of range");
        }
        return nanosFromSeconds(seconds);
    }

    /** The Duration of a socket timeout in nanoseconds: {@code null} for none (-1), as Python's {@code gettimeout} gives None. */
    public static @Nullable Duration socketDuration(long nanos) {
        return nanos < 0 ? null : Duration.ofNanos(nanos);
    }

    private static int millisOrBlock(long ms) {
        if (ms < Integer.MIN_VALUE || ms > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout is too large: " + ms + " ms");
        }
        return ms < 0 ? -1 : (int) ms;
    }

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("timeout out of range: " + d, e);
        }
    }
}
