package dev.jselect.bench.http;

import dev.jselect.Epoll;
import dev.jselect.EpollEvent;
import dev.jselect.Select;
import dev.jselect.examples.Py;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Article 000's epoll HTTP server as a porter writes it: the example twin
 * {@code dev.jselect.examples.EpollHttpServer} (the Python program translated line by line with
 * the Python-shaped API) with keep-alive added and nothing else changed. {@code Epoll.poll(1)}
 * returns a list; {@code recv(1024)} a new array; {@code send(byte[])} the count; maps from
 * {@code Integer} fd to socket, request and response; {@code modify} to EPOLLOUT and back per
 * request; TCP_CORK around each response. Keep-alive: once a response is sent, the connection
 * goes back to EPOLLIN with an empty request instead of being shut down, and an empty recv or a
 * reset drops it. It answers {@link KeepAliveHttp#RESPONSE}, as every load-test server does.
 */
public final class PorterEpollHttpServer {
    static final byte[] EOL1 = "\n\n".getBytes();
    static final byte[] EOL2 = "\n\r\n".getBytes();

    private PorterEpollHttpServer() {}

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
        KeepAliveHttp.listening("jselect epoll, the porter's way", port);

        Map<Integer, NativeSocket> connections = new HashMap<>();
        Map<Integer, byte[]> requests = new HashMap<>();
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
                        requests.put(connection.fileno(), new byte[0]);
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
                        requests.put(fileno, Py.concat(requests.get(fileno), data));
                        if (Py.contains(requests.get(fileno), EOL1) || Py.contains(requests.get(fileno), EOL2)) {
                            epoll.modify(fileno, Select.EPOLLOUT);
                            connections.get(fileno).setSockOpt(NativeSocket.IPPROTO_TCP, NativeSocket.TCP_CORK, 1);
                        }
                    } else if ((event & Select.EPOLLOUT) != 0) {
                        try {
                            int byteswritten = connections.get(fileno).send(responses.get(fileno));
                            responses.put(fileno, Py.from(responses.get(fileno), byteswritten));
                            if (responses.get(fileno).length == 0) {
                                connections.get(fileno).setSockOpt(NativeSocket.IPPROTO_TCP, NativeSocket.TCP_CORK, 0);
                                // keep-alive: ready for the next request instead of shutdown
                                epoll.modify(fileno, Select.EPOLLIN);
                                requests.put(fileno, new byte[0]);
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

    private static void drop(Epoll epoll, int fileno, Map<Integer, NativeSocket> connections, Map<Integer, byte[]> requests,
            Map<Integer, byte[]> responses) throws IOException {
        epoll.unregister(fileno);
        connections.remove(fileno).close();
        requests.remove(fileno);
        responses.remove(fileno);
    }
}
