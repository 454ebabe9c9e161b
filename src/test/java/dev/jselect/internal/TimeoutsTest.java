package dev.jselect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The timeout conversions against what CPython 3.11's select, poll and epoll do with the same values. */
class TimeoutsTest {
    @Test
    void secondsBecomeNanosRoundedAwayFromZero() {
        assertEquals(0, Timeouts.nanosFromSeconds(0.0));
        assertEquals(0, Timeouts.nanosFromSeconds(-0.0));
        assertEquals(1, Timeouts.nanosFromSeconds(1e-10));
        assertEquals(-1, Timeouts.nanosFromSeconds(-1e-300));
        assertEquals(100_000_000, Timeouts.nanosFromSeconds(0.1));
        assertEquals(9_200_000_000_000_000_000L, Timeouts.nanosFromSeconds(9.2e9));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.nanosFromSeconds(9.23e9));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.nanosFromSeconds(-9.23e9));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.nanosFromSeconds(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.nanosFromSeconds(Double.NEGATIVE_INFINITY));
        var e = assertThrows(IllegalArgumentException.class, () -> Timeouts.nanosFromSeconds(Double.NaN));
        assertEquals("Invalid value NaN (not a number)", e.getMessage());
    }

    @Test
    void selectRoundsUpToMicrosAndRejectsNegatives() {
        assertEquals(1, Timeouts.selectMicros(1e-9));
        assertEquals(0, Timeouts.selectMicros(-0.0));
        assertEquals(1_500_000, Timeouts.selectMicros(1.5));
        assertEquals(2, Timeouts.selectMicros(Duration.ofNanos(1001)));
        assertEquals(-1, Timeouts.selectMicros((Duration) null));
        assertEquals(9_200_000_000_000_000L, Timeouts.selectMicros(9.2e9), "a huge timeout is kept, not wrapped");
        var e = assertThrows(IllegalArgumentException.class, () -> Timeouts.selectMicros(-1));
        assertEquals("timeout must be non-negative", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Timeouts.selectMicros(-1e-300));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.selectMicros(Duration.ofNanos(-1)));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.selectMicros(Duration.ofSeconds(Long.MAX_VALUE)));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.selectMicros(1e18));
    }

    @Test
    void epollRoundsTowardPositiveInfinityToMillis() {
        assertEquals(1, Timeouts.epollMillis(1e-9), "never rounded down to a busy poll");
        assertEquals(0, Timeouts.epollMillis(0));
        assertEquals(1000, Timeouts.epollMillis(1));
        assertEquals(1001, Timeouts.epollMillis(1.0001));
        assertEquals(0, Timeouts.epollMillis(-0.0005), "CPython: ceil(-0.5 ms) is 0, no wait");
        assertEquals(-1, Timeouts.epollMillis(-0.001));
        assertEquals(-1, Timeouts.epollMillis(-1));
        assertEquals(Integer.MAX_VALUE, Timeouts.epollMillis(2147483.647));
        assertEquals(-1, Timeouts.epollMillis(-2147483.648));
        var e = assertThrows(IllegalArgumentException.class, () -> Timeouts.epollMillis(2147483.648));
        assertEquals("timeout is too large: 2147483648 ms", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Timeouts.epollMillis(-2147483.649));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.epollMillis(1e300));
    }

    @Test
    void pollMillisAreCheckedAgainstACInt() {
        assertEquals(0, Timeouts.pollMillis(0));
        assertEquals(Integer.MAX_VALUE, Timeouts.pollMillis(Integer.MAX_VALUE));
        assertEquals(-1, Timeouts.pollMillis(-5));
        assertEquals(-1, Timeouts.pollMillis(Integer.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.pollMillis(Integer.MAX_VALUE + 1L));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.pollMillis(Integer.MIN_VALUE - 1L));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.pollMillis(1L << 62));
    }

    @Test
    void pollDurationsRoundAwayFromZero() {
        assertEquals(-1, Timeouts.pollMillis((Duration) null));
        assertEquals(1, Timeouts.pollMillis(Duration.ofNanos(1)));
        assertEquals(2, Timeouts.pollMillis(Duration.ofNanos(1_000_001)));
        assertEquals(1, Timeouts.pollMillis(Duration.ofMillis(1)));
        assertEquals(-1, Timeouts.pollMillis(Duration.ofNanos(-1)), "CPython: -1e-6 ms rounds to -1 ms and blocks");
        assertEquals(-1, Timeouts.pollMillis(Duration.ofMillis(-1)));
        assertEquals(Integer.MAX_VALUE, Timeouts.pollMillis(Duration.ofMillis(Integer.MAX_VALUE)));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.pollMillis(Duration.ofMillis(Integer.MAX_VALUE).plusNanos(1)));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.pollMillis(Duration.ofDays(30)));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.pollMillis(Duration.ofSeconds(Long.MAX_VALUE)));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.pollMillis(Duration.ofSeconds(Long.MIN_VALUE)));
    }

    @Test
    void theLimitsAreMinus2To63IncludedAnd2To63Excluded() {
        // CPython 3.11: _testcapi.PyTime_FromSecondsObject(s, _PyTime_ROUND_TIMEOUT) with s = 2**63 / 1e9
        double s = 0x1p63 / 1e9; // exactly 2^63 ns once multiplied back
        var e = assertThrows(IllegalArgumentException.class, () -> Timeouts.nanosFromSeconds(s), "OverflowError");
        assertEquals("timeout out of range: " + s + " s", e.getMessage());
        assertEquals(Long.MIN_VALUE, Timeouts.nanosFromSeconds(-s), "-9223372036854775808 in CPython");
        assertEquals(9_223_372_036_854_774_784L, Timeouts.nanosFromSeconds(Math.nextDown(s)));
        assertEquals(-9_223_372_036_854_774_784L, Timeouts.nanosFromSeconds(Math.nextUp(-s)));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.nanosFromSeconds(Math.nextDown(-s)));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.epollMillis(s));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.epollMillis(-s), "CPython: OverflowError, timeout is too large");
    }

    @Test
    void durationsBeyondTheNanosecondRangeAreRejected() {
        assertEquals(9_223_372_036_854_776L, Timeouts.selectMicros(Duration.ofNanos(Long.MAX_VALUE)));
        var e = assertThrows(IllegalArgumentException.class, () -> Timeouts.epollMillis(Duration.ofNanos(Long.MAX_VALUE).plusNanos(1)));
        assertEquals("timeout out of range: " + Duration.ofNanos(Long.MAX_VALUE).plusNanos(1), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Timeouts.epollMillis(Duration.ofNanos(Long.MIN_VALUE)), "below a C int's range");
        assertEquals(-1, Timeouts.epollMillis((Duration) null));
        assertEquals(0, Timeouts.epollMillis(Duration.ZERO));
        assertEquals(0, Timeouts.epollMillis(Duration.ofNanos(-999_999)), "ceil(-0.999999 ms) is 0, as CPython's epoll");
        assertEquals(-1, Timeouts.epollMillis(Duration.ofMillis(-1)));
        assertEquals(1, Timeouts.epollMillis(Duration.ofNanos(1)));
        assertEquals(0, Timeouts.pollMillis(Duration.ZERO));
        assertEquals(-1, Timeouts.pollMillis(Duration.ofNanos(-1_500_000)));
        assertEquals(3, Timeouts.pollMillis(Duration.ofNanos(2_500_000)));
        assertEquals(0, Timeouts.selectMicros(Duration.ZERO));
        assertEquals(1, Timeouts.selectMicros(Duration.ofNanos(1)));
    }

    /** CPython 3.11's socket.settimeout and gettimeout, as python3 gives them. */
    @Test
    void socketTimeoutsAsCPythonTakesThem() {
        assertEquals(-1, Timeouts.socketNanos((Duration) null), "None: blocking");
        assertEquals(0, Timeouts.socketNanos(Duration.ZERO), "0: non-blocking");
        assertEquals(500_000_000L, Timeouts.socketNanos(Duration.ofMillis(500)));
        assertEquals(0, Timeouts.socketNanos(0.0));
        assertEquals(1, Timeouts.socketNanos(1e-9));
        assertEquals(2, Timeouts.socketNanos(1.5e-9), "rounded up to whole nanoseconds");
        assertEquals("Timeout value out of range",
                assertThrows(IllegalArgumentException.class, () -> Timeouts.socketNanos(-1.0)).getMessage());
        assertEquals("Timeout value out of range",
                assertThrows(IllegalArgumentException.class, () -> Timeouts.socketNanos(Duration.ofNanos(-1))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Timeouts.socketNanos(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.socketNanos(Duration.ofSeconds(Long.MAX_VALUE)), "beyond 2^63 ns");
        assertNull(Timeouts.socketDuration(-1), "gettimeout() of a blocking socket is None");
        assertEquals(Duration.ZERO, Timeouts.socketDuration(0));
        assertEquals(Duration.ofNanos(2), Timeouts.socketDuration(2));
    }
}
