package dev.jselect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeadlineTest {
    @Test
    void hugeTimeoutsSaturateInsteadOfWrapping() {
        assertEquals(Long.MAX_VALUE, Deadline.after(Long.MAX_VALUE - 5, 10));
        assertEquals(Long.MAX_VALUE, Deadline.saturatedMultiply(Long.MAX_VALUE / 2, 1_000_000));
        assertEquals(Long.MAX_VALUE, Deadline.remainingNanos(-10, Long.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, Deadline.toMillisCeil(Long.MAX_VALUE));
    }

    @Test
    void remainingTimeRoundsUpAndTurnsNegativePastTheDeadline() {
        assertEquals(1, Deadline.toMillisCeil(1));
        assertEquals(0, Deadline.toMillisCeil(0));
        assertEquals(2, Deadline.toMillisCeil(1_000_001));
        assertEquals(-1, Deadline.toMillisCeil(-1));
        assertEquals(90, Deadline.remainingNanos(10, 100));
        assertEquals(-5, Deadline.remainingNanos(105, 100));
        assertEquals(-1, Deadline.remainingNanos(Long.MAX_VALUE, Long.MIN_VALUE + 5));
    }

    @Test
    void negativeNanoTimeClocksWork() {
        long now = -9_000_000_000L;
        long d = Deadline.after(now, 2_500_000);
        assertEquals(2_500_000, Deadline.remainingNanos(now, d));
        assertEquals(3, Deadline.toMillisCeil(Deadline.remainingNanos(now, d)));
    }

    @Test
    void theLongestTimeoutsOfEachWaitClampAfterAnInterruption() {
        // select takes up to ~9.2e15 us, epoll_wait/poll up to Integer.MAX_VALUE ms. After EINTR
        // the wait resumes with what is left, which must stay a long positive wait, never wrap.
        long now = 123_456_789_000L; // System.nanoTime() on Linux: CLOCK_MONOTONIC, time since boot
        long longestSelect = Long.MAX_VALUE / 1_000; // microseconds: Timeouts.selectMicros never gives more
        long selectDeadline = Deadline.after(now, Deadline.saturatedMultiply(longestSelect, 1_000));
        assertEquals(Long.MAX_VALUE, selectDeadline, "saturated, not wrapped");
        assertEquals(Long.MAX_VALUE - now - 1_000, Deadline.remainingNanos(now + 1_000, selectDeadline));
        assertEquals(Integer.MAX_VALUE, Deadline.toMillisCeil(Deadline.remainingNanos(now + 1_000, selectDeadline)),
                "as milliseconds it is capped at the longest epoll_wait/poll timeout");
        long epollDeadline = Deadline.after(now, Deadline.saturatedMultiply(Integer.MAX_VALUE, 1_000_000));
        assertEquals(Integer.MAX_VALUE, Deadline.toMillisCeil(Deadline.remainingNanos(now, epollDeadline)));
        assertEquals(Integer.MAX_VALUE - 1, Deadline.toMillisCeil(Deadline.remainingNanos(now + 1_000_000, epollDeadline)));
        assertEquals(1, Deadline.toMillisCeil(Deadline.remainingNanos(epollDeadline - 1, epollDeadline)));
        assertEquals(-1, Deadline.toMillisCeil(Deadline.remainingNanos(epollDeadline + 1, epollDeadline)));
    }

    @Test
    void saturationGoesToTheSideTheResultOverflowedTo() {
        assertEquals(Long.MIN_VALUE, Deadline.after(Long.MIN_VALUE + 5, -10), "a negative sum saturates low, not to MAX_VALUE");
        assertEquals(Long.MAX_VALUE, Deadline.after(Long.MAX_VALUE, 1));
        assertEquals(Long.MAX_VALUE - 1, Deadline.after(Long.MAX_VALUE - 1, 0), "no overflow, no saturation");
        assertEquals(5, Deadline.after(5, 0));
        assertEquals(0, Deadline.after(0, 0));
        assertEquals(-5, Deadline.after(5, -10));
        assertEquals(Long.MIN_VALUE, Deadline.saturatedMultiply(Long.MIN_VALUE / 2, 1_000_000));
        assertEquals(Long.MIN_VALUE, Deadline.saturatedMultiply(1_000_000, Long.MIN_VALUE / 2));
        assertEquals(Long.MAX_VALUE, Deadline.saturatedMultiply(Long.MIN_VALUE / 2, -1_000_000), "two negatives overflow high");
        assertEquals(Long.MAX_VALUE, Deadline.saturatedMultiply(1L << 32, 1L << 32), "2^64: high word 1, low word 0");
        assertEquals(Long.MIN_VALUE, Deadline.saturatedMultiply(-(1L << 32), 1L << 32), "-2^64: high word -1, low word 0");
        assertEquals(Long.MIN_VALUE, Deadline.saturatedMultiply(Long.MIN_VALUE, 1), "exactly representable");
        assertEquals(Long.MAX_VALUE, Deadline.saturatedMultiply(Long.MIN_VALUE, -1), "-MIN_VALUE is one past MAX_VALUE");
        assertEquals(0, Deadline.saturatedMultiply(0, 5));
        assertEquals(0, Deadline.saturatedMultiply(Long.MAX_VALUE, 0));
        assertEquals(-5_000_000, Deadline.saturatedMultiply(-5, 1_000_000));
        assertEquals(Long.MAX_VALUE, Deadline.saturatedMultiply(Long.MAX_VALUE, 1));
        assertEquals(-Long.MAX_VALUE, Deadline.saturatedMultiply(Long.MAX_VALUE, -1));
    }

    @Test
    void theDeadlineItselfLeavesZeroAndOneNanosecondPastItLeavesMinusOne() {
        // 0 left is one last poll (Restart.await waits again with 0); only a negative rest ends the wait
        long now = 1_000_000_000L;
        assertEquals(0, Deadline.remainingNanos(now, now));
        assertEquals(0, Deadline.remaining(now, now, 1_000_000));
        assertEquals(0, Deadline.remaining(now, now, 1));
        assertEquals(-1, Deadline.remaining(now + 1, now, 1_000_000));
        assertEquals(-1, Deadline.remaining(now + 1, now, 1));
        assertEquals(1, Deadline.remaining(now, now + 1, 1_000_000), "one nanosecond carries into a whole unit");
        assertEquals(1, Deadline.remaining(now, now + 1_000, 1_000));
        assertEquals(2, Deadline.remaining(now, now + 1_001, 1_000));
        assertEquals(1_001, Deadline.remaining(now, now + 1_001, 1));
        assertEquals(Long.MAX_VALUE / 1_000 + 1, Deadline.remaining(-10, Long.MAX_VALUE, 1_000), "saturated, then rounded up");
        assertEquals(-1, Deadline.remaining(Long.MAX_VALUE, Long.MIN_VALUE, 1));
    }

    @Test
    void theClockReadingCallsMeasureFromNow() {
        long before = System.nanoTime();
        long d = Deadline.afterMillis(0);
        long d2 = Deadline.afterMicros(0);
        long after = System.nanoTime();
        assertTrue(d - before >= 0 && after - d >= 0, "a zero timeout is due now");
        assertTrue(d2 - before >= 0 && after - d2 >= 0, "a zero timeout is due now");
        assertTrue(Deadline.afterMillis(1_000) - after >= 1_000_000_000L);
        assertTrue(Deadline.afterMicros(1_000) - after >= 1_000_000L);
        assertTrue(Deadline.afterMicros(1_000) - System.nanoTime() <= 1_000_000L);
        assertEquals(Long.MAX_VALUE, Deadline.afterMillis(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, Deadline.afterMicros(Long.MAX_VALUE));
        assertEquals(0, Deadline.afterMillis(-1), "a negative timeout has no deadline");
        assertEquals(0, Deadline.afterMicros(-1));
        assertEquals(Integer.MAX_VALUE, Deadline.remainingMillis(Long.MAX_VALUE));
        assertEquals(-1, Deadline.remainingMillis(System.nanoTime() - 1));
        assertEquals(-1, Deadline.remaining(System.nanoTime() - 1, 1));
        long left = Deadline.remaining(Deadline.afterMillis(10_000), 1_000_000);
        assertTrue(left > 9_000 && left <= 10_000, left + " ms");
        int leftMillis = Deadline.remainingMillis(Deadline.afterMillis(10_000));
        assertTrue(leftMillis > 9_000 && leftMillis <= 10_000, leftMillis + " ms");
    }

    @Test
    void noneIsNeverExpiredAndBlocksPoll() {
        assertEquals(Deadline.NONE, Deadline.fromNow(-1), "a negative timeout is no limit");
        assertEquals(Deadline.NONE, Deadline.fromNow(Long.MAX_VALUE), "a timeout too long to count is no limit");
        assertFalse(Deadline.expired(Deadline.NONE));
        assertEquals(-1, Deadline.pollTimeoutMillis(Deadline.NONE));
    }

    @Test
    void aDeadlineFromNowExpiresOnceItsTimeHasPassed() {
        long before = System.nanoTime();
        long d = Deadline.fromNow(60_000_000_000L);
        long after = System.nanoTime();
        assertTrue(d - before >= 60_000_000_000L && d - after <= 60_000_000_000L, "60 s from the moment of the call");
        assertFalse(Deadline.expired(d));
        int ms = Deadline.pollTimeoutMillis(d);
        assertTrue(ms > 59_000 && ms <= 60_000, "about 60 000 ms left, rounded up: " + ms);
        long now = Deadline.fromNow(0);
        assertTrue(Deadline.expired(now), "a zero timeout has expired at once (one last poll, no wait)");
        assertEquals(0, Deadline.pollTimeoutMillis(System.nanoTime() - 1_000_000_000L), "past: poll without waiting, never -1");
    }
}
