package dev.jselect.internal.net;

import dev.jselect.internal.sys.ErrnoNames;

import dev.jselect.internal.OwnedFd;

import dev.jselect.internal.wait.Waits;

import dev.jselect.internal.sys.Constants;

import dev.jselect.ErrnoException;

/**
 * A socket's {@link OwnedFd}: the same once-only close and calls-in-flight guard, but a call on
 * a closed socket fails with {@link ErrnoException} EBADF, as every method of CPython's
 * {@code socket.socket} does after {@code close()} (its fd is then -1), instead of the
 * IllegalStateException that closed epoll and poll objects give (Python's ValueError).
 */
public final class SocketFd {
    private final OwnedFd fd;

    public SocketFd(int fd) {
        this.fd = new OwnedFd(fd, "socket");
    }

    /** The descriptor for one call, paired with {@link #release()} in a finally block; EBADF once closed. */
    public int acquire() throws ErrnoException {
        int s = fd.tryAcquire();
        if (s < 0) {
            throw ErrnoNames.exception(Constants.EBADF, "closed socket");
        }
        return s;
    }

    /** Throws what {@link #acquire()} throws once closed (EBADF); does nothing while open. */
    public void ensureOpen() throws ErrnoException {
        if (fd.isClosed()) {
            throw ErrnoNames.exception(Constants.EBADF, "closed socket");
        }
    }

    /** The underlying {@link OwnedFd}, for a wait that must see a close ({@link Waits#awaitFd}). */
    public OwnedFd owned() {
        return fd;
    }

    public void release() {
        fd.release();
    }

    public void close() throws ErrnoException {
        fd.close();
    }

    public boolean isClosed() {
        return fd.isClosed();
    }

    /** The descriptor, or -1 once closed. */
    public int fileno() {
        return fd.fileno();
    }
}
