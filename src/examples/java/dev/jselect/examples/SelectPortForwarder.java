package dev.jselect.examples;

import dev.jselect.BrokenPipeException;
import dev.jselect.ConnectionResetException;
import dev.jselect.ErrnoException;
import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.net.Accepted;
import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import dev.jselect.os.Signals;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Twin of {@code src/examples/python/select_port_forwarder.py}, a {@code select} TCP port
 * forwarder (port 9090): each client gets a connection to the target, named by host name and
 * opened with {@link NativeSocket#createConnection} (every address of the name tried in turn, as
 * Python's {@code create_connection}), and bytes are copied both ways until either side hangs up.
 *
 * <p>The port shows the constructs a port of such a program needs: host names,
 * {@code except ConnectionResetError:} as {@code catch (ConnectionResetException e)}, Python's
 * {@code str(e)} as {@link ErrnoException#pythonMessage()}, and {@code except KeyboardInterrupt:}
 * as a readiness branch: SIGINT is written to a socket that {@code select} watches
 * ({@link Signals#setWakeupFd}, Python's {@code signal.set_wakeup_fd}), and the loop ends
 * cleanly with "Stopped" and exit status 0.
 */
public final class SelectPortForwarder extends ServerTwin {
    public static final int PORT = 9090;
    static final int BUFFER_SIZE = 4096;

    private final String targetHost;
    private final int targetPort;
    private final NativeSocket server;
    private final List<NativeSocket> inputs = new ArrayList<>();
    private final Map<NativeSocket, NativeSocket> peers = new HashMap<>(); // each forwarded socket -> the socket on the other side
    private final SocketPair interrupt; // was: except KeyboardInterrupt: -- SIGINT arrives as a byte on this socket

    public SelectPortForwarder(int port, String targetHost, int targetPort, PrintStream out) throws IOException {
        super(out);
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        server = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        server.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_REUSEADDR, 1);
        server.bind(HOST, port);
        server.listen(5);
        interrupt = NativeSocket.socketpair(); // taken over before the first line, as Python's KeyboardInterrupt is from the start
        interrupt.second().setBlocking(false);
        Signals.setWakeupFd(interrupt.second().fileno(), Signals.SIGINT);
        print(String.format("Forwarding to %s:%d on port %d", targetHost, targetPort, port()));
        inputs.add(server);
    }

    private void closePair(NativeSocket sock) throws IOException {
        NativeSocket other = peers.remove(sock);
        peers.remove(other);
        for (NativeSocket s : List.of(sock, other)) {
            inputs.remove(s);
            s.close();
        }
    }

    @Override
    protected void serve() throws IOException {
        inputs.add(interrupt.first());
        try {
            loop:
            while (running()) {
                SelectResult<NativeSocket> ready = Select.select(inputs, List.of(), List.of());
                for (NativeSocket sock : ready.readable()) {
                    if (sock == interrupt.first()) { // except KeyboardInterrupt:
                        print("Stopped");
                        break loop;
                    } else if (sock == server) {
                        Accepted accepted = server.accept();
                        NativeSocket client = accepted.socket();
                        InetSocketAddress addr = accepted.address();
                        NativeSocket upstream;
                        try {
                            upstream = NativeSocket.createConnection(targetHost, targetPort);
                        } catch (IOException e) { // except OSError as e: print(... % e)
                            print(String.format("Cannot reach %s:%d: %s", targetHost, targetPort, str(e)));
                            client.close();
                            continue;
                        }
                        print(String.format("Client %s:%d connected", addr.getAddress().getHostAddress(), addr.getPort()));
                        inputs.addAll(List.of(client, upstream));
                        peers.put(client, upstream);
                        peers.put(upstream, client);
                    } else if (peers.containsKey(sock)) { // not closed with its peer earlier in this round
                        byte[] data;
                        try {
                            data = sock.recv(BUFFER_SIZE);
                        } catch (ConnectionResetException e) {
                            data = new byte[0];
                        }
                        if (data.length > 0) {
                            try {
                                peers.get(sock).sendAll(data);
                            } catch (BrokenPipeException | ConnectionResetException e) {
                                closePair(sock);
                            }
                        } else {
                            closePair(sock);
                        }
                    }
                }
            }
        } finally {
            Signals.setWakeupFd(-1); // SIGINT ends the JVM again, as before the loop
            inputs.remove(interrupt.first());
            interrupt.close();
            closeAll(inputs);
        }
    }

    /** Python's {@code str(e)} of an OSError: "[Errno 111] Connection refused", or a gaierror's "[Errno -2] ...". */
    private static String str(IOException e) {
        return e instanceof ErrnoException errno ? errno.pythonMessage() : e.getMessage();
    }

    @Override
    protected NativeSocket listener() {
        return server;
    }

    /** {@code select-port-forwarder [port [target-host [target-port]]]}. */
    public static void main(String[] args) throws Exception {
        String targetHost = args.length > 1 ? args[1] : "localhost";
        int targetPort = args.length > 2 ? port(new String[] {args[2]}, 8080) : 8080;
        new SelectPortForwarder(port(args, PORT), targetHost, targetPort, System.out).serve();
    }
}
