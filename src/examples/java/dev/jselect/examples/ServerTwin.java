package dev.jselect.examples;

import dev.jselect.ErrnoException;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;

/**
 * What every server twin shares beyond its Python loop. A twin's constructor does what the
 * original does before its loop (socket, setsockopt, bind, listen); {@link #serve()} is the loop,
 * with {@code while True} written {@code while (running())}. {@code main()} runs the loop until
 * the process is killed, like the original; tests run it with {@link #start()} and stop it with
 * {@link #close()}.
 */
public abstract class ServerTwin implements AutoCloseable {
    /** Every twin binds the loopback address only, whatever host the original used. */
    public static final String HOST = "127.0.0.1";

    private static final Set<String> CONNECTION_LOST = Set.of("ECONNRESET", "EPIPE", "ENOTCONN", "ECONNABORTED", "ETIMEDOUT");
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    /** Where Python's {@code print} goes: {@code System.out} from main(), a capture in tests. */
    protected final PrintStream out;
    private volatile boolean closing;
    private volatile Throwable failure;
    private Thread thread;

    protected ServerTwin(PrintStream out) {
        this.out = out;
    }

    /** The original's loop. Returns once {@link #close()} is called, having closed everything it opened. */
    protected abstract void serve() throws IOException, InterruptedException;

    /** The listening socket, for {@link #port()}. */
    protected abstract NativeSocket listener();

    /** The port the twin listens on: the one to connect to after constructing it with port 0. */
    public final int port() {
        try {
            return listener().getSockName().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The loop condition that stands for the original's {@code while True}. */
    protected final boolean running() {
        return !closing;
    }

    /** Python's {@code print(*args)} onto {@link #out}. */
    protected final void print(Object... args) {
        Py.print(out, args);
    }

    /** Runs {@link #serve()} on a thread of its own; {@link #close()} stops it. */
    public final synchronized ServerTwin start() {
        if (thread != null) {
            throw new IllegalStateException(getClass().getSimpleName() + " already started");
        }
        thread = Thread.ofPlatform().name(getClass().getSimpleName()).daemon().start(() -> {
            try {
                serve();
            } catch (Throwable t) {
                failure = t;
            }
        });
        return this;
    }

    /**
     * Stops the loop and waits for it; rethrows what the loop died of, so a test fails when a twin
     * does. A loop blocked in select/poll without a timeout wakes only for an event, so after
     * raising the flag this connects once to the listening socket: the loop accepts that
     * connection like any other, then sees {@link #running()} false.
     */
    @Override
    public final void close() throws IOException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        closing = true;
        if (t == null) {
            listener().close();
            return;
        }
        if (t.isAlive()) {
            try (Socket poke = new Socket()) {
                poke.connect(new InetSocketAddress(HOST, port()), 1000);
            } catch (IOException | RuntimeException alreadyGone) {
                // the loop ended by itself and closed its socket
            }
        }
        try {
            t.join(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + t.getName() + " to stop");
        }
        if (t.isAlive()) {
            throw new IllegalStateException(t.getName() + " did not stop within " + STOP_WAIT.toSeconds() + " s");
        }
        switch (failure) {
            case null -> { }
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IOException(t.getName() + " failed", failure);
        }
    }

    /**
     * True for the error of a peer that has gone (ECONNRESET, EPIPE, ENOTCONN, ...): Python's
     * {@code ConnectionError}, which most originals do not catch, so one reset client ended them.
     */
    protected static boolean connectionLost(IOException e) {
        return e instanceof ErrnoException ee && CONNECTION_LOST.contains(ee.errnoName());
    }

    /**
     * {@code sock.recv(n)}, except that a reset connection reads as end of stream (an empty
     * array), so the original's own hang-up branch closes it: the originals died of it instead.
     */
    protected static byte[] recvOrEof(NativeSocket sock, int bufsize) throws IOException {
        try {
            return sock.recv(bufsize);
        } catch (IOException e) {
            if (connectionLost(e)) {
                return new byte[0];
            }
            throw e;
        }
    }

    /**
     * {@code sock.send(data)}, except that sending to a peer that has gone sends nothing and
     * returns 0 instead of raising; the next read then sees the hang-up and closes the connection.
     */
    protected static int sendUnlessGone(NativeSocket sock, byte[] data) throws IOException {
        try {
            return sock.send(data);
        } catch (IOException e) {
            if (connectionLost(e)) {
                return 0;
            }
            throw e;
        }
    }

    /**
     * {@code sock.getpeername()} for printing, or {@code "(gone)"} once the peer has reset the
     * connection (ENOTCONN), where the original raised.
     */
    protected static Object peerName(NativeSocket sock) throws IOException {
        try {
            return sock.getPeerName();
        } catch (IOException e) {
            if (connectionLost(e)) {
                return "(gone)";
            }
            throw e;
        }
    }

    /** Closes every socket, even when one close fails; throws the first failure. */
    protected static void closeAll(Iterable<NativeSocket> sockets) throws IOException {
        IOException first = null;
        for (NativeSocket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The port argument: {@code args[0]}, or the original's port when there is none. */
    public static int port(String[] args, int originalPort) {
        if (args.length == 0) {
            return originalPort;
        }
        try {
            int port = Integer.parseInt(args[0]);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("port must be a number from 0 to 65535, not '" + args[0] + "'");
    }
}
