package dev.jselect.reliability;

import dev.jselect.Epoll;
import dev.jselect.EpollEvent;
import dev.jselect.Errno;
import dev.jselect.ErrnoException;
import dev.jselect.Select;
import static dev.jselect.Select.EPOLLERR;
import static dev.jselect.Select.EPOLLHUP;
import static dev.jselect.Select.EPOLLIN;
import static dev.jselect.Select.EPOLLOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.internal.sys.ErrnoNames;
import dev.jselect.net.NativeSocket;
import dev.jselect.testing.ProcessState;
import dev.jselect.testing.ResourceGrowth;
import dev.jselect.testing.Soak;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Soak: many TCP connections on 127.0.0.1 through a single-threaded echo server on an
 * {@link Epoll}, with faults mixed in: clients that reset the connection (SO_LINGER 0) with
 * data in flight, clients that half-close and expect the rest of their echo and then the
 * server's end of stream, and slow readers that make the server's sends block (EAGAIN) so that
 * it has to stop reading and wait for EPOLLOUT. Every byte a surviving client sent comes back in
 * order; afterwards the process has as many fds and jselect holds as much native memory as before.
 * 1 000 connections in {@code mvn verify}, 10 000 with {@code -Dsoak=long}.
 */
@Tag("soak")
@EnabledOnOs(value = OS.LINUX, disabledReason = "epoll is Linux-only")
class EchoSoakTest {
    private static final int CONNECTIONS = Soak.size(1_000, 10_000);
    private static final int WARM_UP = 200;
    private static final int CLIENT_THREADS = 16;
    /** The server stops reading a connection while this much echo waits to be sent. */
    private static final int HIGH_WATER = 256 * 1024;
    private static final int ECONNRESET = ErrnoNames.number("ECONNRESET");

    enum Kind { NORMAL, RESET, HALF_CLOSE, SLOW_READER }

