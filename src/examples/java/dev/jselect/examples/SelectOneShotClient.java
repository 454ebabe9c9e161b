package dev.jselect.examples;

import dev.jselect.net.NativeSocket;
import java.io.IOException;

/**
 * Twin of article 000's one-shot client (port 50000): connect, send one message, close.
 * Fixed from the original: Python 2 sent a {@code str}; the message goes out as UTF-8 bytes.
 */
public final class SelectOneShotClient {
    public static final int PORT = 50000;
    public static final String MESSAGE = "coming from select client";

    private SelectOneShotClient() {}

    /** The whole program, against {@code 127.0.0.1:port}. */
    public static void run(int port) throws IOException {
        NativeSocket s = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        try (s) {
            s.connect(ServerTwin.HOST, port);
            s.send(Py.encode(MESSAGE));
        }
    }

    /** {@code select-oneshot-client [port]}. */
    public static void main(String[] args) throws IOException {
        run(ServerTwin.port(args, PORT));
    }
}
