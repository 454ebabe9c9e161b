package dev.jselect.examples;

import dev.jselect.Epoll;
import dev.jselect.EpollEvent;
import dev.jselect.Select;
import dev.jselect.net.Accepted;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Twin of article 004's {@code epoll} echo server (127.0.0.1:8096, tried with {@code nc}).
 *
 * <p>Fixed from the original: it printed what it read but never sent it back, though its
 * comment says it echoes; on an empty read it closed the socket before unregistering it
 * (OSError EBADF); its EPOLLHUP branch asked a socket it had just closed and forgotten for its
 * peer (KeyError); a reset client ended it with ConnectionResetError; and decoding each read as
 * UTF-8 broke on a character split between two reads.
 */
public final class EpollEchoServer8096 extends ServerTwin {
    public static final int PORT = 8096;

    private final NativeSocket serversocket;

    public EpollEchoServer8096(int port, PrintStream out) throws IOException {
        super(out);
        serversocket = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        // sockets block by default; this one must not
        serversocket.setBlocking(false);
        serversocket.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_REUSEADDR, 1);
        serversocket.bind(HOST, port);
        serversocket.listen(5);
    }

    @Override
    protected void serve() throws IOException {
        // an epoll object, watching the listening socket for readability: a client is connecting
        Epoll epoll = Select.epoll();
        epoll.register(serversocket.fileno(), Select.EPOLLIN);

        // conns maps each file descriptor to its connection
        Map<Integer, NativeSocket> conns = new HashMap<>();
        try {
            while (running()) {
                // wait at most 1 s
                List<EpollEvent> events = epoll.poll(1);
                // (fileno, event) pairs
                for (EpollEvent e : events) {
                    int fileno = e.fd();
                    int event = e.events();
                    // a client is connecting
                    if (fileno == serversocket.fileno()) {
                        Accepted accepted = serversocket.accept();
                        NativeSocket conn = accepted.socket();
                        print("client ", accepted.address(), " connected ...");
                        // the new socket must not block either
                        conn.setBlocking(false);
                        // watch it for reading (EPOLLIN)
                        epoll.register(conn.fileno(), Select.EPOLLIN);
                        conns.put(conn.fileno(), conn);
                    // a client sent something: read it and send it back
                    } else if ((event & Select.EPOLLIN) != 0) {
                        byte[] data = recvOrEof(conns.get(fileno), 1024);
                        Object peer = peerName(conns.get(fileno));
                        // the client has gone: stop watching it and close it
                        if (data.length == 0) {
                            print("client ", peer, " off line ...");
                            epoll.unregister(fileno);
                            conns.remove(fileno).close();
                        } else {
                            print("receive from ", peer, " ,data is ", Py.decode(data));
                            sendUnlessGone(conns.get(fileno), data);
                        }
                    // EPOLLHUP: the client's socket has hung up, so close ours. Nobody registers
                    // for EPOLLHUP: epoll always reports it.
                    } else if ((event & Select.EPOLLHUP) != 0) {
                        Object peer = peerName(conns.get(fileno));
                        epoll.unregister(fileno);
                        conns.remove(fileno).close();
                        print("client ", peer, " off line ...");
                    }
                }
            }
        } finally {
            epoll.unregister(serversocket.fileno());
            epoll.close();
            serversocket.close();
            closeAll(conns.values());
        }
    }

    @Override
    protected NativeSocket listener() {
        return serversocket;
    }

    /** {@code epoll-echo-server-8096 [port]}. */
    public static void main(String[] args) throws Exception {
        new EpollEchoServer8096(port(args, PORT), System.out).serve();
    }
}
