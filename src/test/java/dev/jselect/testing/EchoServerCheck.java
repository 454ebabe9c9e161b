package dev.jselect.testing;

import static dev.jselect.selectors.Selectors.EVENT_READ;
import static dev.jselect.selectors.Selectors.EVENT_WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.net.NativeSocket;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.SelectedKey;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A single-threaded echo server on a selector, on 127.0.0.1, against {@code clients} plain
 * {@link Socket} clients that all connect before any of them sends, then each send
 * {@code bytesPerClient} bytes and read every one of them back. Bounded in count and in time.
 */
public final class EchoServerCheck {
    private static final long TIME_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    public interface SelectorFactory {
        BaseSelector open() throws IOException;
    }

    /** What the server keeps per client: the bytes received and not yet echoed. */
    private static final class Connection {
        final NativeSocket socket;
        ByteBuffer pending = ByteBuffer.allocate(4096); // write mode

        Connection(NativeSocket socket) {
            this.socket = socket;
        }
    }

    private final SelectorFactory factory;
    private final int clients;
    private final int bytesPerClient;
    private int accepted;
    private int open;

    public EchoServerCheck(SelectorFactory factory, int clients, int bytesPerClient) {
        this.factory = factory;
        this.clients = clients;
        this.bytesPerClient = bytesPerClient;
    }

    public void run() throws Exception {
        try (BaseSelector selector = factory.open();
                NativeSocket server = NativeSocket.createServer("127.0.0.1", 0);
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            server.setBlocking(false);
            selector.register(server, EVENT_READ, server);
            int port = server.getSockName().getPort();

            CyclicBarrier allConnected = new CyclicBarrier(clients);
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int id = i;
                results.add(pool.submit(() -> client(port, id, allConnected)));
            }
            serve(selector, server);

            for (int i = 0; i < clients; i++) {
                assertArrayEquals(payload(i), results.get(i).get(10, TimeUnit.SECONDS), "client " + i);
            }
            assertEquals(clients, accepted);
            assertEquals(1, selector.getMap().size(), "only the listening socket is left");
        }
    }

    /** Runs until every client has connected, been echoed and hung up. */
    private void serve(BaseSelector selector, NativeSocket server) throws IOException {
        long deadline = System.nanoTime() + TIME_LIMIT_NANOS;
        while (accepted < clients || open > 0) {
            assertTrue(System.nanoTime() - deadline < 0, "echo server still busy after 60 s: accepted "
                    + accepted + ", open " + open);
            for (SelectedKey ready : selector.select(1.0)) {
                if (ready.key().data() == server) {
                    accept(selector, server);
                } else {
                    Connection c = (Connection) ready.key().data();
                    if ((ready.events() & EVENT_READ) != 0) {
                        read(selector, c);
                    }
                    if ((ready.events() & EVENT_WRITE) != 0 && selector.getMap().containsKey(c.socket)) {
                        write(selector, c);
                    }
                }
            }
        }
    }

    private void accept(BaseSelector selector, NativeSocket server) throws IOException {
        NativeSocket socket = server.accept().socket();
        socket.setBlocking(false);
        selector.register(socket, EVENT_READ, new Connection(socket));
        accepted++;
        open++;
    }

    private void read(BaseSelector selector, Connection c) throws IOException {
        byte[] got = c.socket.recv(65536);
        if (got.length == 0) { // the client read its echo and closed
            assertEquals(0, c.pending.position(), "client hung up before its echo was sent");
            selector.unregister(c.socket);
            c.socket.close();
            open--;
            return;
        }
        if (c.pending.remaining() < got.length) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(c.pending.capacity() * 2, c.pending.position() + got.length));
            c.pending.flip();
            c.pending = bigger.put(c.pending);
        }
        c.pending.put(got);
        selector.modify(c.socket, EVENT_READ | EVENT_WRITE, c);
    }

    private static void write(BaseSelector selector, Connection c) throws IOException {
        c.pending.flip();
        c.socket.send(c.pending);
        c.pending.compact();
        if (c.pending.position() == 0) {
            selector.modify(c.socket, EVENT_READ, c);
        }
    }

    private byte[] client(int port, int id, CyclicBarrier allConnected) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            s.setSoTimeout(30_000);
            allConnected.await(30, TimeUnit.SECONDS);
            byte[] data = payload(id);
            OutputStream out = s.getOutputStream();
            for (int off = 0; off < data.length; off += 4096) {
                out.write(data, off, Math.min(4096, data.length - off));
            }
            out.flush();
            byte[] echo = new byte[data.length];
            new DataInputStream(s.getInputStream()).readFully(echo);
            return echo;
        }
    }

    private byte[] payload(int id) {
        byte[] b = new byte[bytesPerClient];
        new Random(id).nextBytes(b);
        return b;
    }
}
