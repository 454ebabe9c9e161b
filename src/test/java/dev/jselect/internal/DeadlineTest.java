package dev.jselect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
