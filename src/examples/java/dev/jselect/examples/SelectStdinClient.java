package dev.jselect.examples;

import dev.jselect.HasFileno;
import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.net.NativeSocket;
import dev.jselect.os.Os;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Twin of article 003's client that selects on stdin and a socket (port 10000, the port
 * of {@link SelectQueueServer}): what the server sends is printed as
 * {@code server_message: ...}, what the user types is sent.
 *
 * <p>{@code sys.stdin} is the fd wrapped as a {@link HasFileno}, and {@code sys.stdin.readline()}
 * is {@link Os#read} on it: a buffered reader could hold lines that select cannot see.
 * Fixed from the original: at the end of input it closes and returns, where the original sent
 * empty strings in a busy loop.
 */
public final class SelectStdinClient {
    public static final int PORT = 10000;

    private SelectStdinClient() {}

    /** The whole program, against {@code 127.0.0.1:port}, with {@code stdinFd} as {@code sys.stdin}. */
    public static void run(int port, int stdinFd, PrintStream out) throws IOException {
        HasFileno stdin = () -> stdinFd;
        NativeSocket sk = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        try (sk) {
            sk.connect(ServerTwin.HOST, port);

            List<HasFileno> rlist = List.of(stdin, sk);

            while (true) {
                SelectResult<HasFileno> lists = Select.select(rlist, List.of(), List.of());
                for (HasFileno sock : lists.readable()) {
                    // incoming message from remote server
                    if (sock == sk) {
                        String data = Py.decode(sk.recv(4096));
                        if (data.isEmpty()) {
                            out.println("\nDisconnected from chat server");
                            return;
                        } else {
                            Py.print(out, "server_message:", data);
                        }
                    // user entered a message
                    } else if (lists.readable().contains(stdin)) {
                        byte[] msg = Os.read(stdinFd, 4096);
                        if (msg.length == 0) {
                            return;
                        }
                        sk.send(msg);
                    }
                }
            }
        }
    }

    /** {@code select-stdin-client [port]}. */
    public static void main(String[] args) throws IOException {
        run(ServerTwin.port(args, PORT), 0, System.out);
    }
}
