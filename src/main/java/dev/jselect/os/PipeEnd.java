package dev.jselect.os;

import dev.jselect.HasFileno;
import dev.jselect.internal.wait.FdCloses;
import dev.jselect.internal.OwnedFd;
import dev.jselect.internal.Unclosed;
import java.io.IOException;
import java.util.Arrays;

/**
 * The parent's end of one of a child's pipes ({@link Subprocess#stdin()}, {@code stdout()},
 * {@code stderr()}): an fd for select loops, with Python's {@code os.read}/{@code os.write} on it
 * and {@code close}. Unbuffered, unlike Python's {@code p.stdout} file objects: what select
 * reports readable is really there. Blocking until {@link #setBlocking(boolean) setBlocking(false)}.
 *
 * <p>Its number is used for one open pipe only: {@link #close()} closes it once, never while
 * a {@link #read}/{@link #write} on it runs. An end that becomes unreachable unclosed is closed
 * then, with one WARN log line naming it ("unclosed stdout pipe (fd 5)"), as CPython emits a
 * ResourceWarning for a Popen's pipe file collected open: close it, or close the {@link
 * Subprocess}, which closes its ends. Close it here, not with {@code Os.close(fileno())}, which
 * this object would not know of.
 */
public final class PipeEnd implements HasFileno, AutoCloseable {
    private final OwnedFd fd;
    private final Unclosed unclosed;

    PipeEnd(int fd, String kind) {
        OwnedFd owned = new OwnedFd(fd, kind);
        this.fd = owned;
        this.unclosed = Unclosed.warnAndClose(this, kind + " (fd " + fd + ")", () -> {
            try {
                owned.close();
            } catch (IOException ignored) {
                // unreachable: nobody is left to report it to, and the fd is released either way
            }
        });
    }

    /** The fd, or -1 once closed (as Python's {@code socket.fileno()}). */
    @Override
    public int fileno() {
        return fd.fileno();
    }

    /**
     * Python {@code os.read(fd, n)}, or {@code read1(n)} of Python's pipe file object (one read
     * at most): at most {@code n} bytes, empty at end of file (the child closed its end).
     *
     * @param n how many bytes at most
     * @return the bytes read; empty at end of file
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public byte[] read(int n) throws IOException {
        int f = fd.acquire();
        try {
            return Os.read(f, n);
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code os.write(fd, data)}: the bytes written; EPIPE once the child closed its end.
     *
     * @param data the bytes to write
     * @return how many bytes were written
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int write(byte[] data) throws IOException {
        return write(data, 0, data.length);
    }

    /**
     * {@link #write(byte[])} of {@code data[off, off + len)}.
     *
     * @param data the bytes to write
     * @param off where in the array the bytes start
     * @param len how many bytes at most
     * @return how many bytes were written
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public int write(byte[] data, int off, int len) throws IOException {
        byte[] part = off == 0 && len == data.length ? data : Arrays.copyOfRange(data, off, Math.addExact(off, len));
        int f = fd.acquire();
        try {
            return Os.write(f, part);
        } finally {
            fd.release();
        }
    }

    /**
     * Python {@code os.set_blocking(fd, blocking)}.
     *
     * @param blocking {@code true} for blocking, {@code false} for non-blocking
     * @throws IOException if the system call fails ({@link dev.jselect.ErrnoException}, Python's {@code OSError})
     */
    public void setBlocking(boolean blocking) throws IOException {
        int f = fd.acquire();
        try {
            Os.setBlocking(f, blocking);
        } finally {
            fd.release();
        }
    }

    /**
     * Whether {@link #close()} has run.
     *
     * @return whether this end is closed
     */
    public boolean isClosed() {
        return fd.isClosed();
    }

    /**
     * Closes the parent's end (for stdin: the child reads end of file); later calls do nothing.
     * A virtual thread parked in {@link #read} or {@link #write} on it wakes and fails with EBADF.
     */
    @Override
    public void close() throws IOException {
        int number = fd.fileno();
        // a call in flight keeps the number open (OwnedFd), so waking its waiters reaches no other file
        boolean busy = number >= 0 && fd.callsInFlight() > 0;
        if (busy) {
            FdCloses.closing(number, true);
        }
        try {
            fd.close();
        } finally {
            unclosed.close();
            if (busy && fd.callsInFlight() > 0) {
                FdCloses.closing(number, false); // one that parked meanwhile
            }
        }
    }

    @Override
    public String toString() {
        return "PipeEnd[fd=" + fileno() + "]";
    }
}
