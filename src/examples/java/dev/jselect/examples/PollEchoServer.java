package dev.jselect.examples;

import dev.jselect.Poll;
import dev.jselect.PollFd;
import dev.jselect.Select;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Twin of the third server of article 002 (port 9000), the one labelled poll:
 * {@code handle_events()} and the fixes are in {@link EventLoggingEchoServer}.
 *
 * <p>Fixed from the original: it was labelled poll but called {@code select.epoll()}; this twin
 * uses {@code select.poll()}, whose {@code poll(timeout)} counts milliseconds, so the original's
 * one-second {@code TIMEOUT = 1} is 1000 here. Poll objects have no {@code close()}.
 */
public final class PollEchoServer extends EventLoggingEchoServer {
    public static final int PORT = 9000;
    static final int BACKLOG = 5;
    static final long TIMEOUT = 1000;

    private Poll pollObj;

    public PollEchoServer(int port, PrintStream out) throws IOException {
        super(port, BACKLOG, out);
    }

    @Override
    protected void serve() throws IOException {
        pollObj = Select.poll();

        // The second param of register, the event mask, is optional. If not provided, it
        // defaults to (POLLIN | POLLPRI | POLLOUT). It can be modified later with modify().
        pollObj.register(listenSocket.fileno());

        try {
            while (running()) {
                List<PollFd> fdAndEvents = pollObj.poll(TIMEOUT);
                for (PollFd e : fdAndEvents) {
                    handleEvents(e.fd(), e.revents());
                }
            }
        } finally {
            pollObj.unregister(listenSocket.fileno());
            closeSockets();
        }
    }

    @Override
    protected void register(int fd, int eventmask) throws IOException {
        pollObj.register(fd, eventmask);
    }

    @Override
    protected void unregister(int fd) throws IOException {
        pollObj.unregister(fd);
    }

    /** {@code poll-echo-server [port]}. */
    public static void main(String[] args) throws Exception {
        new PollEchoServer(port(args, PORT), System.out).serve();
    }
}
