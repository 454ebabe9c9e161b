package dev.jselect.examples;

import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.net.Datagram;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * Twin of {@code src/examples/python/select_udp_server.py}, a select-based UDP server in the
 * style of the five articles' select servers (inputs, outputs and a reply queue, over one
 * datagram socket): each datagram is answered with {@code "<n>: <DATA IN UPPER CASE>"}, n
 * counting that sender's datagrams, and a reply waits in the queue until select says the
 * socket is writable. The Python file is the reference whose replies this twin's match byte for
 * byte; the lines below follow it one for one.
 */
public final class SelectUdpServer extends ServerTwin {
    public static final int PORT = 10001;

    private final NativeSocket server;

    public SelectUdpServer(int port, PrintStream out) throws IOException {
        super(out);
        server = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_DGRAM);
        server.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_REUSEADDR, 1);
        server.bind(HOST, port);
        server.setBlocking(false);
    }

    /** A queued reply: Python's {@code (reply, address)} tuple. */
    private record Reply(byte[] reply, SocketAddress address) {}

    @Override
    protected void serve() throws IOException {
        List<NativeSocket> inputs = new ArrayList<>(List.of(server));
        List<NativeSocket> outputs = new ArrayList<>();
        Queue<Reply> replies = new ArrayDeque<>();
        Map<SocketAddress, Integer> counts = new HashMap<>();

        try {
            while (running()) {
                SelectResult<NativeSocket> ready = Select.select(inputs, outputs, inputs, 1);
                if (ready.readable().isEmpty() && ready.writable().isEmpty() && ready.exceptional().isEmpty()) {
                    continue;
                }
                for (NativeSocket s : ready.readable()) {
                    Datagram d = s.recvFrom(4096);
                    byte[] data = d.data();
                    SocketAddress address = d.address();
                    counts.put(address, counts.getOrDefault(address, 0) + 1);
                    print("received", data, "from", address);
                    replies.add(new Reply(Py.concat(Py.encode(counts.get(address) + ": "), upper(data)), address));
                    if (!outputs.contains(s)) {
                        outputs.add(s);
                    }
                }
                for (NativeSocket s : ready.writable()) {
                    Reply next = replies.poll();
                    if (next == null) {
                        outputs.remove(s);
                    } else {
                        s.sendTo(next.reply(), next.address());
                    }
                }
                for (NativeSocket s : ready.exceptional()) {
                    print("exception condition on", s.getSockName());
                    inputs.remove(s);
                    outputs.remove(s);
                    s.close();
                }
            }
        } finally {
            server.close();
        }
    }

    /** Python {@code bytes.upper()}: ASCII letters only, every other byte as it is. */
    static byte[] upper(byte[] data) {
        byte[] r = data.clone();
        for (int i = 0; i < r.length; i++) {
            if (r[i] >= 'a' && r[i] <= 'z') {
                r[i] -= 'a' - 'A';
            }
        }
        return r;
    }

    @Override
    protected NativeSocket listener() {
        return server;
    }

    /** {@code select-udp-server [port]}. */
    public static void main(String[] args) throws Exception {
        new SelectUdpServer(port(args, PORT), System.out).serve();
    }
}
