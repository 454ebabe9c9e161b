package dev.jselect.examples;

import dev.jselect.Epoll;
import dev.jselect.EpollEvent;
import dev.jselect.Select;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Twin of article 000's {@code epoll} HTTP server (port 8080, after scotdoyle.com's Python
 * epoll howto): read a request until a blank line, switch the connection from EPOLLIN to EPOLLOUT,
 * cork, write {@code Hello, world!}, uncork, {@code shutdown}, and close on the EPOLLHUP that
 * follows. {@code src/examples/python/epoll_http_server.py} is the Python 3 reference whose
 * reply this twin's matches byte for byte.
 *
 * <p>Fixed from the original: a client that closes (empty recv) or resets before its request is
 * complete is dropped, where the original spun on EPOLLIN forever or died; a client gone while
 * its reply is written is dropped too; a connection's request and response are forgotten with it.
 */
public final class EpollHttpServer extends ServerTwin {
    public static final int PORT = 8080;

    static final byte[] EOL1 = "\n\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] EOL2 = "\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] RESPONSE = ("HTTP/1.0 200 OK\r\nDate: Mon, 1 Jan 1996 01:01:01 GMT\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 13\r\n\r\n"
            + "Hello, world!").getBytes(StandardCharsets.US_ASCII);

    private final NativeSocket serversocket;
    private final Map<Integer, NativeSocket> connections = new HashMap<>();
    private final Map<Integer, byte[]> requests = new HashMap<>();
    private final Map<Integer, byte[]> responses = new HashMap<>();

    public EpollHttpServer(int port, PrintStream out) throws IOException {
        super(out);
        serversocket = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        serversocket.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_REUSEADDR, 1);
        serversocket.bind(HOST, port);
        serversocket.listen(1);
        serversocket.setBlocking(false);
    }

    /** The HTTP reply, as the Python original sends it. */
    public static byte[] response() {
        return RESPONSE.clone();
    }

    @Override
    protected void serve() throws IOException {
        Epoll epoll = Select.epoll();
        epoll.register(serversocket.fileno(), Select.EPOLLIN);
        try {
            while (running()) {
                List<EpollEvent> events = epoll.poll(1);
                for (EpollEvent e : events) {
                    int fileno = e.fd();
                    int event = e.events();
                    if (fileno == serversocket.fileno()) {
                        NativeSocket connection = serversocket.accept().socket();
                        connection.setBlocking(false);
                        epoll.register(connection.fileno(), Select.EPOLLIN);
                        connections.put(connection.fileno(), connection);
                        requests.put(connection.fileno(), new byte[0]);
                        responses.put(connection.fileno(), RESPONSE);
                    } else if ((event & Select.EPOLLIN) != 0) {
                        byte[] data = recvOrEof(connections.get(fileno), 1024);
                        if (data.length == 0) {
                            drop(epoll, fileno);
                            continue;
                        }
                        requests.put(fileno, Py.concat(requests.get(fileno), data));
                        if (Py.contains(requests.get(fileno), EOL1) || Py.contains(requests.get(fileno), EOL2)) {
                            epoll.modify(fileno, Select.EPOLLOUT);
                            connections.get(fileno).setSockOpt(NativeSocket.IPPROTO_TCP, NativeSocket.TCP_CORK, 1);
                            String request = Py.decode(requests.get(fileno));
                            print("-".repeat(40) + "\n" + request.substring(0, request.length() - 2));
                        }
                    } else if ((event & Select.EPOLLOUT) != 0) {
                        try {
                            int byteswritten = connections.get(fileno).send(responses.get(fileno));
                            responses.put(fileno, Py.from(responses.get(fileno), byteswritten));
                            if (responses.get(fileno).length == 0) {
                                connections.get(fileno).setSockOpt(NativeSocket.IPPROTO_TCP, NativeSocket.TCP_CORK, 0);
                                epoll.modify(fileno, 0);
                                connections.get(fileno).shutdown(NativeSocket.SHUT_RDWR);
                            }
                        } catch (IOException gone) {
                            if (!connectionLost(gone)) {
                                throw gone;
                            }
                            drop(epoll, fileno);
                        }
                    } else if ((event & Select.EPOLLHUP) != 0) {
                        drop(epoll, fileno);
                    }
                }
            }
        } finally {
            epoll.unregister(serversocket.fileno());
            epoll.close();
            serversocket.close();
            closeAll(connections.values());
        }
    }

    /** The original's EPOLLHUP branch: unregister, close, forget. */
    private void drop(Epoll epoll, int fileno) throws IOException {
        epoll.unregister(fileno);
        connections.remove(fileno).close();
        requests.remove(fileno);
        responses.remove(fileno);
    }

    @Override
    protected NativeSocket listener() {
        return serversocket;
    }

    /** {@code epoll-http-server [port]}. */
    public static void main(String[] args) throws Exception {
        new EpollHttpServer(port(args, PORT), System.out).serve();
    }
}