    /** Clients 0..19 of every 20: 3 reset, 3 half-close, 2 read slowly, the rest are plain. */
    static Kind kindOf(int i) {
        int k = i % 20;
        return k < 3 ? Kind.RESET : k < 6 ? Kind.HALF_CLOSE : k < 8 ? Kind.SLOW_READER : Kind.NORMAL;
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everySurvivingClientGetsEveryByteBackAndNothingLeaks() throws Exception {
        soak(WARM_UP); // the JIT's and the JDK's own first-use allocations are not the server's
        settle();
        int fdsBefore = ProcessState.openFds();
        long heldBefore = ResourceGrowth.settledHeldBytes(Long.MIN_VALUE);
        EchoServer server = soak(CONNECTIONS);
        settle();
        ResourceGrowth.assertNoFdGrowth(fdsBefore, "after the soak");
        long growth = ResourceGrowth.settledHeldBytes(heldBefore + ResourceGrowth.NATIVE_SLACK) - heldBefore;
        assertTrue(growth < ResourceGrowth.NATIVE_SLACK, "jselect's native memory grew by " + growth + " bytes");
        int[] kinds = new int[Kind.values().length];
        for (int i = 0; i < CONNECTIONS; i++) {
            kinds[kindOf(i).ordinal()]++;
        }
        System.out.printf("EchoSoakTest: %d connections (%d reset, %d half-closed, %d slow readers), %d bytes echoed, "
                + "%d resets seen by the server, %d sends that would block; jselect's native memory %+d bytes%n",
                CONNECTIONS, kinds[Kind.RESET.ordinal()], kinds[Kind.HALF_CLOSE.ordinal()], kinds[Kind.SLOW_READER.ordinal()],
                server.echoed, server.resetsSeen, server.blockedSends, growth);
        assertTrue(server.blockedSends > 0, "slow readers made the server wait for EPOLLOUT");
    }

    /** Runs {@code connections} clients against a new server, checks every echo, and closes everything. */
    private static EchoServer soak(int connections) throws Exception {
        EchoServer server = new EchoServer();
        try {
            Thread serving = Thread.ofPlatform().name("echo-server").start(server);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
            ExecutorService senders = Executors.newFixedThreadPool(CLIENT_THREADS);
            try {
                AtomicInteger next = new AtomicInteger();
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < CLIENT_THREADS; t++) {
                    done.add(clients.submit(() -> {
                        for (int i = next.getAndIncrement(); i < connections; i = next.getAndIncrement()) {
                            client(server.port, i, senders);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(8, TimeUnit.MINUTES);
                }
            } finally {
                clients.shutdownNow();
                senders.shutdownNow();
                clients.awaitTermination(1, TimeUnit.MINUTES);
                senders.awaitTermination(1, TimeUnit.MINUTES);
            }
            server.stopWhenIdle();
            serving.join(TimeUnit.SECONDS.toMillis(60));
            if (server.failure.get() != null) {
                throw new AssertionError("the server failed", server.failure.get());
            }
            assertEquals(connections, server.accepted);
            assertTrue(server.connections.isEmpty(), "the server closed every connection: " + server.connections.size() + " left");
        } finally {
            server.close();
        }
        return server;
    }

    /** Lets the JVM drop what earlier work left behind (thread-local staging buffers of dead threads). */
    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
    }

    // ---- the clients ----

    /**
     * One connection of client {@code i}'s kind. A slow reader has a small receive buffer, reads
     * 2 KiB at a time with pauses, and sends more than the server may hold for it, so the
     * server's sends block and it has to stop reading until EPOLLOUT.
     */
    private static void client(int port, int i, ExecutorService senders) throws Exception {
        Random random = new Random(i);
        Kind kind = kindOf(i);
        byte[] data = new byte[kind == Kind.SLOW_READER ? 512 * 1024 : 1 + random.nextInt(32 * 1024)];
        random.nextBytes(data);
        try (NativeSocket s = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM)) {
            if (kind == Kind.SLOW_READER) {
                s.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_RCVBUF, 4096);
            }
            s.connect("127.0.0.1", port);
            if (kind == Kind.RESET) {
                s.sendAll(java.util.Arrays.copyOf(data, 1 + random.nextInt(data.length)));
                if (random.nextBoolean()) {
                    s.recv(1 + random.nextInt(4096)); // part of the echo, the rest is still in flight
                }
                s.setLinger(true, 0); // close() now sends RST
                return;
            }
            Future<?> sent = senders.submit(() -> {
                s.sendAll(data);
                if (kind == Kind.HALF_CLOSE) {
                    s.shutdown(NativeSocket.SHUT_WR);
                }
                return null;
            });
            ByteArrayOutputStream back = new ByteArrayOutputStream(data.length);
            while (back.size() < data.length) {
                byte[] got = s.recv(kind == Kind.SLOW_READER ? 2048 : 65536);
                if (got.length == 0) {
                    break;
                }
                back.write(got);
                if (kind == Kind.SLOW_READER) {
                    Thread.sleep(0, 200_000);
                }
            }
            sent.get(60, TimeUnit.SECONDS);
            assertArrayEquals(data, back.toByteArray(), kind + " client " + i);
            if (kind == Kind.HALF_CLOSE) {
                assertEquals(0, s.recv(1).length, "half-closed client " + i + " then reads the server's end of stream");
            }
        }
    }

    // ---- the server ----

    /** A single-threaded echo server on one Epoll; it closes itself when stopped and idle. */
    private static final class EchoServer implements Runnable, AutoCloseable {
        final NativeSocket listener;
        final Epoll epoll;
        final int port;
        final Map<Integer, Connection> connections = new HashMap<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean stopping;
        int accepted;
        int resetsSeen;
        long blockedSends;
        long echoed;

        /** One client: its socket, the echo not yet sent, and whether it has stopped sending. */
        static final class Connection {
            final NativeSocket socket;
            ByteBuffer pending = ByteBuffer.allocate(0); // read mode: what is left to send
            boolean ended;
            int mask = EPOLLIN;

            Connection(NativeSocket socket) {
                this.socket = socket;
            }
        }

        EchoServer() throws IOException {
            listener = NativeSocket.createServer("127.0.0.1", 0);
            listener.setBlocking(false);
            port = listener.getSockName().getPort();
            epoll = Select.epoll();
            epoll.register(listener, EPOLLIN);
        }

        void stopWhenIdle() {
            stopping = true;
        }

        @Override
        public void run() {
            try {
                while (!(stopping && connections.isEmpty())) {
                    for (EpollEvent e : epoll.poll(0.1)) {
                        if (e.fd() == listener.fileno()) {
                            acceptAll();
                        } else {
                            serve(connections.get(e.fd()), e.events());
                        }
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        private void acceptAll() throws IOException {
            for (;;) {
                NativeSocket s;
                try {
                    s = listener.accept().socket();
                } catch (ErrnoException e) {
                    if (e.errno() == Errno.EAGAIN) {
                        return;
                    }
                    throw e;
                }
                s.setBlocking(false);
                s.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_SNDBUF, 16 * 1024);
                epoll.register(s, EPOLLIN);
                connections.put(s.fileno(), new Connection(s));
                accepted++;
            }
        }

        private void serve(Connection c, int events) throws IOException {
            try {
                if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0 && (c.mask & EPOLLIN) != 0) {
                    read(c);
                }
                if ((events & EPOLLOUT) != 0 && connections.containsValue(c)) {
                    flush(c);
                }
            } catch (ErrnoException e) {
                if (e.errno() != ECONNRESET && e.errno() != Errno.EPIPE) {
                    throw e;
                }
                resetsSeen++;
                drop(c);
            }
        }

        private void read(Connection c) throws IOException {
            byte[] got = c.socket.recv(65536);
            if (got.length == 0) {
                c.ended = true;
            } else {
                ByteBuffer joined = ByteBuffer.allocate(c.pending.remaining() + got.length);
                c.pending = joined.put(c.pending).put(got).flip();
            }
            flush(c);
        }

        /** Sends what it can; then waits for EPOLLOUT, more input, or closes once everything is echoed after the end. */
        private void flush(Connection c) throws IOException {
            if (c.pending.hasRemaining()) {
                try {
                    echoed += c.socket.send(c.pending);
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.EAGAIN) {
                        throw e;
                    }
                    blockedSends++;
                }
            }
            if (c.ended && !c.pending.hasRemaining()) {
                drop(c);
                return;
            }
            int mask = (c.pending.hasRemaining() ? EPOLLOUT : 0) | (c.ended || c.pending.remaining() >= HIGH_WATER ? 0 : EPOLLIN);
            if (mask != c.mask) {
                epoll.modify(c.socket, mask);
                c.mask = mask;
            }
        }

        private void drop(Connection c) throws IOException {
            connections.remove(c.socket.fileno());
            epoll.unregister(c.socket);
            c.socket.close();
        }

        @Override
        public void close() throws IOException {
            for (Connection c : connections.values()) {
                c.socket.close();
            }
            connections.clear();
            epoll.close();
            listener.close();
        }
    }
}
