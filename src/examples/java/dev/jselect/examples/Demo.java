package dev.jselect.examples;

import dev.jselect.Epoll;
import dev.jselect.ErrnoException;
import dev.jselect.EpollEvent;
import dev.jselect.Repr;
import dev.jselect.Select;
import dev.jselect.internal.sys.Platform;
import dev.jselect.net.Accepted;
import dev.jselect.net.NativeSocket;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.Selectors;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Collections;

/**
 * The README's "run it" command ({@code mvn -q -Pdemo}): an epoll echo server and a few clients
 * in one process. The server loop runs on the main thread and prints each event with its flag
 * names, as article 002's logging does, and every echo; the clients, one thread each, send
 * their messages and check every byte that comes back, and one more client resets its
 * connection without a word, to show what epoll and recv make of that. Exits 0 when every echo
 * matched, within a few seconds.
 */
public final class Demo {
    static final int CLIENTS = 3;
    static final int CONNECTIONS = CLIENTS + 1; // and one that resets
    static final List<String> MESSAGES = List.of("hello from client %d", "select, poll and epoll, from Java (client %d)", "bye from client %d");
    static final long DEADLINE_NANOS = 10_000_000_000L;

    Demo() {}

    public static void main(String[] args) throws Exception {
        Py.utf8StandardStreams();
        System.out.printf("jselect on %s/%s, Java %s, binding set %s%n", Platform.osName(), Platform.osArch(), Runtime.version(), Platform.describe());
        if (!Platform.isSupported() || !Select.hasEpoll()) {
            System.out.println("no epoll on this platform: nothing to demonstrate");
            return;
        }
        try (BaseSelector sel = Selectors.open()) {
            System.out.println("backend: Select.epoll(); Selectors.open() gives " + sel.getClass().getSimpleName());
        }
        System.exit(new Demo().run() ? 0 : 1);
    }

    private final Map<Integer, NativeSocket> connections = new HashMap<>();
    private final Map<Integer, ArrayDeque<byte[]>> pending = new HashMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private int events;
    private int accepted;
    private int hangUps;
    private int resets;
    private int messages;
    private long bytesEchoed;

    /** Runs the server loop until every client has come and gone; true when every echo matched. */
    boolean run() throws Exception {
        long start = System.nanoTime();
        try (NativeSocket server = NativeSocket.createServer(ServerTwin.HOST, 0); Epoll epoll = Select.epoll()) {
            server.setBlocking(false);
            int port = server.getSockName().getPort();
            epoll.register(server, Select.EPOLLIN);
            System.out.printf("echo server on 127.0.0.1:%d: listening fd %d, epoll fd %d%n", port, server.fileno(), epoll.fileno());

            List<Thread> clients = new ArrayList<>();
            for (int i = 1; i <= CLIENTS; i++) {
                int n = i;
                clients.add(Thread.ofPlatform().name("client-" + n).daemon().start(() -> client(n, port)));
            }
            clients.add(Thread.ofPlatform().name("resetting-client").daemon().start(() -> resettingClient(port)));

            while (hangUps < CONNECTIONS && System.nanoTime() - start < DEADLINE_NANOS) {
                for (EpollEvent e : epoll.poll(0.5)) {
                    handle(epoll, server, e.fd(), e.events());
                }
            }
            for (Thread t : clients) {
                t.join(1000);
            }
            for (NativeSocket conn : connections.values()) {
                conn.close();
            }
        }
        if (hangUps < CONNECTIONS) {
            failures.add("only " + hangUps + " of " + CONNECTIONS + " connections ended in time");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("done: %d clients accepted (%d reset), %d messages and %d bytes echoed, %d events, %.2f s: %s%n",
                accepted, resets, messages, bytesEchoed, events, seconds, failures.isEmpty() ? "every echo matched" : "FAILED " + failures);
        return failures.isEmpty();
    }

    /** One event: accept on the listening socket; read, then switch to EPOLLOUT to echo, then back to EPOLLIN. */
    private void handle(Epoll epoll, NativeSocket server, int fd, int mask) throws IOException {
        events++;
        System.out.printf("Events %s happened on fd %d%n", Py.str(Select.epollEventNames(mask)), fd);
        if (fd == server.fileno()) {
            Accepted a = server.accept();
            NativeSocket conn = a.socket();
            conn.setBlocking(false);
            epoll.register(conn, Select.EPOLLIN);
            connections.put(conn.fileno(), conn);
            pending.put(conn.fileno(), new ArrayDeque<>());
            accepted++;
            System.out.printf("    accepted fd %d from %s; registered for ['EPOLLIN']%n", conn.fileno(), Repr.of(a.address()));
        } else if ((mask & Select.EPOLLIN) != 0) {
            NativeSocket conn = connections.get(fd);
            byte[] data;
            try {
                data = conn.recv(1024);
            } catch (ErrnoException e) { // Python: ConnectionResetError
                System.out.printf("    recv raised ErrnoException %s (%s)%n", e.errnoName(), e.getMessage());
                resets++;
                data = new byte[0];
            }
            if (data.length == 0) {
                System.out.printf("    fd %d hung up: unregister and close%n", fd);
                epoll.unregister(fd);
                connections.remove(fd).close();
                pending.remove(fd);
                hangUps++;
                return;
            }
            System.out.printf("    received %s; modify to ['EPOLLOUT']%n", Repr.of(data));
            pending.get(fd).add(data);
            epoll.modify(fd, Select.EPOLLOUT);
        } else if ((mask & Select.EPOLLOUT) != 0) {
            NativeSocket conn = connections.get(fd);
            byte[] data = pending.get(fd).poll();
            int sent = conn.send(data);
            if (sent < data.length) {
                pending.get(fd).addFirst(Arrays.copyOfRange(data, sent, data.length));
            } else {
                messages++;
            }
            bytesEchoed += sent;
            boolean more = !pending.get(fd).isEmpty();
            System.out.printf("    echoed %d bytes%s%n", sent, more ? "" : "; modify to ['EPOLLIN']");
            if (!more) {
                epoll.modify(fd, Select.EPOLLIN);
            }
        }
    }

    /** A client: send each message, check that every byte comes back, close. */
    private void client(int n, int port) {
        try (NativeSocket s = NativeSocket.createConnection(ServerTwin.HOST, port)) {
            for (String m : MESSAGES) {
                byte[] sent = Py.encode(m.formatted(n));
                s.sendAll(sent);
                byte[] got = new byte[0];
                while (got.length < sent.length) {
                    byte[] part = s.recv(sent.length - got.length);
                    if (part.length == 0) {
                        break;
                    }
                    got = Py.concat(got, part);
                }
                if (!Arrays.equals(sent, got)) {
                    fail("client " + n + " sent " + Repr.of(sent) + " and got back " + Repr.of(got));
                }
            }
        } catch (IOException e) {
            fail("client " + n + ": " + e);
        }
    }

    /** A client that connects and resets at once (SO_LINGER 0): the server sees EPOLLERR and EPOLLHUP, and recv raises ECONNRESET. */
    private void resettingClient(int port) {
        try (Socket s = new Socket(ServerTwin.HOST, port)) {
            s.setSoLinger(true, 0);
        } catch (IOException e) {
            fail("resetting client: " + e);
        }
    }

    private void fail(String why) {
        failures.add(why);
    }
}
