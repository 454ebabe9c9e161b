package dev.jselect.bench.http;

import dev.jselect.Poll;
import dev.jselect.Select;
import dev.jselect.net.NativeSocket;
import java.io.IOException;

/**
 * The keep-alive "Hello, world!" server on jselect's {@link Poll}: one thread, waiting with the
 * zero-allocation {@link Poll#pollReady} (ready fds read by index from the pollfd array).
 */
public final class PollHttpServer {
    private PollHttpServer() {}

    public static void main(String[] args) throws IOException {
        int port = KeepAliveHttp.port(args);
        long deadline = System.nanoTime() + KeepAliveHttp.lifetimeNanos(args);
        try (NativeSocket server = NativeConnections.listen(port);
                NativeConnections conns = new NativeConnections();
                Poll poll = Select.poll()) {
            poll.register(server, Select.POLLIN);
            KeepAliveHttp.listening("jselect poll", port);
            while (System.nanoTime() - deadline < 0) {
                int ready = poll.pollReady(1000);
                for (int i = 0; i < ready; i++) {
                    int fd = poll.readyFd(i);
                    int revents = poll.readyRevents(i);
                    if (fd == server.fileno()) {
                        int c = conns.accept(server);
                        if (c >= 0) {
                            poll.register(c, Select.POLLIN);
                        }
                        continue;
                    }
                    int before = conns.interest(fd);
                    int now = conns.onReady(fd, (revents & ~Select.POLLOUT) != 0, (revents & Select.POLLOUT) != 0);
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
