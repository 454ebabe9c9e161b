package dev.jselect.bench.http;

import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keep-alive "Hello, world!" server on jselect's {@link Select#select}, shaped like the
 * articles' select server: the fd sets are rebuilt from two Java sets on every call. Every fd must
 * stay below FD_SETSIZE, so the load script gives it at most 900 idle connections.
 */
public final class SelectHttpServer {
    private SelectHttpServer() {}

    public static void main(String[] args) throws IOException {
        int port = KeepAliveHttp.port(args);
        long deadline = System.nanoTime() + KeepAliveHttp.lifetimeNanos(args);
        try (NativeSocket server = NativeConnections.listen(port); NativeConnections conns = new NativeConnections()) {
            Set<Integer> reading = new LinkedHashSet<>();
            Set<Integer> writing = new LinkedHashSet<>();
            reading.add(server.fileno());
            KeepAliveHttp.listening("jselect select", port);
            while (System.nanoTime() - deadline < 0) {
                SelectResult<Integer> r = Select.select(reading, writing, List.of(), 1.0);
                for (int fd : r.writable()) {
                    serve(conns, fd, false, true, reading, writing);
                }
                for (int fd : r.readable()) {
                    if (fd == server.fileno()) {
                        int c = conns.accept(server);
                        if (c >= 0) {
                            reading.add(c);
                        }
                    } else if (reading.contains(fd)) {
                        serve(conns, fd, true, false, reading, writing);
                    }
                }
            }
        }
    }

    private static void serve(NativeConnections conns, int fd, boolean readable, boolean writable, Set<Integer> reading,
            Set<Integer> writing) {
        int now = conns.onReady(fd, readable, writable);
        if (now == NativeConnections.CLOSE) {
            reading.remove(fd);
            writing.remove(fd);
            conns.close(fd);
        } else if ((now & NativeConnections.WRITE) != 0) {
            writing.add(fd);
        } else {
            writing.remove(fd);
        }
    }
}
