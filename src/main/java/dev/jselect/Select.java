package dev.jselect;

import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.wait.FdSetWords;
import dev.jselect.internal.Fds;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.Timeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code select} module: {@code select()}, the {@code poll()} and {@code epoll()}
 * factories, and the module's constants. Static only, like the module.
 *
 * <p>The constants are the running platform's header values, read from its binding set when
 * this class loads (the ABI is chosen at run time, so they are not compile-time constants and
 * are not inlined into callers). A constant the platform does not define is 0, a flag that sets
 * nothing (the EPOLL* constants, POLLMSG and POLLRDHUP on macOS, where Python lacks them). On a
 * platform without bindings all are 0 and every call throws {@link UnsupportedOperationException}.
 *
 * <p>{@code select} is thread-safe: each thread stages its fd_sets in its own native memory.
 *
 * <p>select on a socket and stdin, as a Python loop does:
 * <pre>{@code
 * HasFileno stdin = () -> 0;
 * SelectResult<HasFileno> r = Select.select(List.of(stdin, sock), List.of(), List.of(), 1.0);
 * if (r.readable().contains(sock)) {
 *     byte[] data = sock.recv(4096);
 * }
 * }</pre>
 */
public final class Select {
    /** {@code poll} event: there is data to read (or, on a listening socket, a connection to accept). */
    public static final int POLLIN = Constants.POLLIN;
    /** {@code poll} event: there is urgent data to read, such as TCP out-of-band data. */
    public static final int POLLPRI = Constants.POLLPRI;
    /** {@code poll} event: writing now will not block. */
    public static final int POLLOUT = Constants.POLLOUT;
    /** {@code poll} returned event: an error condition (also the write end of a pipe whose read end closed); always reported, never needs asking for. */
    public static final int POLLERR = Constants.POLLERR;
    /** {@code poll} returned event: hang up, the peer closed its end; always reported. */
    public static final int POLLHUP = Constants.POLLHUP;
    /** {@code poll} returned event: the fd is not open; always reported. */
    public static final int POLLNVAL = Constants.POLLNVAL;
    /** {@code poll} event: normal data to read (on Linux the same as {@code POLLIN}). */
    public static final int POLLRDNORM = Constants.POLLRDNORM;
    /** {@code poll} event: priority band data to read. */
    public static final int POLLRDBAND = Constants.POLLRDBAND;
    /** {@code poll} event: writing normal data will not block (on Linux the same as {@code POLLOUT}). */
    public static final int POLLWRNORM = Constants.POLLWRNORM;
    /** {@code poll} event: priority data may be written. */
    public static final int POLLWRBAND = Constants.POLLWRBAND;
    /** {@code poll} event: unused on Linux, kept for Python's {@code select.POLLMSG}. */
    public static final int POLLMSG = Constants.POLLMSG;
    /** {@code poll} event: the stream socket's peer closed or shut down its writing half (Linux only). */
    public static final int POLLRDHUP = Constants.POLLRDHUP;

    /** {@code epoll} event: there is data to read (or, on a listening socket, a connection to accept). */
    public static final int EPOLLIN = Constants.EPOLLIN;
    /** {@code epoll} event: there is an exceptional condition, such as TCP out-of-band data. */
    public static final int EPOLLPRI = Constants.EPOLLPRI;
    /** {@code epoll} event: writing now will not block. */
    public static final int EPOLLOUT = Constants.EPOLLOUT;
    /** {@code epoll} returned event: an error condition (also the write end of a pipe whose read end closed); always reported. */
    public static final int EPOLLERR = Constants.EPOLLERR;
    /** {@code epoll} returned event: hang up, the peer closed its end; always reported. */
    public static final int EPOLLHUP = Constants.EPOLLHUP;
    /** {@code epoll} event: normal data to read (as {@code EPOLLIN}). */
    public static final int EPOLLRDNORM = Constants.EPOLLRDNORM;
    /** {@code epoll} event: priority band data to read. */
    public static final int EPOLLRDBAND = Constants.EPOLLRDBAND;
    /** {@code epoll} event: writing normal data will not block (as {@code EPOLLOUT}). */
    public static final int EPOLLWRNORM = Constants.EPOLLWRNORM;
    /** {@code epoll} event: priority data may be written. */
    public static final int EPOLLWRBAND = Constants.EPOLLWRBAND;
    /** {@code epoll} event: unused on Linux, kept for Python's {@code select.EPOLLMSG}. */
    public static final int EPOLLMSG = Constants.EPOLLMSG;
    /** {@code epoll} event: the stream socket's peer closed or shut down its writing half. */
    public static final int EPOLLRDHUP = Constants.EPOLLRDHUP;
    /** {@code epoll} flag: edge-triggered, report a change of readiness once rather than for as long as the fd is ready. */
    public static final int EPOLLET = Constants.EPOLLET;
    /** {@code epoll} flag: report the fd once, then disable it until {@code modify} arms it again. */
    public static final int EPOLLONESHOT = Constants.EPOLLONESHOT;
    /** {@code epoll} flag: when several epoll objects wait on the same fd, wake one or a few of them, not all (register only, not modify). */
    public static final int EPOLLEXCLUSIVE = Constants.EPOLLEXCLUSIVE;
    /** Linux's EPOLLWAKEUP (not in Python's module); without CAP_BLOCK_SUSPEND the kernel ignores it. */
    public static final int EPOLLWAKEUP = Constants.EPOLLWAKEUP;
    /** Flag for {@link #epoll(int, int)}: close the epoll fd in a child after {@code exec} (jselect always sets it, as Python does). */
    public static final int EPOLL_CLOEXEC = Constants.EPOLL_CLOEXEC;

