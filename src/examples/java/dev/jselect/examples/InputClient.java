package dev.jselect.examples;

import dev.jselect.net.NativeSocket;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * Twin of article 003's simple client for {@link SelectPrintServer} (port 8002): prompt,
 * read a line, send it (without its {@code \n}, which {@code input()} strips, but with a
 * {@code \r} before it, which {@code input()} keeps), forever. {@code input()} is
 * {@link Py#input}.
 *
 * <p>Fixed from the original: at the end of input it closes and returns, where
 * {@code input()} raised EOFError.
 */
public final class InputClient {
    public static final int PORT = 8002;

    private InputClient() {}

    /** The whole program, against {@code 127.0.0.1:port}, reading {@code stdin}. */
    public static void run(int port, InputStream stdin, PrintStream out) throws IOException {
        InputStream input = new BufferedInputStream(stdin);
        NativeSocket sk = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        try (sk) {
            sk.connect(ServerTwin.HOST, port);
            while (true) {
                String inputStr = Py.input(out, input, "wait input:");
                if (inputStr == null) {
                    break;
                }
                sk.sendAll(Py.encode(inputStr));
            }
        }
    }

    /** {@code input-client [port]}. */
    public static void main(String[] args) throws IOException {
        run(ServerTwin.port(args, PORT), System.in, System.out);
    }
}
