package dev.jselect.bench.http;

import dev.jselect.Epoll;
import dev.jselect.Select;
import dev.jselect.net.NativeSocket;
import java.io.IOException;

/**
 * The articles' epoll "Hello, world!" server made keep-alive, on jselect's {@link Epoll}: one
 * thread, level-triggered, the Python program's structure, waiting with the zero-allocation
 * {@link Epoll#pollReady} (ready fds read by index from the epoll object's buffer).
 */
public final class EpollReadyHttpServer {
    private EpollReadyHttpServer() {}

    public static void main(String[] args) throws IOException {
        int port = KeepAliveHttp.port(args);
        long deadline = System.nanoTime() + KeepAliveHttp.lifetimeNanos(args);
        try (NativeSocket server = NativeConnections.listen(port);
                Epoll epoll = Epoll.open();
                NativeConnections conns = new NativeConnections()) {
            epoll.register(server, Select.EPOLLIN);
            KeepAliveHttp.listening("jselect epoll", port);
            while (System.nanoTime() - deadline < 0) {
                int ready = epoll.pollReady(1.0, 1024);
                for (int i = 0; i < ready; i++) {
                    int fd = epoll.readyFd(i);
                    int events = epoll.readyEvents(i);
                    if (fd == server.fileno()) {
                        int c = conns.accept(server);
                        if (c >= 0) {
                            epoll.register(c, Select.EPOLLIN);
                        }
                        continue;
                    }
                    int before = conns.interest(fd);
                    int now = conns.onReady(fd, (events & ~Select.EPOLLOUT) != 0, (events & Select.EPOLLOUT) != 0);
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
