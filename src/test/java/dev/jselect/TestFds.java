package dev.jselect;

import dev.jselect.internal.Errno;
import dev.jselect.internal.Platform;
import dev.jselect.internal.Syscalls;
import dev.jselect.os.Os;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import dev.jselect.testing.ProcessState;

/**
 * Real kernel objects for the tests, straight from the syscall layer: pipes, AF_UNIX socketpairs,
 * TCP connections on 127.0.0.1, /dev/null. Every fd made here is remembered and closed by
 * {@link #close()}; process-wide counters (open fds, RSS) come from {@link ProcessState}.
 */
final class TestFds implements AutoCloseable {
    static final int AF_INET = Platform.constant("AF_INET");
    static final int AF_UNIX = Platform.constant("AF_UNIX");
    static final int SOCK_STREAM = Platform.constant("SOCK_STREAM");
    static final int SOCK_CLOEXEC = Platform.constant("SOCK_CLOEXEC");
    static final int O_CLOEXEC = Platform.constant("O_CLOEXEC");
    static final int O_RDWR = Platform.constant("O_RDWR");
    static final int SHUT_WR = Platform.constant("SHUT_WR");

    private final List<Integer> open = new ArrayList<>();

    /** {read end, write end} of a new pipe. */
    int[] pipe() throws IOException {
        return keep(Syscalls.pipe2(O_CLOEXEC));
    }

    /** Two connected AF_UNIX stream sockets. */
    int[] socketpair() throws IOException {
        return keep(Syscalls.socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    }

    /**
     * {client, server}: a TCP connection on 127.0.0.1, the client non-blocking and connected the
     * way Python's test_epoll does it (connect reports EINPROGRESS, then the server accepts).
     */
    int[] tcpPair() throws IOException {
        GroupLayout layout = Platform.abi().layout("sockaddr_in");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(layout);
            addr.set(ValueLayout.JAVA_SHORT, layout.byteOffset(PathElement.groupElement("sin_family")), (short) AF_INET);
            long sinAddr = layout.byteOffset(PathElement.groupElement("sin_addr"));
            MemorySegment.copy(new byte[] {127, 0, 0, 1}, 0, addr, ValueLayout.JAVA_BYTE, sinAddr, 4);
            int len = (int) layout.byteSize();
            int listener = Syscalls.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            try {
                Syscalls.bind(listener, addr, len);
                Syscalls.listen(listener, 1);
                MemorySegment addrLen = arena.allocateFrom(ValueLayout.JAVA_INT, len);
                Syscalls.getsockname(listener, addr, addrLen); // now holds the ephemeral port
                int client = keep(Syscalls.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
                Os.setBlocking(client, false); // SOCK_NONBLOCK is Linux's
                int err = Syscalls.connect(client, addr, len);
                if (err != Errno.EINPROGRESS && err != 0) {
                    throw new ErrnoException(err, "connect");
                }
                int server = keep(Syscalls.accept(listener, MemorySegment.NULL, MemorySegment.NULL));
                return new int[] {client, server};
            } finally {
                Syscalls.close(listener);
            }
        }
    }

    /** A read-write fd on /dev/null: always readable and writable, and not pollable by epoll. */
    int devNull() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            return keep(Syscalls.open(arena.allocateFrom("/dev/null"), O_RDWR | O_CLOEXEC, 0));
        }
    }

    /** Closes an fd made here now, e.g. to test what happens with a closed fd. */
    void closeNow(int fd) throws IOException {
        open.remove(Integer.valueOf(fd));
        Syscalls.close(fd);
    }

    /** Takes {@code fd} into this object's care: closed by {@link #close()}. */
    int keep(int fd) {
        open.add(fd);
        return fd;
    }

    private int[] keep(int[] fds) {
        for (int fd : fds) {
            keep(fd);
        }
        return fds;
    }

    static void write(int fd, String s) throws IOException {
        Os.write(fd, s.getBytes(StandardCharsets.US_ASCII));
    }

    static String read(int fd, int n) throws IOException {
        return new String(Os.read(fd, n), StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        for (int fd : open) {
            try {
                Syscalls.close(fd);
            } catch (ErrnoException e) {
                // already closed by the test itself
            }
        }
        open.clear();
    }

    /** The number of fds this process has open. */
    static int openFdCount() throws IOException {
        return ProcessState.openFds();
    }

    /** This process's resident set size in bytes. */
    static long rssBytes() throws IOException {
        return ProcessState.rssBytes();
    }
}
