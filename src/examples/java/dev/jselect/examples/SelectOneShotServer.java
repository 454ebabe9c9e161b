package dev.jselect.examples;

import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.net.Accepted;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Twin of article 000's one-shot {@code select} server (port 50000): wait up to 5 s for a
 * connection, read one message, print it, pause, hang up. The pause (the original's
 * {@code os.popen('sleep 10')}) shows that one select loop serves one client at a time; it is
 * the second argument, in seconds.
 *
 * <p>Fixed from the original: Python 2's {@code print (buf)} prints the text; a client that
 * resets its connection is hung up on instead of ending the server with ConnectionResetError.
 */
public final class SelectOneShotServer extends ServerTwin {
    public static final int PORT = 50000;

    private final NativeSocket s;
    private final Duration pause;

    public SelectOneShotServer(int port, Duration pause, PrintStream out) throws IOException {
        super(out);
        this.pause = pause;
        s = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        s.bind(HOST, port);
        s.listen(5);
    }

    @Override
    protected void serve() throws IOException, InterruptedException {
        try (s) {
            while (running()) {
                SelectResult<NativeSocket> fds = Select.select(List.of(s), List.of(), List.of(), 5);
                if (fds.readable().size() != 0) {
                    Accepted accepted = s.accept();
                    try (NativeSocket clientsock = accepted.socket()) {
                        byte[] buf = recvOrEof(clientsock, 8196);
                        if (buf.length != 0) {
                            print(Py.decode(buf));
                            Thread.sleep(pause);
                        }
                    }
                }
                // print "no data coming"
            }
        }
    }

    @Override
    protected NativeSocket listener() {
        return s;
    }

    /** {@code select-oneshot-server [port [pause-seconds]]}. */
    public static void main(String[] args) throws Exception {
        Duration pause = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        new SelectOneShotServer(port(args, PORT), pause, System.out).serve();
    }
}
