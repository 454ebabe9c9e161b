package dev.jselect.examples;

import dev.jselect.Epoll;
import dev.jselect.EpollEvent;
import dev.jselect.Select;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Twin of article 002's {@code epoll} echo server with logging (port 9000): every event is
 * logged with its flag names, {@code Events ['POLLIN'] happened on fd 5}, at DEBUG.
 * {@code handle_events()} and the fixes are in {@link EventLoggingEchoServer}.
 */
public final class EpollEchoServer extends EventLoggingEchoServer {
    public static final int PORT = 9000;
    static final int MAX_CONNECTION_BACKLOG = 1;
    static final double EPOLL_BLOCK_DURATION_S = 1;

    private Epoll epollObj;

    public EpollEchoServer(int port, PrintStream out) throws IOException {
        super(port, MAX_CONNECTION_BACKLOG, out);
    }

    @Override
    protected void serve() throws IOException {
        epollObj = Select.epoll();

        // The second param of register, the event mask, is optional. If not provided, it
        // defaults to (POLLIN | POLLPRI | POLLOUT). It can be modified later with modify().
        epollObj.register(listenSocket.fileno());

        try {
            while (running()) {
                // the timeout; -1 or none waits until an event happens
                List<EpollEvent> fdAndEvents = epollObj.poll(EPOLL_BLOCK_DURATION_S);
                for (EpollEvent e : fdAndEvents) {
                    handleEvents(e.fd(), e.events());
                }
            }
        } finally {
            epollObj.unregister(listenSocket.fileno());
            epollObj.close();
            closeSockets();
        }
    }

    @Override
    protected void register(int fd, int eventmask) throws IOException {
        epollObj.register(fd, eventmask);
    }

    @Override
    protected void unregister(int fd) throws IOException {
        epollObj.unregister(fd);
    }

    /** {@code epoll-echo-server [port]}. */
    public static void main(String[] args) throws Exception {
        new EpollEchoServer(port(args, PORT), System.out).serve();
    }
}
