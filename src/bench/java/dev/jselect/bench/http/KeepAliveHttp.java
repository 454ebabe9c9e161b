package dev.jselect.bench.http;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What every load-test server shares, so that they differ only in how they wait: the response,
 * the end-of-request scanner, and the command line {@code main(port [lifetimeSeconds])}.
 *
 * <p>The protocol is the articles' epoll "Hello, world!" server made keep-alive: a request ends at
 * the blank line after its head ({@code "\r\n\r\n"}; wrk sends GETs without a body), every
 * request gets the same HTTP/1.1 response, and the connection stays open until the client
 * closes it. Pipelined requests are answered in order.
 */
final class KeepAliveHttp {
    static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\n"
            + "Date: Mon, 1 Jan 1996 01:01:01 GMT\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Length: 13\r\n"
            + "\r\n"
            + "Hello, world!").getBytes(StandardCharsets.US_ASCII);

    /** Room in the kernel's accept queue: 10 000 idle connections arrive in one burst. */
    static final int BACKLOG = 4096;
    /** The scanner state after the blank line that ends a request head. */
    static final int END_OF_REQUEST = 4;
    private static final int DEFAULT_LIFETIME_SECONDS = 900;

    private KeepAliveHttp() {}

    /**
     * One step of the {@code "\r\n\r\n"} matcher: the state is how much of it has been seen
     * (0..3); {@link #END_OF_REQUEST} means a request head is complete, and the caller restarts at 0.
     */
    static int next(int state, byte b) {
        if (b == '\r') {
            return state == 2 ? 3 : 1;
        }
        if (b == '\n') {
            return state == 1 ? 2 : state == 3 ? END_OF_REQUEST : 0;
        }
        return 0;
    }

    /** The port, {@code args[0]}; the server binds 127.0.0.1 only. */
    static int port(String[] args) {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: SERVER PORT [LIFETIME_SECONDS]");
        }
        int port = Integer.parseInt(args[0]);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return port;
    }

    /** How long the server runs before it exits by itself, {@code args[1]} seconds (default 900). */
    static long lifetimeNanos(String[] args) {
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_LIFETIME_SECONDS;
        if (seconds < 1) {
            throw new IllegalArgumentException("lifetime must be at least 1 second, not " + seconds);
        }
        return TimeUnit.SECONDS.toNanos(seconds);
    }

    /** The line the load script waits for before it sends the first request. */
    static void listening(String server, int port) {
        System.out.println("listening on 127.0.0.1:" + port + " (" + server + ", Java " + Runtime.version() + ")");
        System.out.flush();
    }
}
