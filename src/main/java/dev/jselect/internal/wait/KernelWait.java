package dev.jselect.internal.wait;

import dev.jselect.internal.sys.WaitCalls;

import dev.jselect.ErrnoException;
import dev.jselect.internal.jfr.WaitEvents;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import jdk.jfr.Event;

/**
 * The one place where jselect blocks: every epoll_wait, poll and select of Epoll, Poll,
 * Select.select and the selectors goes through {@link #block}, so that whatever a blocking wait
 * needs around it (a virtual thread giving up its carrier, say) is added here once.
 */
public final class KernelWait {
    public static final int EPOLL_WAIT = 0;
    public static final int POLL = 1;
    public static final int SELECT = 2;

    private KernelWait() {}

    /**
     * One wait, restarted after EINTR with the time left:
     * <ul>
     * <li>{@link #EPOLL_WAIT}: epoll_wait({@code fd}, {@code a}, {@code count}, {@code timeout} ms);
     * <li>{@link #POLL}: poll({@code a}, {@code count}, {@code timeout} ms);
     * <li>{@link #SELECT}: select({@code count}, {@code a}, {@code b}, {@code c}, {@code timeout} µs).
     * </ul>
     * A negative timeout blocks. Returns the kernel's count of ready entries. On a virtual thread
     * the wait parks it until a watched fd is ready ({@link ParkingWaits}); an interrupt then ends
     * it with {@link java.io.InterruptedIOException}. While a Flight Recorder recording wants it, the
     * wait is a {@code dev.jselect.Wait} event ({@link WaitEvents}).
     */
    public static int block(int call, int fd, MemorySegment a, MemorySegment b, MemorySegment c, long count,
            long timeout) throws ErrnoException, InterruptedIOException {
        Event event = WaitEvents.begin(); // null unless a recording wants it; the segments never reach it
        int n;
        if (IoWait.mustPark()) { // a virtual thread parks instead of blocking its carrier
            n = switch (call) {
                case EPOLL_WAIT -> ParkingWaits.epollWait(fd, a, (int) count, (int) timeout);
                case POLL -> ParkingWaits.poll(a, count, (int) timeout);
                case SELECT -> ParkingWaits.select((int) count, a, b, c, timeout);
                default -> throw new IllegalArgumentException("no such wait: " + call);
            };
        } else {
            n = switch (call) {
                case EPOLL_WAIT -> WaitCalls.epollWait(fd, a, (int) count, (int) timeout);
                case POLL -> WaitCalls.poll(a, count, (int) timeout);
                case SELECT -> WaitCalls.select((int) count, a, b, c, timeout);
                default -> throw new IllegalArgumentException("no such wait: " + call);
            };
        }
        WaitEvents.end(event, call, fd, count, timeout, n);
        return n;
    }
}
