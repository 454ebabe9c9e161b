package dev.jselect.examples;

import dev.jselect.HasFileno;
import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Twin of article 003's chat client (port 8002), for {@link SelectChatServer}: select on
 * stdin and the socket, print what the room says, send what the user types, prompt with
 * {@code <You>}. {@code sys.stdin.readline()} is {@link Py#readline(int)} on the stdin fd: a
 * line is read whole, however long, and prompted for once.
 *
 * <p>Fixed from the original: at the end of input it closes and returns, where the original sent
 * empty messages in a busy loop. Lines that reach stdin together are sent together, where the
 * original's buffered readline sent the first and held the others where select could not see
 * them, until more input came. Its {@code s.settimeout(2)} bounded only the connect;
 * NativeSocket has no timeout mode, and a loopback connect is answered at once.
 */
public final class SelectChatClient {
    public static final int PORT = 8002;

    private SelectChatClient() {}

    private static void prompt(PrintStream out) {
        out.print("<You>");
        out.flush();
    }

    /** The whole program, against {@code 127.0.0.1:port}, with {@code stdinFd} as {@code sys.stdin}. */
    public static void run(int port, int stdinFd, PrintStream out) throws IOException {
        HasFileno stdin = () -> stdinFd;
        NativeSocket s = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        try (s) {
            try {
                s.connect(ServerTwin.HOST, port);
            } catch (IOException e) {
                Py.print(out, "Unable to connect:", e);
                return;
            }

            out.println("Connected to remote host. Start sending messages");
            prompt(out);
            List<HasFileno> rlist = List.of(stdin, s);
            while (true) {
                SelectResult<HasFileno> lists = Select.select(rlist, List.of(), List.of());

                for (HasFileno sock : lists.readable()) {
                    if (sock == s) {
                        byte[] data = s.recv(4096);
                        if (data.length == 0) {
                            out.println("\nDisconnected from chat server");
                            return;
                        } else {
                            out.print(Py.decode(data));
                            prompt(out);
                        }
                    } else {
                        byte[] msg = Py.readline(stdinFd);
                        if (msg.length == 0) {
                            return;
                        }
                        s.send(msg);
                        prompt(out);
                    }
                }
            }
        }
    }

    /** {@code select-chat-client [port]}. */
    public static void main(String[] args) throws IOException {
        run(ServerTwin.port(args, PORT), 0, System.out);
    }
}
