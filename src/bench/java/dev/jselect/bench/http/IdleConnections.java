package dev.jselect.bench.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Holds {@code count} idle keep-alive connections to 127.0.0.1:{@code port} open: connects them,
 * prints {@code "idle N"}, sends nothing, and exits after {@code lifetimeSeconds} or when killed.
 * SO_LINGER 0 makes closing them a reset, so no TIME_WAIT entries pile up between runs.
 *
 * <p>{@code java IdleConnections PORT COUNT LIFETIME_SECONDS}
 */
public final class IdleConnections {
    private static final int MAX_COUNT = 50_000;
    private static final int MAX_LIFETIME_SECONDS = 900;

    private IdleConnections() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: IdleConnections PORT COUNT LIFETIME_SECONDS");
        }
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        int lifetime = Integer.parseInt(args[2]);
        if (count < 0 || count > MAX_COUNT || lifetime < 1 || lifetime > MAX_LIFETIME_SECONDS) {
            throw new IllegalArgumentException("COUNT must be 0.." + MAX_COUNT + ", LIFETIME_SECONDS 1.." + MAX_LIFETIME_SECONDS);
        }
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        List<SocketChannel> open = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel ch = SocketChannel.open();
                open.add(ch);
                ch.setOption(StandardSocketOptions.SO_LINGER, 0);
                ch.connect(server);
            }
            System.out.println("idle " + count);
            System.out.flush();
            Thread.sleep(TimeUnit.SECONDS.toMillis(lifetime));
        } finally {
            for (SocketChannel ch : open) {
                ch.close();
            }
        }
    }
}
