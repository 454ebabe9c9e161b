package dev.jselect.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import org.jspecify.annotations.Nullable;

/**
 * {@code dev.jselect.Wait}: one epoll_wait, poll or select made by Epoll, Poll, Select.select or
 * a selector, the whole wait (restarts after EINTR, a virtual thread's parks) as one event.
 */
@Name("dev.jselect.Wait")
@Label("jselect Wait")
@Category({"jselect", "Waits"})
@Description("A thread waiting in epoll_wait, poll or select for file descriptors to become ready")
@Enabled
@StackTrace
@Threshold("20 ms")
final class WaitEvent extends jdk.jfr.Event {
    @Label("Call")
    @Description("The system call: epoll_wait, poll or select")
    @Nullable String call;

    @Label("Epoll File Descriptor")
    @Description("The epoll object's file descriptor for epoll_wait, -1 for poll and select")
    int epollFd;

    @Label("Count")
    @Description("The call's count argument: epoll_wait's maxevents, poll's number of pollfd entries, select's nfds (highest fd + 1)")
    long count;

    @Label("Timeout Value")
    @Description("The timeout passed to the call; Forever when it blocks until an fd is ready")
    @Timespan(Timespan.NANOSECONDS)
    long timeout;

    @Label("Ready")
    @Description("What the call returned: the number of ready entries (events, pollfds or set bits), 0 when the time ran out")
    int ready;
}
