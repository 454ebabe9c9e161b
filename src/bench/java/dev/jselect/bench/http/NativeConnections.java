package dev.jselect.bench.http;

import dev.jselect.ErrnoException;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The connection side of the jselect servers, so that the epoll, poll and select servers differ
 * only in how they wait: a {@link NativeSocket} and a {@link KeepAliveConnection} per fd, in
 * arrays indexed by fd, and one pair of direct buffers for all (one thread serves them all).
 */
final class NativeConnections implements AutoCloseable {
    /** What a connection waits for next, as bits; {@link #CLOSE}: the peer is gone. */
    static final int READ = 1, WRITE = 2, CLOSE = 0;

    private NativeSocket[] sockets = new NativeSocket[1024];
    private KeepAliveConnection[] http = new KeepAliveConnection[1024];
    private int[] interest = new int[1024];
    private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);

    /** A non-blocking listening socket on 127.0.0.1:{@code port}. */
    static NativeSocket listen(int port) throws IOException {
        NativeSocket server = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        server.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_REUSEADDR, 1);
        server.bind("127.0.0.1", port);
        server.listen(KeepAliveHttp.BACKLOG);
        server.setBlocking(false);
        return server;
    }

    /**
     * Accepts one pending connection (the wait reports the listening socket again while more
     * are queued); its fd, or -1 when another thread's client took it first.
     */
    int accept(NativeSocket server) throws IOException {
        NativeSocket s;
        try {
            s = server.accept().socket();
        } catch (ErrnoException e) {
            if (e.errnoName().equals("EAGAIN") || e.errnoName().equals("ECONNABORTED")) {
                return -1;
            }
            throw e;
        }
        s.setBlocking(false);
        s.setSockOpt(NativeSocket.IPPROTO_TCP, NativeSocket.TCP_NODELAY, 1);
        int fd = s.fileno();
        grow(fd);
        sockets[fd] = s;
        http[fd] = new KeepAliveConnection();
        interest[fd] = READ;
        return fd;
    }

    /** The interest {@code fd} had before the last {@link #onReady}. */
    int interest(int fd) {
        return interest[fd];
    }

    /**
     * Serves {@code fd} after the wait reported it; returns what it waits for now: READ,
     * READ | WRITE while responses are stuck in a full socket, or CLOSE, after which the caller
     * unregisters it and calls {@link #close(int)}.
     */
    int onReady(int fd, boolean readable, boolean writable) {
        NativeSocket s = sockets[fd];
        try {
            if (writable) {
                send(fd, s);
            }
            if (readable) {
                in.clear();
                int n;
                try {
                    n = s.recvInto(in);
                } catch (ErrnoException e) {
                    if (!e.errnoName().equals("EAGAIN")) {
                        throw e;
                    }
                    n = -1; // a stale event for an fd number that a new connection now holds
                }
                if (n == 0) {
                    return interest[fd] = CLOSE;
                }
                http[fd].received(in, n); // n == -1: nothing read
                send(fd, s);
            }
            return interest[fd] = http[fd].owes() ? READ | WRITE : READ;
        } catch (IOException e) {
            return interest[fd] = CLOSE; // reset by the client (the idle holder closes with SO_LINGER 0)
        }
    }

    private void send(int fd, NativeSocket s) throws IOException {
        KeepAliveConnection c = http[fd];
        while (c.owes()) {
            c.fill(out);
            int want = out.remaining();
            int n;
            try {
                n = s.send(out);
            } catch (ErrnoException e) {
                if (!e.errnoName().equals("EAGAIN")) {
                    throw e;
                }
                n = 0;
            }
            c.sent(n);
            if (n < want) {
                return; // the socket is full: the caller waits for WRITE
            }
        }
    }

    /** Closes one connection (after the caller unregistered it). */
    void close(int fd) {
        try {
            sockets[fd].close();
        } catch (IOException ignored) {
            // closing a reset socket: nothing left to do
        }
        sockets[fd] = null;
        http[fd] = null;
    }

    @Override
    public void close() {
        for (int fd = 0; fd < sockets.length; fd++) {
            if (sockets[fd] != null) {
                close(fd);
            }
        }
    }

    private void grow(int fd) {
        if (fd >= sockets.length) {
            int n = Math.max(fd + 1, sockets.length * 2);
            sockets = Arrays.copyOf(sockets, n);
            http = Arrays.copyOf(http, n);
            interest = Arrays.copyOf(interest, n);
        }
    }
}
