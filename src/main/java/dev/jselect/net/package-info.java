/**
 * The bits of Python's {@code socket} module that select programs use: {@link dev.jselect.net.NativeSocket}
 * on a raw descriptor, with {@link dev.jselect.net.SocketPair} and {@link dev.jselect.net.Accepted}.
 *
 * <p>Where {@link NativeSocket} differs from Python's {@code socket.socket}, always deliberately:
 * <ul>
 * <li>Hosts are names or numeric literals, resolved as Python resolves them (getaddrinfo; see
 *     {@link NativeSocket#getAddrInfo}); a failed lookup is {@link GaiException} (Python's {@code gaierror}).
 *     A port outside 0-65535 throws {@link IllegalArgumentException} (Python: {@code OverflowError}).
 * <li>After {@link NativeSocket#close()}, {@link NativeSocket#fileno()} returns -1 and every other call throws
 *     {@link dev.jselect.ErrnoException} EBADF, as in Python ({@code connectEx} returns EBADF, as
 *     {@code connect_ex} returns 9).
 * <li>The descriptor is closed exactly once, and never while another thread is inside a call on
 *     this socket: {@code close()} then marks the socket closed at once and the descriptor is
 *     released when that call returns (use {@link NativeSocket#shutdown} first to wake a blocked reader).
 * <li>Timeouts as in Python ({@link NativeSocket#setTimeout}): none (blocking), zero (non-blocking: a call
 *     that would block throws {@link dev.jselect.ErrnoException} EAGAIN, Python's BlockingIOError), or a
 *     time after which a call throws {@link java.net.SocketTimeoutException} "timed out". As in CPython a
 *     socket with a timeout has O_NONBLOCK set on its fd and waits with poll(2).
 * <li>On a virtual thread no call blocks the carrier: an operation that would block parks the
 *     virtual thread until the fd is ready (see docs/virtual-threads.md). For accept and
 *     connect, which have no per-call non-blocking flag, the first such call sets O_NONBLOCK on
 *     the fd for good, as the JDK's own sockets do; the socket's timeout, and so every call's
 *     behaviour, stays what it was. {@code Thread.interrupt()} of a parked virtual thread ends the
 *     call with {@link java.io.InterruptedIOException} (socket left open, interrupt status kept);
 *     {@link NativeSocket#close()} from another thread wakes it with the closed-socket exception.
 * <li>send(2) uses MSG_NOSIGNAL: writing to a closed peer gives EPIPE, never SIGPIPE.
 * <li>Heap bytes (arrays, heap buffers) go to the kernel directly when the call cannot block
 *     (arrays of up to 4 KiB, and what {@code recv(n)} finds already there, through a reused
 *     native buffer, which leaves nothing on the Java heap), else through a bounded, reused
 *     native buffer: such a call on a stream
 *     socket moves at most 256 KiB of them (a short count, which streams allow
 *     anyway); a datagram is never split or truncated. Direct buffers go straight to the kernel.
 * </ul>
 */
@NullMarked
package dev.jselect.net;

import org.jspecify.annotations.NullMarked;
