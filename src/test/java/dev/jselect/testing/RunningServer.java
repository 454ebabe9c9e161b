package dev.jselect.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jselect.examples.ServerTwin;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * A server twin started on a free port for one test, printing into {@link #printed}. Closing it
 * stops the twin, rethrows whatever its loop died of, and checks that it closed every socket
 * and epoll descriptor it opened.
 */
public final class RunningServer implements AutoCloseable {
    /** A twin's constructor: {@code (port, out) -> new EpollEchoServer(port, out)}. */
    @FunctionalInterface
    public interface Factory {
        ServerTwin create(int port, PrintStream out) throws IOException;
    }

    public final Captured printed = new Captured();
    private final List<String> fdsBefore = OpenFds.socketsAndEpolls();
    private final ServerTwin twin;

    public RunningServer(Factory factory) throws IOException {
        twin = factory.create(0, printed.out).start();
    }

    public int port() {
        return twin.port();
    }

    @Override
    public void close() throws IOException {
        twin.close();
        assertEquals(fdsBefore, OpenFds.socketsAndEpolls(), "sockets or epoll fds left open by " + twin.getClass().getSimpleName());
    }
}
