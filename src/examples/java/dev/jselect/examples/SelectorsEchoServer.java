package dev.jselect.examples;

import dev.jselect.Repr;
import dev.jselect.net.Accepted;
import dev.jselect.net.NativeSocket;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.SelectedKey;
import dev.jselect.selectors.Selectors;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Twin of the echo server in Python's {@code selectors} documentation (port 1234): each
 * registration carries its callback as {@code data}, and the loop calls
 * {@code key.data(key.fileobj, mask)}. {@link Selectors#open()} picks the backend (epoll, else
 * poll, else select), so this twin runs unchanged on each.
 *
 * <p>Fixed from the original: a reset client is closed like one that hung up, where the original
 * died of ConnectionResetError.
 */
public final class SelectorsEchoServer extends ServerTwin {
    public static final int PORT = 1234;

    /** The callbacks stored as each key's data: Python's {@code accept} and {@code read} functions. */
    @FunctionalInterface
    interface Callback {
        void call(NativeSocket sock, int mask) throws IOException;
    }

    private final BaseSelector sel;
    private final NativeSocket sock;

    public SelectorsEchoServer(int port, PrintStream out) throws IOException {
        super(out);
        sel = Selectors.open();
        sock = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        sock.bind(HOST, port);
        sock.listen(100);
        sock.setBlocking(false);
        sel.register(sock, Selectors.EVENT_READ, (Callback) this::accept);
    }

    private void accept(NativeSocket sock, int mask) throws IOException {
        Accepted accepted = sock.accept(); // Should be ready
        NativeSocket conn = accepted.socket();
        print("accepted", conn, "from", accepted.address());
        conn.setBlocking(false);
        sel.register(conn, Selectors.EVENT_READ, (Callback) this::read);
    }

    private void read(NativeSocket conn, int mask) throws IOException {
        byte[] data = recvOrEof(conn, 1000); // Should be ready
        if (data.length > 0) {
            print("echoing", Repr.of(data), "to", conn);
            sendUnlessGone(conn, data); // Hope it won't block
        } else {
            print("closing", conn);
            sel.unregister(conn);
            conn.close();
        }
    }

    @Override
    protected void serve() throws IOException {
        try {
            while (running()) {
                List<SelectedKey> events = sel.select();
                for (SelectedKey event : events) {
                    Callback callback = (Callback) event.key().data();
                    callback.call((NativeSocket) event.key().fileobj(), event.events());
                }
            }
        } finally {
            List<NativeSocket> open = sel.getMap().values().stream().map(key -> (NativeSocket) key.fileobj()).toList();
            sel.close();
            closeAll(open);
        }
    }

    @Override
    protected NativeSocket listener() {
        return sock;
    }

    /** {@code selectors-echo-server [port]}. */
    public static void main(String[] args) throws Exception {
        new SelectorsEchoServer(port(args, PORT), System.out).serve();
    }
}
