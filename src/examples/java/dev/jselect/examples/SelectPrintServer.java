package dev.jselect.examples;

import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Twin of article 003's plain {@code select} server (port 8002): it accepts clients and
 * prints what they send; it never answers. {@link InputClient} is the article's client for it.
 *
 * <p>Fixed from the original: a comment written without its {@code #} made the file a
 * SyntaxError; a client that has gone is closed, not only removed from {@code inputs} (an fd
 * leaked per client); a reset client is handled like one that hung up, where the original
 * died of ConnectionResetError.
 */
public final class SelectPrintServer extends ServerTwin {
    public static final int PORT = 8002;

    private final NativeSocket sk1;

    public SelectPrintServer(int port, PrintStream out) throws IOException {
        super(out);
        sk1 = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        sk1.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_REUSEADDR, 1);
        sk1.bind(HOST, port);
        sk1.listen(5);
        sk1.setBlocking(false);
    }

    @Override
    protected void serve() throws IOException {
        List<NativeSocket> inputs = new ArrayList<>(List.of(sk1));
        try {
            while (running()) {
                SelectResult<NativeSocket> lists = Select.select(inputs, List.of(), inputs, 1);
                for (NativeSocket r : lists.readable()) {
                    // the listening socket is readable when a client connects
                    if (sk1 == r) {
                        print("accept...");
                        NativeSocket request = r.accept().socket();
                        // accept() would block; setblocking(0) makes the new socket non-blocking
                        request.setBlocking(false);
                        inputs.add(request);
                    // a connected client sent something
                    } else {
                        byte[] received = recvOrEof(r, 1024);
                        if (received.length > 0) {
                            print("received data:", Py.decode(received));
                        // the client closed its end: forget it
                        } else {
                            inputs.remove(r);
                            r.close();
                        }
                    }
                }
            }
        } finally {
            closeAll(inputs);
        }
    }

    @Override
    protected NativeSocket listener() {
        return sk1;
    }

    /** {@code select-print-server [port]}. */
    public static void main(String[] args) throws Exception {
        new SelectPrintServer(port(args, PORT), System.out).serve();
    }
}
