package dev.jselect.bench.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.jselect.Epoll;
import dev.jselect.EpollEvent;
import dev.jselect.Select;
import dev.jselect.net.NativeSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The porter's loop: the Python epoll tutorial's HTTP server (article 000's, after scotdoyle.com's
 * "python epoll howto") ported line by line with the Python-shaped API and the JDK's own idioms
 * for bytes, made keep-alive, without TCP_CORK. {@code Epoll.poll(1)} returns a list;
 * {@code recv(1024)} a new array; {@code send(byte[])} the count; maps keyed by {@code Integer}
 * fd hold the socket, the request read so far and what is left of the response; {@code modify}
 * to EPOLLOUT once the request is complete and back to EPOLLIN once the response is sent.
 * {@code src/bench/c/epoll_porter_server.c} is the same loop in C, call for call, so the load test
 * shows what this port costs over it. (A port that keeps the tutorial's TCP_CORK is
 * {@link PorterEpollHttpServer}.)
 *
 * <p>Keep-alive: once a response is sent the connection waits for the next request instead of
 * being shut down; an empty recv, a reset, a failed send or EPOLLHUP drops it. It answers
 * {@link KeepAliveHttp#RESPONSE}, as every load-test server does.
 */
public final class PorterLoopHttpServer {
    private PorterLoopHttpServer() {}

    public static void main(String[] args) throws IOException {
        int port = KeepAliveHttp.port(args);
        long deadline = System.nanoTime() + KeepAliveHttp.lifetimeNanos(args);
        byte[] response = KeepAliveHttp.RESPONSE;

        NativeSocket serversocket = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        serversocket.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_REUSEADDR, 1);
        serversocket.bind("127.0.0.1", port);
        serversocket.listen(KeepAliveHttp.BACKLOG);
        serversocket.setBlocking(false);

        Epoll epoll = Select.epoll();
        epoll.register(serversocket.fileno(), Select.EPOLLIN);
        KeepAliveHttp.listening("jselect epoll, the porter's loop", port);

        Map<Integer, NativeSocket> connections = new HashMap<>();
        Map<Integer, ByteArrayOutputStream> requests = new HashMap<>();
        Map<Integer, byte[]> responses = new HashMap<>();
        try {
            while (System.nanoTime() - deadline < 0) {
                List<EpollEvent> events = epoll.poll(1);
                for (EpollEvent e : events) {
                    int fileno = e.fd();
                    int event = e.events();
                    if (fileno == serversocket.fileno()) {
                        NativeSocket connection;
                        try {
                            connection = serversocket.accept().socket();
                        } catch (IOException raced) {
                            continue; // EAGAIN/ECONNABORTED: the client gave up before we got to it
                        }
                        connection.setBlocking(false);
                        epoll.register(connection.fileno(), Select.EPOLLIN);
                        connections.put(connection.fileno(), connection);
                        requests.put(connection.fileno(), new ByteArrayOutputStream());
                        responses.put(connection.fileno(), response);
                    } else if ((event & Select.EPOLLIN) != 0) {
                        byte[] data;
                        try {
                            data = connections.get(fileno).recv(1024);
                        } catch (IOException reset) {
                            data = new byte[0];
                        }
                        if (data.length == 0) {
                            drop(epoll, fileno, connections, requests, responses);
                            continue;
                        }
                        requests.get(fileno).writeBytes(data);
                        String request = requests.get(fileno).toString(ISO_8859_1);
                        if (request.contains("\n\n") || request.contains("\n\r\n")) {
                            epoll.modify(fileno, Select.EPOLLOUT);
                        }
                    } else if ((event & Select.EPOLLOUT) != 0) {
                        try {
                            int byteswritten = connections.get(fileno).send(responses.get(fileno));
                            responses.put(fileno, Arrays.copyOfRange(responses.get(fileno), byteswritten,
                                    responses.get(fileno).length));
                            if (responses.get(fileno).length == 0) {
                                // keep-alive: ready for the next request instead of shutdown
                                epoll.modify(fileno, Select.EPOLLIN);
                                requests.put(fileno, new ByteArrayOutputStream());
                                responses.put(fileno, response);
                            }
                        } catch (IOException gone) {
                            drop(epoll, fileno, connections, requests, responses);
                        }
                    } else if ((event & Select.EPOLLHUP) != 0) {
                        drop(epoll, fileno, connections, requests, responses);
                    }
                }
            }
        } finally {
            epoll.unregister(serversocket.fileno());
            epoll.close();
            serversocket.close();
            for (NativeSocket c : connections.values()) {
                c.close();
            }
        }
    }

    private static void drop(Epoll epoll, int fileno, Map<Integer, NativeSocket> connections,
            Map<Integer, ByteArrayOutputStream> requests, Map<Integer, byte[]> responses) throws IOException {
        epoll.unregister(fileno);
        connections.remove(fileno).close();
        requests.remove(fileno);
        responses.remove(fileno);
    }
}
