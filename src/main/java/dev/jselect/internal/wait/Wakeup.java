package dev.jselect.internal.wait;

import dev.jselect.internal.OwnedFd;

import dev.jselect.internal.sys.Constants;

import dev.jselect.internal.sys.Platform;

import dev.jselect.internal.sys.ErrnoNames;

import dev.jselect.internal.sys.WaitCalls;

import dev.jselect.internal.NativeMemory;

import dev.jselect.internal.sys.FdCalls;

import dev.jselect.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What lets one thread wake another that is blocked in epoll_wait, poll or select: an fd the
 * waiter watches for reading, made readable by {@link #signal()}. An eventfd on Linux, a pipe
 * elsewhere (macOS has no eventfd) and where eventfd is refused; both ends are non-blocking and
 * close-on-exec.
 *
 * <p>Java NIO's {@code Selector.wakeup} semantics: an atomic flag makes repeated signals cost
 * one write(2) until the waiter consumes the signal ({@link #drain()} after a level-triggered
 * wait, {@link #consume()} after an edge-triggered one, which needs no read).
 *
 * <p>Outside the caller's fd space: every open wakeup's number is listed in one process-wide set
 * ({@link #isWakeupFd}), so the objects that wait refuse a caller's registration of such a
 * number as they would a closed fd; on epoll it is registered with {@link #epollData()}, whose
 * high 32 bits hold a tag that no caller registration carries ({@link #isWakeupData}).
 *
 * <p>Lifetime: made only by {@link #open()}, when its owner is made; closed only by
 * {@link #closeFds()}, which the owner's {@link OwnedFd} runs once, after the last call in
 * flight (see {@link Waitable}). Signals therefore never reach a closed or reused number.
 */
public final class Wakeup {
    private static final int O_CLOEXEC = Constants.O_CLOEXEC;
    private static final int O_NONBLOCK = Constants.O_NONBLOCK;
    private static final int EFD_CLOEXEC = Constants.EFD_CLOEXEC;
    private static final int EFD_NONBLOCK = Constants.EFD_NONBLOCK;
    /** A pipe is drained in reads of this many bytes; one signal writes one. */
    private static final int DRAIN_BYTES = 8;
    /** epoll_data high half of every wakeup registration: "jsel". Epoll puts 0 there for a caller's fd. */
    private static final long TAG = 0x6A73656CL;
    /**
     * The fds of every open wakeup in the process, a bit per number: replaced, never changed,
     * under {@code Wakeup.class} (opening and closing are rare), so a lookup (a Poll checks each
     * registration when it rebuilds its array) is one array read, with no lock and no boxing.
     */
    private static volatile long[] open = new long[0];
    /** Changes whenever a wakeup opens: fds a caller registered earlier may have become one. */
    private static volatile int generation;
    /** The eventfd increment (a pipe is written its first byte); never written after this. */
    private static final MemorySegment ONE = NativeMemory.global().allocateFrom(ValueLayout.JAVA_LONG, 1L);

    /** Set once eventfd was refused (ENOSYS, EPERM): every later wakeup is a pipe without asking again. */
    private static volatile boolean eventfdRefused;

    private final int readFd;
    private final int writeFd;
    /** Where a drain reads to; the signal's increment, 1, is in {@link #ONE}. */
    private final MemorySegment word = NativeMemory.ofAuto().allocate(ValueLayout.JAVA_LONG);
    private final AtomicBoolean pending = new AtomicBoolean();

    private Wakeup(int readFd, int writeFd) {
        this.readFd = readFd;
        this.writeFd = writeFd;
        mark(readFd, true);
        mark(writeFd, true);
    }

    private static synchronized void mark(int fd, boolean isOpen) {
        long[] bits = Arrays.copyOf(open, Math.max(open.length, (fd >>> 6) + 1));
        if (isOpen) {
            bits[fd >>> 6] |= 1L << fd;
        } else {
            bits[fd >>> 6] &= ~(1L << fd);
        }
        open = bits;
        if (isOpen) {
            generation++;
        }
    }

    /**
     * A new wakeup channel: eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK) on Linux, a pipe elsewhere and
     * wherever the kernel or a sandbox refuses eventfd (see {@link ErrnoNames#isRefusal}); after one refusal
     * eventfd is not asked again. Like every new fd, its number is the lowest free one.
     */
    static Wakeup open() throws ErrnoException {
        if (Platform.isLinux() && !eventfdRefused) {
            try {
                int fd = WaitCalls.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
                return new Wakeup(fd, fd);
            } catch (ErrnoException e) {
                if (!ErrnoNames.isRefusal(e.errno())) {
                    throw e; // EMFILE and the like: a pipe would fail alike
                }
                eventfdRefused = true;
            }
        }
        return openPipe();
    }

    /** The macOS form, on every platform so that Linux tests it too. */
    static Wakeup openPipe() throws ErrnoException {
        int[] pipe = FdCalls.pipe2(O_CLOEXEC | O_NONBLOCK);
        return new Wakeup(pipe[0], pipe[1]);
    }

    /** True when {@code fd} is one of the library's own wakeup fds, which no caller can have registered. */
    public static boolean isWakeupFd(int fd) {
        long[] bits = open;
        int word = fd >>> 6;
        return fd >= 0 && word < bits.length && (bits[word] & 1L << fd) != 0;
    }

    /** A number that changes whenever a wakeup opens (see {@link #isWakeupFd}). */
    public static int generation() {
        return generation;
    }

    /** The epoll_data this channel is registered with: the tag in the high half, the fd in the low. */
    public long epollData() {
        return TAG << 32 | readFd;
    }

    /** True for the epoll_data of any jselect wakeup, this object's or another's in a shared interest list. */
    public static boolean isWakeupData(long data) {
        return data >>> 32 == TAG;
    }

    /** The fd to watch for reading; never part of any result. */
    public int fd() {
        return readFd;
    }

    /** Makes {@link #fd()} readable unless a signal is pending: a thousand signals before the waiter consumes one cost one write(2). */
    public void signal() throws ErrnoException {
        if (!pending.get() && pending.compareAndSet(false, true)) {
            write();
        }
    }

    /** Makes {@link #fd()} readable whether or not a signal is pending (a close waking every waiter). */
    public void signalAlways() throws ErrnoException {
        pending.set(true);
        write();
    }

    private void write() throws ErrnoException {
        try {
            FdCalls.write(writeFd, ONE, readFd == writeFd ? 8 : 1);
        } catch (ErrnoException e) {
            if (e.errno() != Constants.EAGAIN) { // a full pipe or counter is readable already
                throw e;
            }
        }
    }

    /** After a level-triggered wait (poll, select) reported {@link #fd()}: reads it empty, then lets the next signal write. */
    public void drain() throws ErrnoException {
        try {
            while (FdCalls.read(readFd, word, DRAIN_BYTES) == DRAIN_BYTES && readFd != writeFd) {
                // a pipe may hold more than one signal's byte
            }
        } catch (ErrnoException e) {
            if (e.errno() != Constants.EAGAIN) {
                throw e;
            }
        }
        pending.set(false); // after the read: a signal racing with it is one this wait already answers
    }

    /**
     * Takes the pending signal, if any: true when there was one. An edge-triggered waiter calls
     * it before waiting (a signal whose edge another object sharing the interest list took is not
     * lost: the wait does not block) and when its wait reported {@link #fd()}.
     */
    public boolean consume() {
        return pending.get() && pending.getAndSet(false);
    }

    /** Closes the fds; the owner calls it once, when no call can use them any more. */
    void closeFds() {
        mark(readFd, false); // before close(2): the number may be handed out again at once
        mark(writeFd, false);
        closeQuietly(readFd);
        if (writeFd != readFd) {
            closeQuietly(writeFd);
        }
    }

    private static void closeQuietly(int fd) {
        try {
            FdCalls.close(fd);
        } catch (ErrnoException e) {
            // nothing was written through it that could be lost; the kernel frees the fd either way
        }
    }
}
