package dev.jselect.bench.http;

import dev.jselect.ErrnoException;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The connection side of the jselect servers, so that the epoll, poll and select servers differ
 * only in how they wait: keep-alive state per fd over {@link NativeSocket}, in arrays indexed by
 * fd, and one pair of direct buffers for every connection (one thread serves them all).
 */
final class NativeConnections implements AutoCloseable {
    /** What a connection waits for next, as bits; {@link #CLOSE}: the peer is gone. */
    static final int READ = 1, WRITE = 2, CLOSE = 0;

    private NativeSocket[] sockets = new NativeSocket[1024];
    private int[] scan = new int[1024];     // KeepAliveHttp.next state
    private int[] owed = new int[1024];     // responses still to send
    private int[] sent = new int[1024];     // bytes of the first owed response already sent
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
        scan[fd] = owed[fd] = sent[fd] = 0;
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
                for (int i = 0; i < n; i++) { // n == -1: nothing read
                    scan[fd] = KeepAliveHttp.next(scan[fd], in.get(i));
                    if (scan[fd] == KeepAliveHttp.END_OF_REQUEST) {
                        scan[fd] = 0;
                        owed[fd]++;
                    }
                }
                send(fd, s);
            }
            return interest[fd] = owed[fd] > 0 ? READ | WRITE : READ;
        } catch (IOException e) {
            return interest[fd] = CLOSE; // reset by the client (the idle holder closes with SO_LINGER 0)
        }
    }

    private void send(int fd, NativeSocket s) throws IOException {
        int len = KeepAliveHttp.RESPONSE.length;
        while (owed[fd] > 0) {
            out.clear();
            out.put(KeepAliveHttp.RESPONSE, sent[fd], len - sent[fd]);
            for (int i = 1; i < owed[fd] && out.remaining() >= len; i++) {
                out.put(KeepAliveHttp.RESPONSE);
            }
            out.flip();
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
            sent[fd] += n;
            while (owed[fd] > 0 && sent[fd] >= len) {
                sent[fd] -= len;
                owed[fd]--;
            }
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
            scan = Arrays.copyOf(scan, n);
            owed = Arrays.copyOf(owed, n);
            sent = Arrays.copyOf(sent, n);
            interest = Arrays.copyOf(interest, n);
        }
    }
}
