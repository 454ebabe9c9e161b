package dev.jselect.bench.http;

import dev.jselect.Epoll;
import dev.jselect.EpollEvent;
import dev.jselect.Select;
import dev.jselect.net.NativeSocket;
import java.io.IOException;

/**
 * The seeds' epoll "Hello, world!" server made keep-alive, on jselect's {@link Epoll}: one
 * thread, level-triggered, the Python program's structure.
 */
public final class EpollHttpServer {
    private EpollHttpServer() {}

    public static void main(String[] args) throws IOException {
        int port = KeepAliveHttp.port(args);
        long deadline = System.nanoTime() + KeepAliveHttp.lifetimeNanos(args);
        try (NativeSocket server = NativeConnections.listen(port);
                Epoll epoll = Epoll.open();
                NativeConnections conns = new NativeConnections()) {
            epoll.register(server, Select.EPOLLIN);
            KeepAliveHttp.listening("jselect epoll", port);
            while (System.nanoTime() - deadline < 0) {
                // PROPOSED: the zero-allocation wait (count + fd/events by index) once it exists.
                for (EpollEvent e : epoll.poll(1.0, 1024)) {
                    int fd = e.fd();
                    if (fd == server.fileno()) {
                        int c = conns.accept(server);
                        if (c >= 0) {
                            epoll.register(c, Select.EPOLLIN);
                        }
                        continue;
                    }
                    int before = conns.interest(fd);
                    int now = conns.onReady(fd, (e.events() & ~Select.EPOLLOUT) != 0, (e.events() & Select.EPOLLOUT) != 0);
                    if (now == NativeConnections.CLOSE) {
                        epoll.unregister(fd);
                        conns.close(fd);
                    } else if (now != before) {
                        epoll.modify(fd, (now & NativeConnections.WRITE) != 0 ? Select.EPOLLIN | Select.EPOLLOUT : Select.EPOLLIN);
                    }
                }
            }
        }
    }
}
