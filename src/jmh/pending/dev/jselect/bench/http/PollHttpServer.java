package dev.jselect.bench.http;

import dev.jselect.Poll;
import dev.jselect.PollFd;
import dev.jselect.Select;
import dev.jselect.net.NativeSocket;
import java.io.IOException;

/** The keep-alive "Hello, world!" server on jselect's {@link Poll}: one thread. */
public final class PollHttpServer {
    private PollHttpServer() {}

    public static void main(String[] args) throws IOException {
        int port = KeepAliveHttp.port(args);
        long deadline = System.nanoTime() + KeepAliveHttp.lifetimeNanos(args);
        try (NativeSocket server = NativeConnections.listen(port); NativeConnections conns = new NativeConnections()) {
            Poll poll = Select.poll();
            poll.register(server, Select.POLLIN);
            KeepAliveHttp.listening("jselect poll", port);
            while (System.nanoTime() - deadline < 0) {
                for (PollFd p : poll.poll(1000)) {
                    int fd = p.fd();
                    if (fd == server.fileno()) {
                        int c = conns.accept(server);
                        if (c >= 0) {
                            poll.register(c, Select.POLLIN);
                        }
                        continue;
                    }
                    int before = conns.interest(fd);
                    int now = conns.onReady(fd, (p.revents() & ~Select.POLLOUT) != 0, (p.revents() & Select.POLLOUT) != 0);
                    if (now == NativeConnections.CLOSE) {
                        poll.unregister(fd);
                        conns.close(fd);
                    } else if (now != before) {
                        poll.modify(fd, (now & NativeConnections.WRITE) != 0 ? Select.POLLIN | Select.POLLOUT : Select.POLLIN);
                    }
                }
            }
        }
    }
}
