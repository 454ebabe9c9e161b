package dev.jselect.bench.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * The keep-alive "Hello, world!" server on JDK NIO: one thread, one {@link Selector} (epoll on
 * Linux), {@code select(Consumer)} so no selected-key set is built. The baseline of the load test.
 */
public final class NioHttpServer {
    private final Selector selector;
    private final ServerSocketChannel server;
    private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);

    /** Per connection: the protocol state, and whether OP_WRITE is on. */
    private static final class Connection {
        final KeepAliveConnection http = new KeepAliveConnection();
        boolean waitingToWrite;
    }

    private NioHttpServer(Selector selector, ServerSocketChannel server) {
        this.selector = selector;
        this.server = server;
    }

    public static void main(String[] args) throws IOException {
        int port = KeepAliveHttp.port(args);
        long deadline = System.nanoTime() + KeepAliveHttp.lifetimeNanos(args);
        try (Selector selector = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), KeepAliveHttp.BACKLOG);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            NioHttpServer http = new NioHttpServer(selector, server);
            Consumer<SelectionKey> handler = http::handle;
            KeepAliveHttp.listening("JDK NIO", port);
            while (System.nanoTime() - deadline < 0) {
                selector.select(handler, 1000);
            }
        }
    }

    private void handle(SelectionKey key) {
        if (key.channel() == server) {
            accept();
            return;
        }
        SocketChannel ch = (SocketChannel) key.channel();
        Connection c = (Connection) key.attachment();
        try {
            if (key.isWritable() && !send(key, ch, c)) {
                return;
            }
            if (key.isReadable()) {
                in.clear();
                int n = ch.read(in);
                if (n < 0) {
                    close(key);
                    return;
                }
                c.http.received(in, n);
                if (c.http.owes()) {
                    send(key, ch, c);
                }
            }
        } catch (IOException e) {
            close(key); // reset by the client (the idle holder closes with SO_LINGER 0)
        }
    }

    private void accept() {
        try {
            SocketChannel ch;
            while ((ch = server.accept()) != null) {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.register(selector, SelectionKey.OP_READ, new Connection());
            }
        } catch (IOException e) {
            System.err.println("accept: " + e); // EMFILE and the like: the script's fd check reports it
        }
    }

    /** Sends what is owed; true when all of it went, false when the socket is full (OP_WRITE is then on). */
    private boolean send(SelectionKey key, SocketChannel ch, Connection c) throws IOException {
        while (c.http.owes()) {
            c.http.fill(out);
            c.http.sent(ch.write(out));
            if (out.hasRemaining()) {
                if (!c.waitingToWrite) {
                    c.waitingToWrite = true;
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
                return false;
            }
        }
        if (c.waitingToWrite) {
            c.waitingToWrite = false;
            key.interestOps(SelectionKey.OP_READ);
        }
        return true;
    }

    private static void close(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing a reset socket: nothing left to do
        }
    }
}
