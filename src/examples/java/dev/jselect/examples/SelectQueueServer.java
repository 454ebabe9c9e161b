package dev.jselect.examples;

import dev.jselect.Repr;
import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.net.Accepted;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * Twin of the {@code select} echo server with one message queue per connection
 * ({@code inputs}, {@code outputs}, {@code message_queues}) that articles 000 (Python 2,
 * port 9999, with {@code os.popen('sleep 5')} before each send) and 003 (Python 3, port 10000)
 * both print. The two loops are the same; what they print is not, so the {@link Article} chosen
 * picks each print line (000's Python 2 print statements, 003's Python 3 calls). The pause is
 * the second argument, in seconds (default 5 for 000, 0 for 003).
 *
 * <p>Fixed from the originals: 000's Python 2 (its printout is kept, Python 2's print spacing
 * and all); "closing" names the closing client, not the last one
 * accepted; a socket closed earlier in the same round is skipped in the writable and
 * exceptional loops (the originals raised KeyError, and 003's doubled exceptional loop
 * ValueError); a reset client is closed instead of ending the server.
 */
public final class SelectQueueServer extends ServerTwin {
    /** The article whose program, and so whose printout, the twin is. */
    public enum Article { OF_000, OF_003 }

    /** The port of article 003's version; article 000's used 9999. */
    public static final int PORT = 10000;
    public static final int PORT_000 = 9999;

    private final Article article;
    private final NativeSocket server;
    private final Duration pause;

    public SelectQueueServer(Article article, int port, Duration pause, PrintStream out) throws IOException {
        super(out);
        this.article = article;
        this.pause = pause;
        server = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        server.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_REUSEADDR, 1);
        server.setBlocking(false);
        server.bind(HOST, port);
        if (article == Article.OF_003) {
            print("starting up on " + HOST + " port " + port());
        }
        server.listen(article == Article.OF_000 ? 10 : 5);
    }

    private boolean of000() {
        return article == Article.OF_000;
    }

    @Override
    protected void serve() throws IOException, InterruptedException {
        List<NativeSocket> inputs = new ArrayList<>(List.of(server));
        List<NativeSocket> outputs = new ArrayList<>();
        Map<NativeSocket, Queue<byte[]>> messageQueues = new HashMap<>();
        try {
            while (running() && !inputs.isEmpty()) {
                if (of000()) {
                    Py.print2(out, "waiting for next event");
                } else {
                    print("waiting for the next event");
                }
                SelectResult<NativeSocket> ready = Select.select(inputs, outputs, inputs);
                for (NativeSocket s : ready.readable()) {
                    if (s == server) {
                        Accepted accepted = s.accept();
                        NativeSocket connection = accepted.socket();
                        if (of000()) {
                            Py.print2(out, "    connection from ", accepted.address());
                        } else {
                            print("connection from", accepted.address());
                        }
                        connection.setBlocking(false);
                        inputs.add(connection);
                        messageQueues.put(connection, new ArrayDeque<>());
                    } else {
                        byte[] data = recvOrEof(s, 1024);
                        if (data.length > 0) {
                            if (of000()) {
                                Py.print2(out, " received ", data, "from ", peerName(s));
                            } else {
                                print("received \"" + Repr.of(data) + "\" from " + Py.str(peerName(s)));
                            }
                            messageQueues.get(s).add(data);
                            if (!outputs.contains(s)) {
                                outputs.add(s);
                            }
                        } else {
                            if (of000()) {
                                Py.print2(out, "  closing", peerName(s));
                            } else {
                                print("closing", peerName(s));
                            }
                            outputs.remove(s);
                            inputs.remove(s);
                            s.close();
                            messageQueues.remove(s);
                        }
                    }
                }
                for (NativeSocket s : ready.writable()) {
                    if (!messageQueues.containsKey(s)) {
                        continue; // closed above
                    }
                    byte[] nextMsg = messageQueues.get(s).poll();
                    if (nextMsg == null) { // queue.Empty
                        if (of000()) {
                            Py.print2(out, " ", peerName(s), "queue empty");
                        } else {
                            print("  ", peerName(s), "queue empty");
                        }
                        outputs.remove(s);
                    } else {
                        if (of000()) {
                            Py.print2(out, " sending ", nextMsg, " to ", peerName(s));
                        } else {
                            print("sending \"" + Repr.of(nextMsg) + "\" to " + Py.str(peerName(s)));
                        }
                        Thread.sleep(pause);
                        sendUnlessGone(s, nextMsg);
                    }
                }
                for (NativeSocket s : ready.exceptional()) {
                    if (!messageQueues.containsKey(s)) {
                        continue; // closed above, or the listening socket
                    }
                    if (of000()) {
                        Py.print2(out, " exception condition on ", peerName(s));
                    } else {
                        print("exception condition on", peerName(s));
                    }
                    inputs.remove(s);
                    outputs.remove(s);
                    s.close();
                    messageQueues.remove(s);
                }
            }
        } finally {
            closeAll(inputs);
        }
    }

    @Override
    protected NativeSocket listener() {
        return server;
    }

    /** {@code select-queue-echo-server [port [pause-seconds]]} (article 003's defaults). */
    public static void main(String[] args) throws Exception {
        run(Article.OF_003, args, PORT, 0);
    }

    /** {@code select-queue-server [port [pause-seconds]]}: article 000's port and 5 s pause. */
    public static void main000(String[] args) throws Exception {
        run(Article.OF_000, args, PORT_000, 5);
    }

    private static void run(Article article, String[] args, int port, long pauseSeconds) throws Exception {
        Duration pause = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : pauseSeconds);
        new SelectQueueServer(article, port(args, port), pause, System.out).serve();
    }
}
