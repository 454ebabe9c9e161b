package dev.jselect.internal.jfr;

import dev.jselect.internal.wait.KernelWait;
import jdk.jfr.Event;
import org.jspecify.annotations.Nullable;

/**
 * The {@code dev.jselect.Wait} Flight Recorder event around {@link KernelWait#block}. When no
 * recording wants it, the wait pays one check of a static event's {@code isEnabled()} and
 * allocates nothing; while one does, each wait allocates its event, committed when it lasted
 * the recording's threshold (20 ms by default).
 */
public final class WaitEvents {
    /** Asked only whether the event is enabled; never committed. */
    private static final WaitEvent PROBE = new WaitEvent();

    private WaitEvents() {}

    /** A started {@code dev.jselect.Wait} event, or null when no recording wants it. */
    public static @Nullable Event begin() {
        if (!PROBE.isEnabled()) {
            return null;
        }
        WaitEvent event = new WaitEvent();
        event.begin();
        return event;
    }

    /**
     * Ends {@code event} (null: nothing to do) after a {@link KernelWait#block} wait that
     * returned {@code ready}, and commits it if it lasted the threshold; the other arguments are
     * the wait's own.
     */
    public static void end(@Nullable Event event, int call, int fd, long count, long timeout, int ready) {
        if (event != null) {
            commit((WaitEvent) event, call, fd, count, timeout, ready);
        }
    }

    private static void commit(WaitEvent event, int call, int fd, long count, long timeout, int ready) {
        event.end();
        if (event.shouldCommit()) {
            event.call = name(call);
            event.epollFd = call == KernelWait.EPOLL_WAIT ? fd : -1;
            event.count = count;
            event.timeout = timeoutNanos(call, timeout);
            event.ready = ready;
            event.commit();
        }
    }

    private static String name(int call) {
        return switch (call) {
            case KernelWait.EPOLL_WAIT -> "epoll_wait";
            case KernelWait.POLL -> "poll";
            default -> "select";
        };
    }

    /** The call's timeout (milliseconds, select's microseconds) in nanoseconds; a blocking wait's is Long.MAX_VALUE, which JFR shows as Forever. */
    static long timeoutNanos(int call, long timeout) {
        if (timeout < 0) {
            return Long.MAX_VALUE;
        }
        long unit = call == KernelWait.SELECT ? 1_000 : 1_000_000;
        return timeout > Long.MAX_VALUE / unit ? Long.MAX_VALUE : timeout * unit;
    }
}
