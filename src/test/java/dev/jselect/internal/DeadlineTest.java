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
}
