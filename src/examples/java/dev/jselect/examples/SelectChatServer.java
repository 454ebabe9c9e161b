package dev.jselect.examples;

import dev.jselect.Repr;
import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.net.Accepted;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Twin of article 003's {@code select} chat server (port 8002): whatever a client says is
 * broadcast to every other client as {@code \r<('127.0.0.1', 40000)> text}; arrivals and
 * departures are announced. {@code src/examples/python/select_chat_server.py} is the Python 3
 * reference whose messages this twin's match byte for byte.
 *
 * <p>Fixed from the original: a client that closes cleanly (empty recv) is offline, where the
 * original kept it and select reported it readable forever (a busy loop); "is offline" names
 * the client that left, not {@code addr}, the last one accepted; {@code broadcast_data} walks
 * a copy of the list it removes dead sockets from; bytes are forwarded as received, where
 * decoding first turned a UTF-8 character split between two reads into an "offline" client.
 */
public final class SelectChatServer extends ServerTwin {
    public static final int PORT = 8002;
    static final int RECV_BUFFER = 4096;

    private final List<NativeSocket> connectionList = new ArrayList<>();
    private final Map<NativeSocket, InetSocketAddress> addresses = new HashMap<>();
    private final NativeSocket serverSocket;

    public SelectChatServer(int port, PrintStream out) throws IOException {
        super(out);
        serverSocket = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        serverSocket.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_REUSEADDR, 1);
        serverSocket.bind(HOST, port);
        serverSocket.listen(10);
        connectionList.add(serverSocket);
        print("Chat server started on port " + port());
    }

    /** Sends {@code message} to every client but {@code sock}; a client that cannot take it is dropped. */
    private void broadcastData(NativeSocket sock, byte[] message) {
        for (NativeSocket socket : List.copyOf(connectionList)) {
            if (socket != serverSocket && socket != sock) {
                try {
                    socket.send(message);
                } catch (IOException e) {
                    // on error, drop the connection
                    closeQuietly(socket);
                    connectionList.remove(socket);
                    addresses.remove(socket);
                }
            }
        }
    }

    @Override
    protected void serve() throws IOException {
        try {
            while (running()) {
                SelectResult<NativeSocket> sockets = Select.select(connectionList, List.of(), List.of());
                for (NativeSocket sock : sockets.readable()) {
                    // New connection
                    if (sock == serverSocket) {
                        Accepted accepted = serverSocket.accept();
                        NativeSocket sockfd = accepted.socket();
                        InetSocketAddress addr = accepted.address();
                        connectionList.add(sockfd);
                        addresses.put(sockfd, addr);
                        print("Client (" + hostPort(addr, ", ") + ") connected");
                        broadcastData(sockfd, Py.encode("[" + hostPort(addr, ":") + "] entered room\n"));
                    } else if (connectionList.contains(sock)) { // not dropped by a broadcast this round
                        InetSocketAddress addr = addresses.get(sock);
                        byte[] data = recvOrEof(sock, RECV_BUFFER);
                        if (data.length > 0) {
                            broadcastData(sock, Py.concat(Py.encode("\r" + "<" + Repr.of(addr) + "> "), data));
                        } else {
                            broadcastData(sock, Py.encode("Client (" + hostPort(addr, ", ") + ") is offline"));
                            print("Client (" + hostPort(addr, ", ") + ") is offline");
                            sock.close();
                            connectionList.remove(sock);
                            addresses.remove(sock);
                        }
                    }
                }
            }
        } finally {
            closeAll(connectionList);
        }
    }

    /** Python's {@code "%s, %s" % addr} (with the given separator). */
    private static String hostPort(InetSocketAddress addr, String separator) {
        return addr.getAddress().getHostAddress() + separator + addr.getPort();
    }

    private static void closeQuietly(NativeSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // it is being dropped because it failed
        }
    }

    @Override
    protected NativeSocket listener() {
        return serverSocket;
    }

    /** {@code select-chat-server [port]}. */
    public static void main(String[] args) throws Exception {
        new SelectChatServer(port(args, PORT), System.out).serve();
    }
}
