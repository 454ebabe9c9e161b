package dev.jselect.examples;

import dev.jselect.Select;
import dev.jselect.net.Accepted;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What article 002's epoll and poll echo servers share; in the article they are the same
 * code twice: {@code create_listen_socket()}, {@code CONNECTIONS}, {@code handle_events()} and
 * its DEBUG logging of each event's flag names. Python's {@code EVENT_LOOKUP} and
 * {@code get_flag_names(flags)} are {@link Select#pollEventNames(int)}.
 *
 * <p>Fixed from the original: connections are registered for EPOLLIN only and the data is sent
 * straight back. The original registered them with the default POLLIN|POLLPRI|POLLOUT and echoed
 * only when POLLOUT came with the data: a connected socket is nearly always writable, so the
 * level-triggered wait returned at once on every pass (a busy loop flooding the DEBUG log), and
 * data that arrived without POLLOUT was dropped. A reset client is closed like one that hung up,
 * where the original died of ConnectionResetError.
 */
abstract class EventLoggingEchoServer extends ServerTwin {
    protected final Logger logger = LoggerFactory.getLogger(getClass());
    protected final NativeSocket listenSocket;
    protected final Map<Integer, NativeSocket> connections = new HashMap<>();

    protected EventLoggingEchoServer(int port, int backlog, PrintStream out) throws IOException {
        super(out);
        listenSocket = createListenSocket(port, backlog);
    }

    /** The epoll or poll object's {@code register(fd, eventmask)}. */
    protected abstract void register(int fd, int eventmask) throws IOException;

    /** The epoll or poll object's {@code unregister(fd)}. */
    protected abstract void unregister(int fd) throws IOException;

    private static NativeSocket createListenSocket(int port, int backlog) throws IOException {
        NativeSocket listenSocket = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        listenSocket.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_REUSEADDR, 1);
        listenSocket.bind(HOST, port);
        listenSocket.listen(backlog);
        listenSocket.setBlocking(false);
        return listenSocket;
    }

    protected final void handleEvents(int eventsFd, int events) throws IOException {
        if (logger.isDebugEnabled()) {
            logger.debug("Events {} happened on fd {}", Py.str(Select.pollEventNames(events)), eventsFd);
        }

        // the listening socket
        if (eventsFd == listenSocket.fileno()) {
            if ((events & Select.EPOLLIN) != 0) {
                Accepted accepted = listenSocket.accept();
                NativeSocket connSocket = accepted.socket();
                connSocket.setBlocking(false);
                int connFd = connSocket.fileno();

                logger.debug("Register connection fd {}", connFd);
                register(connFd, Select.EPOLLIN);
                // map the connected socket's fd to the socket itself
                connections.put(connFd, connSocket);
            }
        // a connected socket
        } else {
            NativeSocket connSocket = connections.get(eventsFd);
            if ((events & Select.EPOLLIN) != 0) {
                byte[] b = recvOrEof(connSocket, 1024);
                if (b.length > 0) {
                    if (logger.isDebugEnabled()) {
                        logger.debug("Receive data from connection fd {}:{}", eventsFd, Py.decode(b));
                    }
                    sendUnlessGone(connSocket, b);
                // no data: close the connection
                } else {
                    logger.debug("Receive empty data from connection fd {}", eventsFd);
                    unregister(eventsFd);
                    connSocket.close();
                    connections.remove(eventsFd);
                }
            }
        }
    }

    /** The original's {@code finally}, plus the connections it left to process exit. */
    protected final void closeSockets() throws IOException {
        listenSocket.close();
        closeAll(connections.values());
    }

    @Override
    protected final NativeSocket listener() {
        return listenSocket;
    }
}
