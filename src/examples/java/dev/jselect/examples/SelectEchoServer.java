package dev.jselect.examples;

import dev.jselect.Repr;
import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.net.Accepted;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twin of article 002's {@code select} echo server with logging (port 9000).
 *
 * <p>Fixed from the original: it put every connection in {@code wlist_in} and echoed only when
 * the connection came back writable; a connected socket nearly always is, so select returned at
 * once on every pass (a busy loop). Here {@code wlist_in} stays empty and the data is sent
 * straight back. Also: the log names the socket that spoke ({@code s}), not the last one
 * accepted ({@code conn_socket}); a finished connection is closed, not just forgotten; a reset
 * client is closed like one that said bye, where the original died of ConnectionResetError.
 */
public final class SelectEchoServer extends ServerTwin {
    public static final int PORT = 9000;
    private static final Logger LOGGER = LoggerFactory.getLogger(SelectEchoServer.class);

    private final NativeSocket listenSocket;

    public SelectEchoServer(int port, PrintStream out) throws IOException {
        super(out);
        // the listening socket
        listenSocket = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        listenSocket.setBlocking(false);
        listenSocket.bind(HOST, port);
        listenSocket.listen(5);
    }

    @Override
    protected void serve() throws IOException {
        List<NativeSocket> rlistIn = new ArrayList<>(List.of(listenSocket));
        List<NativeSocket> wlistIn = new ArrayList<>();
        List<NativeSocket> xlistIn = new ArrayList<>();
        try {
            while (running()) {
                SelectResult<NativeSocket> listsOut = Select.select(rlistIn, wlistIn, xlistIn);
                for (NativeSocket s : listsOut.readable()) {
                    if (s == listenSocket) {
                        Accepted accepted = s.accept();
                        NativeSocket connSocket = accepted.socket();
                        LOGGER.debug("New connection {} from {}", connSocket.fileno(), Repr.of(accepted.address()));
                        connSocket.setBlocking(false);
                        rlistIn.add(connSocket);
                    } else {
                        byte[] data = recvOrEof(s, 1024);
                        if (data.length > 0) {
                            if (LOGGER.isDebugEnabled()) {
                                LOGGER.debug("Receive data:{} from {}", Py.decode(data), s.fileno());
                            }
                            sendUnlessGone(s, data);
                        } else {
                            LOGGER.debug("Receive bye from {}", s.fileno());
                            rlistIn.remove(s);
                            s.close();
                        }
                    }
                }
            }
        } finally {
            closeAll(rlistIn);
        }
    }

    @Override
    protected NativeSocket listener() {
        return listenSocket;
    }

    /** {@code select-echo-server [port]}. */
    public static void main(String[] args) throws Exception {
        new SelectEchoServer(port(args, PORT), System.out).serve();
    }
}
