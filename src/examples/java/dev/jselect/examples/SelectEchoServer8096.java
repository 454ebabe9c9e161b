package dev.jselect.examples;

import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.net.Accepted;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Twin of article 004's {@code select} echo server (127.0.0.1:8096, tried with {@code nc}):
 * one read list, a one-second timeout, every message printed and sent back.
 *
 * <p>Fixed from the original: it decoded each read as UTF-8 and encoded it again, so a
 * character split between two reads raised UnicodeDecodeError and dropped the client; the twin
 * echoes the bytes as received and decodes only what it prints.
 */
public final class SelectEchoServer8096 extends ServerTwin {
    public static final int PORT = 8096;

    private final NativeSocket server;

    public SelectEchoServer8096(int port, PrintStream out) throws IOException {
        super(out);
        // the listening socket, non-blocking, address reusable
        server = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        server.setBlocking(false);
        server.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_REUSEADDR, 1);
        server.bind(HOST, port);
        server.listen(5);
    }

    @Override
    protected void serve() throws IOException {
        // every socket select watches for reading, the listening one first
        List<NativeSocket> readFds = new ArrayList<>(List.of(server));

        print("启动服务...");

        try {
            while (running()) {
                // wait at most 1 s for any socket to become readable
                SelectResult<NativeSocket> fds = Select.select(readFds, List.of(), List.of(), 1);
                for (NativeSocket sock : fds.readable()) {
                    // the listening socket is readable: a client is connecting
                    if (sock == server) {
                        Accepted accepted = sock.accept();
                        NativeSocket conn = accepted.socket();
                        print("client ", accepted.address(), " connected ...");
                        readFds.add(conn);
                    } else {
                        // a client sent something
                        try {
                            byte[] data = sock.recv(1024);
                            Object peer = sock.getPeerName();
                            // an empty read: the client closed, stop watching it
                            if (data.length == 0) {
                                print("client ", peer, " off line ...");
                                sock.close();
                                readFds.remove(sock);
                                continue;
                            }
                            print("receive from ", peer, " ,data is ", Py.decode(data));
                            // echo it back
                            sock.send(data);
                        // the connection failed: the client went away abruptly
                        } catch (IOException e) {
                            print("Exception.......");
                            sock.close();
                            readFds.remove(sock);
                        }
                    }
                }
            }
        } finally {
            closeAll(readFds);
        }
    }

    @Override
    protected NativeSocket listener() {
        return server;
    }

    /** {@code select-echo-server-8096 [port]}. */
    public static void main(String[] args) throws Exception {
        new SelectEchoServer8096(port(args, PORT), System.out).serve();
    }
}
