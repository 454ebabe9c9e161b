package dev.jselect.internal.jfr;

import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import org.jspecify.annotations.Nullable;

/**
 * The {@code dev.jselect.Wait} Flight Recorder event around every epoll_wait, poll and select of {@code internal.wait.Waits}. When no
 * recording wants it, the wait pays one check of a static event's {@code isEnabled()} and
 * allocates nothing; while one does, each wait allocates its event, committed when it lasted
 * the recording's threshold (20 ms by default). Until Flight Recorder has started in this JVM,
 * the check is {@code FlightRecorder.isInitialized()} alone: making the first event would load
 * and start jdk.jfr's machinery (over a hundred classes) in every program's first wait.
 */
public final class WaitEvents {
    /** Asked only whether the event is enabled; never committed. Made once Flight Recorder runs. */
    private static final class Probe {
        static final WaitEvent WAIT = new WaitEvent();
    }

    private WaitEvents() {}

    /** A started {@code dev.jselect.Wait} event, or null when no recording wants it. */
    public static @Nullable Event begin() {
        if (!FlightRecorder.isInitialized() || !Probe.WAIT.isEnabled()) {
            return null;
        }
        WaitEvent event = new WaitEvent();
        event.begin();
        return event;
    }

    /**
     * Ends {@code event} (null: nothing to do) after a wait that returned {@code ready}, and
     * commits it if it lasted the threshold; {@code call} is the system call's name
     * ({@code "epoll_wait"}, {@code "poll"}, {@code "select"}), {@code epollFd} -1 but for
     * epoll_wait, {@code timeout} in units of {@code unitNanos} (negative: blocking), the other
     * arguments the wait's own.
     */
    public static void end(@Nullable Event event, String call, int epollFd, long count, long timeout, long unitNanos, int ready) {
        if (event != null) {
            commit((WaitEvent) event, call, epollFd, count, timeoutNanos(timeout, unitNanos), ready);
        }
    }

    private static void commit(WaitEvent event, String call, int epollFd, long count, long timeoutNanos, int ready) {
        event.end();
        if (event.shouldCommit()) {
            event.call = call;
            event.epollFd = epollFd;
            event.count = count;
            event.timeout = timeoutNanos;
            event.ready = ready;
            event.commit();
        }
    }

    /** A timeout in units of {@code unitNanos} in nanoseconds; a blocking wait's is Long.MAX_VALUE, which JFR shows as Forever. */
    static long timeoutNanos(long timeout, long unitNanos) {
        if (timeout < 0) {
            return Long.MAX_VALUE;
        }
        return timeout > Long.MAX_VALUE / unitNanos ? Long.MAX_VALUE : timeout * unitNanos;
    }
}