    /** The most bytes a write to a pipe makes at once, never interleaved with other writers; a pipe that polls writable takes at least this many. */
    public static final int PIPE_BUF = Constants.PIPE_BUF;
    /** The size of {@code select}'s fd_set: every fd passed to {@code select} must be below it. */
    public static final int FD_SETSIZE = Constants.FD_SETSIZE;

    /** Name order of {@link #pollEventNames}: the order of the Python module's documentation. */
    private static final String[] POLL_NAMES = {"POLLIN", "POLLPRI", "POLLOUT", "POLLERR", "POLLHUP", "POLLNVAL",
        "POLLRDNORM", "POLLRDBAND", "POLLWRNORM", "POLLWRBAND", "POLLMSG", "POLLRDHUP"};
    private static final int[] POLL_BITS = {POLLIN, POLLPRI, POLLOUT, POLLERR, POLLHUP, POLLNVAL,
        POLLRDNORM, POLLRDBAND, POLLWRNORM, POLLWRBAND, POLLMSG, POLLRDHUP};
    private static final String[] EPOLL_NAMES = {"EPOLLIN", "EPOLLPRI", "EPOLLOUT", "EPOLLERR", "EPOLLHUP",
        "EPOLLRDNORM", "EPOLLRDBAND", "EPOLLWRNORM", "EPOLLWRBAND", "EPOLLMSG", "EPOLLRDHUP",
        "EPOLLEXCLUSIVE", "EPOLLWAKEUP", "EPOLLONESHOT", "EPOLLET"};
    private static final int[] EPOLL_BITS = {EPOLLIN, EPOLLPRI, EPOLLOUT, EPOLLERR, EPOLLHUP,
        EPOLLRDNORM, EPOLLRDBAND, EPOLLWRNORM, EPOLLWRBAND, EPOLLMSG, EPOLLRDHUP,
        EPOLLEXCLUSIVE, EPOLLWAKEUP, EPOLLONESHOT, EPOLLET};

    private Select() {}

