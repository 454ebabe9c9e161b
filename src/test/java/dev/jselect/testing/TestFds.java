package dev.jselect.testing;

import dev.jselect.Errno;
import dev.jselect.ErrnoException;
import dev.jselect.internal.sys.ErrnoNames;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.sys.SocketCalls;
import dev.jselect.net.NativeSocket;
import dev.jselect.os.Os;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real kernel objects for the tests, as raw fds: pipes, AF_UNIX socketpairs, TCP connections on
 * 127.0.0.1, /dev/null. Every fd made here is remembered and closed by
 * {@link #close()}.
 */
public final class TestFds implements AutoCloseable {
    public static final int AF_UNIX = Platform.constant("AF_UNIX");
    public static final int SOCK_STREAM = Platform.constant("SOCK_STREAM");
    public static final int SOCK_CLOEXEC = Platform.constant("SOCK_CLOEXEC");
    public static final int O_CLOEXEC = Platform.constant("O_CLOEXEC");
    public static final int O_RDWR = Platform.constant("O_RDWR");
    public static final int SHUT_WR = Platform.constant("SHUT_WR");

    private final List<Integer> open = new CopyOnWriteArrayList<>();
    private final List<NativeSocket> sockets = new ArrayList<>();

    /** {read end, write end} of a new pipe. */
    public int[] pipe() throws IOException {
        return keep(FdCalls.pipe2(O_CLOEXEC));
    }

    /** Two connected AF_UNIX stream sockets. */
    public int[] socketpair() throws IOException {
        return keep(SocketCalls.socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    }

    /**
     * {client, server}: a TCP connection on 127.0.0.1, the client non-blocking and connected the
     * way Python's test_epoll does it (connect reports EINPROGRESS, then the server accepts).
     */
    public int[] tcpPair() throws IOException {
        try (NativeSocket listener = NativeSocket.createServer("127.0.0.1", 0)) {
            NativeSocket client = keep(NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM));
            client.setBlocking(false);
            int err = client.connectEx("127.0.0.1", listener.getSockName().getPort());
            if (err != Errno.EINPROGRESS && err != 0) {
                throw ErrnoNames.exception(err, "connect");
            }
            NativeSocket server = keep(listener.accept().socket());
            return new int[] {client.fileno(), server.fileno()};
        }
    }

    /** A read-write fd on /dev/null: always readable and writable, and not pollable by epoll. */
    public int devNull() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            return keep(FdCalls.open(arena.allocateFrom("/dev/null"), O_RDWR | O_CLOEXEC, 0));
        }
    }

    /** Closes an fd made here now, e.g. to test what happens with a closed fd. */
    public void closeNow(int fd) throws IOException {
        open.remove(Integer.valueOf(fd));
        FdCalls.close(fd);
    }

    private NativeSocket keep(NativeSocket socket) {
        sockets.add(socket);
        return socket;
    }

    /**
     * Starts a thread that writes {@code line} {@code times} times, {@code pauseMillis} apart, to
     * {@code fd}, then closes it: the subprocess of CPython's test_select and test_poll2.
     */
    public Thread writeLinesThenClose(int fd, String line, int times, long pauseMillis) {
        return Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < times; i++) {
                    write(fd, line);
                    Thread.sleep(pauseMillis);
                }
                closeNow(fd);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** Takes {@code fd} into this object's care: closed by {@link #close()}. */
    public int keep(int fd) {
        open.add(fd);
        return fd;
    }

    private int[] keep(int[] fds) {
        for (int fd : fds) {
            keep(fd);
        }
        return fds;
    }

    public static void write(int fd, String s) throws IOException {
        Os.write(fd, s.getBytes(StandardCharsets.US_ASCII));
    }

    public static String read(int fd, int n) throws IOException {
        return new String(Os.read(fd, n), StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        for (int fd : open) {
            try {
                FdCalls.close(fd);
            } catch (ErrnoException e) {
                // already closed by the test itself
            }
        }
        open.clear();
        for (NativeSocket s : sockets) {
            s.close();
        }
        sockets.clear();
    }
}
