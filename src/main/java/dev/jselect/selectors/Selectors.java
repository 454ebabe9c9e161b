package dev.jselect.selectors;

import dev.jselect.ErrnoException;
import dev.jselect.Select;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.ErrnoNames;
import java.io.IOException;

/**
 * Python's {@code selectors} module: the event constants and {@code DefaultSelector}.
 *
 * <p>An echo server's loop, as Python's {@code selectors.DefaultSelector()}:
 * <pre>{@code
 * try (BaseSelector sel = Selectors.open()) {
 *     sel.register(server, Selectors.EVENT_READ);
 *     for (SelectedKey ready : sel.select()) {
 *         NativeSocket sock = (NativeSocket) ready.key().fileobj();
 *         if (sock == server) {
 *             sel.register(server.accept().socket(), Selectors.EVENT_READ);
 *         } else {
 *             sock.sendAll(sock.recv(4096));
 *         }
 *     }
 * }
 * }</pre>
 */
public final class Selectors {
    /** Python {@code selectors.EVENT_READ}. */
    public static final int EVENT_READ = 1;
    /** Python {@code selectors.EVENT_WRITE}. */
    public static final int EVENT_WRITE = 1 << 1;

    /** System property that forces {@link #open()} to one implementation: {@code select}, {@code poll} or {@code epoll}. */
    public static final String SELECTOR_PROPERTY = "jselect.selector";

    private Selectors() {}

    /**
     * Python {@code selectors.DefaultSelector()}: an {@link EpollSelector} where the platform has
     * epoll (Linux), else a {@link PollSelector} where its poll works for every kind of fd, else
     * a {@link SelectSelector} (macOS, whose poll(2) does not support devices such as terminals;
     * CPython uses kqueue there). The first that can actually be made: where the kernel or a
     * sandbox refuses epoll_create1 (ENOSYS, EPERM, EACCES), a {@link PollSelector}, although
     * {@link Select#hasEpoll()} stays true there as Python's {@code hasattr(select, "epoll")} does
     * (it says what the platform has; {@code select.epoll()} then raises, and so does
     * {@link Select#epoll()}). The system property {@value #SELECTOR_PROPERTY} ({@code select}, {@code poll} or
     * {@code epoll}) forces one, so that every fallback can be exercised on Linux.
     *
     * @return a new selector
     * @throws IllegalArgumentException when the property holds any other value
     * @throws IOException when the selector cannot be made for want of resources (EMFILE, ENOMEM)
     */
    public static BaseSelector open() throws IOException {
        String forced = System.getProperty(SELECTOR_PROPERTY);
        if (forced != null) {
            return switch (forced) {
                case "select" -> new SelectSelector();
                case "poll" -> new PollSelector();
                case "epoll" -> new EpollSelector();
                default -> throw new IllegalArgumentException(
                        SELECTOR_PROPERTY + "=" + forced + " is not a selector: use select, poll or epoll");
            };
        }
        if (Select.hasEpoll()) {
            try {
                return new EpollSelector();
            } catch (ErrnoException e) {
                if (!ErrnoNames.isRefusal(e.errno())) {
                    throw e; // EMFILE, ENOMEM: poll's wakeup would fail alike
                }
                // epoll_create1 refused (a seccomp profile, ENOSYS or EPERM): poll is next
            }
        }
        if (Select.hasPoll() && Platform.pollWorksForDevices()) {
            return new PollSelector();
        }
        return new SelectSelector();
    }
}