    /**
     * Python's {@code select.select(rlist, wlist, xlist)} without a timeout: blocks until at
     * least one fd is ready. See {@link #select(Collection, Collection, Collection, double)}.
     *
     * @param <T> the type of the objects waited on
     * @param rlist fds ({@code Integer}s or {@link HasFileno} objects) to wait on until readable
     * @param wlist fds to wait on until writable, as {@code rlist}
     * @param xlist fds to wait on for an exceptional condition, as {@code rlist}
     * @return the ready objects, a subset of each list
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static <T> SelectResult<T> select(Collection<? extends T> rlist, Collection<? extends T> wlist,
            Collection<? extends T> xlist) throws IOException {
        return selectMicros(rlist, wlist, xlist, -1);
    }

    /**
     * Python's {@code select.select(rlist, wlist, xlist, timeout)}. The collections hold Integer
     * fds or {@link HasFileno} objects; the result holds the same objects, in their order,
     * duplicates kept. The timeout is in seconds, rounded up to microseconds; 0 polls.
     *
     * @param <T> the type of the objects waited on
     * @param rlist fds ({@code Integer}s or {@link HasFileno} objects) to wait on until readable
     * @param wlist fds to wait on until writable, as {@code rlist}
     * @param xlist fds to wait on for an exceptional condition, as {@code rlist}
     * @param timeoutSeconds seconds to wait, not negative; 0 polls
     * @return the ready objects, a subset of each list
     * @throws IllegalArgumentException for an element that is neither an Integer nor a HasFileno,
     *     an fd that is negative or not below {@link #FD_SETSIZE}, a negative or NaN timeout, or
     *     one too large for the system call, always before any native memory is touched
     * @throws ErrnoException when select(2) fails, e.g. EBADF for a closed fd
     */
    public static <T> SelectResult<T> select(Collection<? extends T> rlist, Collection<? extends T> wlist,
            Collection<? extends T> xlist, double timeoutSeconds) throws IOException {
        return selectMicros(rlist, wlist, xlist, Timeouts.selectMicros(timeoutSeconds));
    }

    /**
     * Python's {@code select.select(rlist, wlist, xlist, timeout)} with the timeout as a
     * Duration, rounded up to microseconds; {@code null} blocks (Python's {@code None}).
     *
     * @param <T> the type of the objects waited on
     * @param rlist fds ({@code Integer}s or {@link HasFileno} objects) to wait on until readable
     * @param wlist fds to wait on until writable, as {@code rlist}
     * @param xlist fds to wait on for an exceptional condition, as {@code rlist}
     * @param timeout how long to wait, not negative; {@code null} waits without limit
     * @return the ready objects, a subset of each list
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static <T> SelectResult<T> select(Collection<? extends T> rlist, Collection<? extends T> wlist,
            Collection<? extends T> xlist, @Nullable Duration timeout) throws IOException {
        return selectMicros(rlist, wlist, xlist, Timeouts.selectMicros(timeout));
    }

    private static <T> SelectResult<T> selectMicros(Collection<? extends T> rlist, Collection<? extends T> wlist,
            Collection<? extends T> xlist, long timeoutMicros) throws IOException {
        Platform.abi();
        // Snapshot first: a fileno() that changes a collection cannot change what is selected.
        List<T> r = snapshot(rlist, "rlist");
        List<T> w = snapshot(wlist, "wlist");
        List<T> x = snapshot(xlist, "xlist");
        int[] rfds = selectableFds(r);
        int[] wfds = selectableFds(w);
        int[] xfds = selectableFds(x);
        FdSet rs = setOf(rfds);
        FdSet ws = setOf(wfds);
        FdSet xs = setOf(xfds);
        int nfds = 1 + Math.max(max(rfds), Math.max(max(wfds), max(xfds)));
        select(nfds, rs, ws, xs, timeoutMicros);
        return new SelectResult<>(members(r, rfds, rs), members(w, wfds, ws), members(x, xfds, xs));
    }

    /**
     * select(2) over the first {@code nfds} fds of the given sets (null for none), which are
     * replaced by the ready fds, as in C. {@code timeoutMicros < 0} blocks; EINTR is retried with
     * the remaining time. Allocates nothing: the sets are staged in this thread's native fd_sets.
     * Returns the number of ready fds.
     */
    static int select(int nfds, @Nullable FdSet r, @Nullable FdSet w, @Nullable FdSet x, long timeoutMicros) throws IOException {
        return FdSetWords.select(nfds, bitsOf(r), bitsOf(w), bitsOf(x), timeoutMicros);
    }

    private static @Nullable FdSetWords bitsOf(@Nullable FdSet set) {
        return set == null ? null : set.bits;
    }

    private static <T> List<T> snapshot(Collection<? extends T> c, String name) {
        if (c == null) {
            throw new IllegalArgumentException(name + " must be a collection, not null");
        }
        return new ArrayList<>(c);
    }

    /** The fds of {@code objs}, each checked against FD_SETSIZE (Python's ValueError). */
    private static int[] selectableFds(List<?> objs) {
        int[] fds = new int[objs.size()];
        for (int i = 0; i < fds.length; i++) {
            int fd = Fds.of(objs.get(i));
            if (fd >= FD_SETSIZE) {
                throw new IllegalArgumentException("filedescriptor out of range in select(): " + fd
                        + " is not below FD_SETSIZE (" + FD_SETSIZE + ")");
            }
            fds[i] = fd;
        }
        return fds;
    }

