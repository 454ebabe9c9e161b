package dev.jselect.internal.net;

import dev.jselect.internal.sys.ErrnoNames;

import dev.jselect.internal.OwnedFd;

import dev.jselect.internal.sys.Constants;

import dev.jselect.ErrnoException;
import java.io.IOException;

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

    /** One call on the descriptor while it is held open. */
    @FunctionalInterface
    public interface Call {
        /** Makes the call on {@code fd}. */
        void on(int fd) throws IOException;
    }

    /** One call on the descriptor that gives a value, while it is held open. */
    @FunctionalInterface
    public interface Query<T> {
        /** Makes the call on {@code fd} and returns its value. */
        T on(int fd) throws IOException;
    }

    /** Makes {@code call} with the descriptor held open: EBADF once closed. */
    public void run(Call call) throws IOException {
        int s = acquire();
        try {
            call.on(s);
        } finally {
            release();
        }
    }

    /** {@link #run} for a call that gives a value. */
    public <T> T query(Query<T> query) throws IOException {
        int s = acquire();
        try {
            return query.on(s);
        } finally {
            release();
        }
    }

    /** Throws what {@link #acquire()} throws once closed (EBADF); does nothing while open. */
    public void ensureOpen() throws ErrnoException {
        if (fd.isClosed()) {
            throw ErrnoNames.exception(Constants.EBADF, "closed socket");
        }
    }

    /** The underlying {@link OwnedFd}, for a wait that must see a close (the gate's wait for readiness). */
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
