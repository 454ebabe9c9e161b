package dev.jselect.internal;

import dev.jselect.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What lets one thread wake another that is blocked in epoll_wait, poll or select: an fd the
 * waiter watches for reading, made readable by {@link #signal()}. An eventfd on Linux, a pipe
 * elsewhere (macOS has no eventfd); both ends are non-blocking and close-on-exec.
 *
 * <p>Java NIO's {@code Selector.wakeup} semantics: an atomic flag makes repeated signals cost
 * one write(2) until the waiter consumes the signal ({@link #drain()} after a level-triggered
 * wait, {@link #rearm()} after an edge-triggered one, which needs no read).
 *
 * <p>Closing: the fds are closed only once no wait is using them. An owner whose waits are
 * tracked elsewhere (Epoll's fd counts its calls) calls {@link #close()} after the last one;
 * others bracket each wait with {@link #enter()} and {@link #leave()}, and then {@link #close()}
 * wakes a wait in progress and leaves the closing to it.
 *
 * <p>Native memory: one 8-byte word (the eventfd increment, and where a drain reads to), from
 * an automatic arena.
 */
public final class Wakeup {
    private static final int O_CLOEXEC = Platform.constant("O_CLOEXEC");
    private static final int O_NONBLOCK = Platform.constant("O_NONBLOCK");
    private static final int EFD_CLOEXEC = Platform.constant("EFD_CLOEXEC");
    private static final int EFD_NONBLOCK = Platform.constant("EFD_NONBLOCK");
    /** A pipe is drained in reads of this many bytes; one signal writes one. */
    private static final int DRAIN_BYTES = 8;

    private final int readFd;
    private final int writeFd;
    private final MemorySegment word = Arena.ofAuto().allocate(ValueLayout.JAVA_LONG);
    private final AtomicBoolean pending = new AtomicBoolean();
    private int waits;      // guarded by this: waits between enter() and leave()
    private boolean closed; // guarded by this

    private Wakeup(int readFd, int writeFd) {
        this.readFd = readFd;
        this.writeFd = writeFd;
    }

    /** A new wakeup channel: eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK) on Linux, a pipe elsewhere. */
    public static Wakeup open() throws ErrnoException {
        if (Platform.isLinux()) {
            int fd = Syscalls.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
            return new Wakeup(fd, fd);
        }
        return openPipe();
    }

    /** The macOS form, on every platform so that Linux tests it too. */
    static Wakeup openPipe() throws ErrnoException {
        int[] pipe = Syscalls.pipe2(O_CLOEXEC | O_NONBLOCK);
        return new Wakeup(pipe[0], pipe[1]);
    }

    /**
     * Closes this channel once {@code owner} is unreachable, for owners that, like Python's poll
     * objects, need not be closed. The returned handle's {@code clean()} closes it at once instead.
     */
    public Cleaner.Cleanable closeWhenUnreachable(Object owner) {
        return Cleaners.CLEANER.register(owner, this::close);
    }

    /** The cleaner thread, started only by the first owner that needs one. */
    private static final class Cleaners {
        static final Cleaner CLEANER = Cleaner.create();
    }

    /** The fd to watch for reading; never part of any result. */
    public int fd() {
        return readFd;
    }

    /**
     * Makes {@link #fd()} readable, unless a signal is already pending or the channel is
     * closed: a thousand signals before the waiter consumes one cost one write(2).
     */
    public void signal() throws ErrnoException {
        if (pending.get() || !pending.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            if (!closed) {
                write();
            }
        }
    }

    /**
     * Makes {@link #fd()} readable whether or not a signal is pending (a close waking every
     * waiter). No-op once closed.
     */
    public synchronized void signalAlways() throws ErrnoException {
        if (!closed) {
            pending.set(true);
            write();
        }
    }

    private void write() throws ErrnoException {
        word.set(ValueLayout.JAVA_LONG, 0, 1L);
        try {
            Syscalls.write(writeFd, word, readFd == writeFd ? 8 : 1);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EAGAIN) { // a full pipe or counter is readable already
                throw e;
            }
        }
    }

    /**
     * After a level-triggered wait (poll, select) reported {@link #fd()}: reads it empty, then
     * lets the next {@link #signal()} write again. Only while the fd is known open (inside a wait).
     */
    public void drain() throws ErrnoException {
        try {
            while (Syscalls.read(readFd, word, DRAIN_BYTES) == DRAIN_BYTES && readFd != writeFd) {
                // a pipe may hold more than one signal's byte
            }
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EAGAIN) {
                throw e;
            }
        }
        pending.set(false); // after the read: a signal racing with it is one this wait already answers
    }

    /** After an edge-triggered epoll wait reported {@link #fd()}: the event was the signal; no read needed. */
    public void rearm() {
        pending.set(false);
    }

    /** A wait on {@link #fd()} begins; false once closed (the wait must not start). */
    public synchronized boolean enter() {
        if (closed) {
            return false;
        }
        waits++;
        return true;
    }

    /** The wait begun by {@link #enter()} has ended; the last one out after a close closes the fds. */
    public synchronized void leave() {
        if (--waits == 0 && closed) {
            closeFds();
        }
    }

    /**
     * Marks the channel closed: later signals do nothing. With waits in progress they are woken
     * and the fds close when the last leaves; otherwise they close now. Idempotent.
     */
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (waits > 0) {
            try {
                signalAlways();
            } catch (ErrnoException e) {
                throw new IllegalStateException("could not wake the waiting thread", e);
            }
            closed = true;
        } else {
            closed = true;
            closeFds();
        }
    }

    private void closeFds() {
        closeQuietly(readFd);
        if (writeFd != readFd) {
            closeQuietly(writeFd);
        }
    }

    private static void closeQuietly(int fd) {
        try {
            Syscalls.close(fd);
        } catch (ErrnoException e) {
            // nothing was written through it that could be lost; the kernel frees the fd either way
        }
    }
}