    private static FdSet setOf(int[] fds) {
        FdSet set = new FdSet();
        for (int fd : fds) {
            set.set(fd);
        }
        return set;
    }

    private static int max(int[] fds) {
        int max = -1;
        for (int fd : fds) {
            max = Math.max(max, fd);
        }
        return max;
    }

    /** The objects whose fd is in {@code ready}, in their order: Python's set2list. */
    private static <T> List<T> members(List<T> objs, int[] fds, FdSet ready) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < fds.length; i++) {
            if (ready.isSet(fds[i])) {
                out.add(objs.get(i));
            }
        }
        return out;
    }

    /**
     * Python's {@code select.poll()}: a new, empty {@link Poll}, with its wakeup fd.
     *
     * @return a new poll object
     * @throws UncheckedIOException around the ErrnoException when that fd cannot be opened (EMFILE)
     */
    public static Poll poll() {
        try {
            return new Poll();
        } catch (ErrnoException e) { // its wakeup fd: EMFILE, ENFILE
            throw new UncheckedIOException("select.poll(): cannot open the poll object's wakeup fd", e);
        }
    }

    /**
     * Python's {@code select.epoll()}: {@link Epoll#open()}. Off Linux there is no epoll (Python
     * has no {@code select.epoll} there): {@link UnsupportedOperationException} naming poll and select.
     *
     * @return a new epoll object
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static Epoll epoll() throws IOException {
        return Epoll.open();
    }

    /**
     * Python's {@code select.epoll(sizehint)}: {@link Epoll#open(int, int)} with no flags.
     *
     * @param sizehint -1 or positive; otherwise unused
     * @return a new epoll object
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static Epoll epoll(int sizehint) throws IOException {
        return Epoll.open(sizehint, 0);
    }

    /**
     * Python's {@code select.epoll(sizehint, flags)}: {@link Epoll#open(int, int)}.
     *
     * @param sizehint -1 or positive; otherwise unused
     * @param flags 0 or {@link #EPOLL_CLOEXEC}
     * @return a new epoll object
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public static Epoll epoll(int sizehint, int flags) throws IOException {
        return Epoll.open(sizehint, flags);
    }

    /**
     * Python's {@code hasattr(select, "poll")}: true on Linux and macOS. macOS's poll(2) does not
     * support devices (a terminal reports POLLNVAL), so {@code Selectors.open()} uses select there;
     * {@link Poll} itself is offered, as CPython offers {@code select.poll} on macOS.
     *
     * @return whether {@code poll(2)} is there
     */
    public static boolean hasPoll() {
        return Platform.hasPoll();
    }

    /**
     * Python's {@code hasattr(select, "epoll")}: true on Linux only.
     *
     * @return whether {@code epoll} is there
     */
    public static boolean hasEpoll() {
        return Platform.hasEpoll();
    }

    /**
     * The names of the POLL* bits set in {@code mask}, e.g. {@code [POLLIN, POLLHUP]}: the
     * {@code get_flag_names} helper of Python epoll/poll servers, for logging. Bits no constant
     * names are listed last as one hexadecimal number instead of failing.
     *
     * @param mask an event mask
     * @return the names of the bits set, such as {@code [POLLIN, POLLHUP]}
     */
    public static List<String> pollEventNames(int mask) {
        return names(mask, POLL_NAMES, POLL_BITS);
    }

    /**
     * The names of the EPOLL* bits set in {@code mask}, as {@link #pollEventNames}.
     *
     * @param mask an event mask
     * @return the names of the bits set, such as {@code [EPOLLIN, EPOLLHUP]}
     */
    public static List<String> epollEventNames(int mask) {
        return names(mask, EPOLL_NAMES, EPOLL_BITS);
    }

    private static List<String> names(int mask, String[] names, int[] bits) {
        List<String> out = new ArrayList<>();
        int left = mask;
        for (int i = 0; i < names.length && left != 0; i++) {
            if (bits[i] != 0 && (left & bits[i]) == bits[i]) {
                out.add(names[i]);
                left &= ~bits[i];
            }
        }
        if (left != 0) {
            out.add("0x" + Integer.toHexString(left));
        }
        return out;
    }
}
