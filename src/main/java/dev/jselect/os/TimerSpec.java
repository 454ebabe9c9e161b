package dev.jselect.os;

import java.time.Duration;
import java.util.Objects;

/**
 * A timer descriptor's setting, Python's {@code (next_expiration, interval)} pair from
 * {@code os.timerfd_settime} and {@code os.timerfd_gettime}.
 *
 * @param nextExpiration the time left until the timer next expires (always relative, even for a
 *                       timer set with TFD_TIMER_ABSTIME); zero when the timer is disarmed
 * @param interval the period of a repeating timer; zero for a one-shot timer
 */
public record TimerSpec(Duration nextExpiration, Duration interval) {
    /** Checks that neither component is null. */
    public TimerSpec {
        Objects.requireNonNull(nextExpiration, "nextExpiration");
        Objects.requireNonNull(interval, "interval");
    }
}
