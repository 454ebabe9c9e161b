package dev.jselect.bench.http;

import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The keep-alive "Hello, world!" server written thread-per-connection on virtual threads, in two
 * forms that differ only in the socket: {@code jselect} (NativeSocket, whose blocking calls park
 * the virtual thread on jselect's poller) and {@code jdk} (java.net sockets, which park on the
 * JDK's own poller). Each connection's virtual thread reads into a heap array, answers every
 * complete request head with one write, and ends when the client closes.
 */
public final class VirtualThreadHttpServer {
    private VirtualThreadHttpServer() {}

    /** {@code main(port [lifetimeSeconds])}, with {@code -Dsocket=jselect} (the default) or {@code -Dsocket=jdk}. */
    public static void main(String[] args) throws Exception {
        String kind = System.getProperty("socket", "jselect");
        int port = KeepAliveHttp.port(args);
        long lifetime = KeepAliveHttp.lifetimeNanos(args);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(lifetime / 1_000_000);
            } catch (InterruptedException e) {
                return;
            }
            System.exit(0);
        });
        switch (kind) {
            case "jselect" -> jselect(port);
            case "jdk" -> jdk(port);
            default -> throw new IllegalArgumentException("jselect or jdk, not " + kind);
        }
    }

    private static void jselect(int port) throws Exception {
        NativeSocket server = NativeSocket.createServer("127.0.0.1", port);
        server.listen(KeepAliveHttp.BACKLOG);
        KeepAliveHttp.listening("virtual threads on jselect NativeSocket", port);
        Thread.ofVirtual().start(() -> {
            for (;;) {
                try {
                    NativeSocket conn = server.accept().socket();
                    Thread.ofVirtual().start(() -> serve(conn));
                } catch (IOException e) {
                    return;
                }
            }
        }).join();
    }

    private static void serve(NativeSocket conn) {
        byte[] in = new byte[16 * 1024];
        int state = 0;
        try (conn) {
            for (;;) {
                int n = conn.recvInto(in);
                if (n == 0) {
                    return;
                }
                int owed = 0;
                for (int i = 0; i < n; i++) {
                    state = KeepAliveHttp.next(state, in[i]);
                    if (state == KeepAliveHttp.END_OF_REQUEST) {
                        owed++;
                        state = 0;
                    }
                }
                for (; owed > 0; owed--) {
                    conn.sendAll(KeepAliveHttp.RESPONSE);
                }
            }
        } catch (IOException e) {
            // reset by the client (the idle holder closes with SO_LINGER 0)
        }
    }

    private static void jdk(int port) throws Exception {
        ServerSocket server = new ServerSocket(port, KeepAliveHttp.BACKLOG, InetAddress.getLoopbackAddress());
        server.setReuseAddress(true);
        KeepAliveHttp.listening("virtual threads on java.net sockets", port);
        Thread.ofVirtual().start(() -> {
            for (;;) {
                try {
                    Socket conn = server.accept();
                    Thread.ofVirtual().start(() -> serve(conn));
                } catch (IOException e) {
                    return;
                }
            }
        }).join();
    }

    private static void serve(Socket conn) {
        byte[] in = new byte[16 * 1024];
        int state = 0;
        try (conn; InputStream is = conn.getInputStream(); OutputStream os = conn.getOutputStream()) {
            for (;;) {
                int n = is.read(in);
                if (n < 0) {
                    return;
                }
                int owed = 0;
                for (int i = 0; i < n; i++) {
                    state = KeepAliveHttp.next(state, in[i]);
                    if (state == KeepAliveHttp.END_OF_REQUEST) {
                        owed++;
                        state = 0;
                    }
                }
                for (; owed > 0; owed--) {
                    os.write(KeepAliveHttp.RESPONSE);
                }
            }
        } catch (IOException e) {
            // reset by the client
        }
    }
}
