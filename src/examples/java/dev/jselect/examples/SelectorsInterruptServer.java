package dev.jselect.examples;

import dev.jselect.KeyboardInterruptException;
import dev.jselect.net.Accepted;
import dev.jselect.net.NativeSocket;
import dev.jselect.os.Signals;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.SelectedKey;
import dev.jselect.selectors.SelectorKey;
import dev.jselect.selectors.Selectors;
import java.util.ArrayList;
import java.util.List;

/**
 * Twin of {@code src/examples/python/selectors_interrupt_server.py}, a {@code selectors} echo
 * server (port 7070) that shuts down on Ctrl-C: Python's {@code except KeyboardInterrupt:} is
 * {@code catch (KeyboardInterruptException e)}, with {@code Signals.signal(SIGINT,
 * DEFAULT_INT_HANDLER)} standing for Python's default SIGINT handler. The SIGINT that arrives
 * while the loop waits in {@code select()} ends that call with the exception, as in Python; the
 * summary line, the closing of every socket and exit status 0 follow.
 */
public final class SelectorsInterruptServer {
    public static final int PORT = 7070;

    private SelectorsInterruptServer() {}

    /** {@code selectors-interrupt-server [port]}. */
    public static void main(String[] args) throws Exception {
        Signals.signal(Signals.SIGINT, Signals.DEFAULT_INT_HANDLER); // Python installs it at startup
        int port = ServerTwin.port(args, PORT);

        BaseSelector sel = Selectors.open();
        NativeSocket server = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        server.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_REUSEADDR, 1);
        server.bind("127.0.0.1", port);
        server.listen();
        server.setBlocking(false);
        sel.register(server, Selectors.EVENT_READ);
        System.out.printf("Echoing on port %d, Ctrl-C to stop%n", server.getSockName().getPort());
        System.out.flush();

        int clients = 0;
        long echoed = 0;
        try {
            while (true) {
                for (SelectedKey event : sel.select()) {
                    NativeSocket sock = (NativeSocket) event.key().fileobj();
                    if (sock == server) {
                        Accepted accepted = server.accept();
                        NativeSocket conn = accepted.socket();
                        conn.setBlocking(false);
                        sel.register(conn, Selectors.EVENT_READ);
                        clients += 1;
                    } else {
                        byte[] data = sock.recv(1024);
                        if (data.length > 0) {
                            sock.sendAll(data);
                            echoed += data.length;
                        } else {
                            sel.unregister(sock);
                            sock.close();
                        }
                    }
                }
            }
        } catch (KeyboardInterruptException e) {
            System.out.printf("Interrupted: %d clients, %d bytes echoed%n", clients, echoed);
            System.out.flush();
        } finally {
            List<SelectorKey> keys = new ArrayList<>(sel.getMap().values());
            for (SelectorKey key : keys) {
                ((NativeSocket) key.fileobj()).close();
            }
            sel.close();
            System.out.println("Closed");
            System.out.flush();
        }
    }
}
