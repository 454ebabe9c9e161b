package dev.jselect.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jselect.Select;
import dev.jselect.testing.RunningServer;
import dev.jselect.testing.WireClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every echo server twin driven over TCP on 127.0.0.1 the way the articles drive them with
 * {@code nc}: several clients at once, clients that reset or half-close, a bulk transfer; every
 * byte that comes back is checked.
 */
class EchoServersTest {
    static Stream<Named<RunningServer.Factory>> echoServers() {
        return Stream.concat(Stream.of(
                Named.of("select-queue-server", (port, out) -> new SelectQueueServer(SelectQueueServer.Article.OF_000, port, Duration.ZERO, out)),
                Named.of("select-msglist-server", SelectMsgListServer::new)),
                echoAtOnceServers());
    }

    /**
     * The servers that send what they read straight back, rather than queueing it for a later
     * writable. The epoll twins are left out where there is no epoll (macOS).
     */
    static Stream<Named<RunningServer.Factory>> echoAtOnceServers() {
        Stream<Named<RunningServer.Factory>> portable = Stream.of(
                Named.of("select-echo-server", SelectEchoServer::new),
                Named.of("poll-echo-server", PollEchoServer::new),
                Named.of("select-echo-server-8096", SelectEchoServer8096::new),
                Named.of("selectors-echo-server", SelectorsEchoServer::new));
        if (!Select.hasEpoll()) {
            return portable;
        }
        return Stream.concat(Stream.of(
                Named.of("epoll-echo-server", EpollEchoServer::new),
                Named.of("epoll-echo-server-8096", EpollEchoServer8096::new)), portable);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("echoServers")
    void severalClientsAtOnceEachGetTheirOwnBytesBack(RunningServer.Factory factory) throws Exception {
        int clients = 4;
        int rounds = 5;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (RunningServer server = new RunningServer(factory)) {
            List<WireClient> connected = new ArrayList<>();
            try {
                for (int c = 0; c < clients; c++) {
                    connected.add(WireClient.connect(server.port()));
                }
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    WireClient client = connected.get(c);
                    int id = c;
                    done.add(pool.submit(() -> {
                        for (int r = 0; r < rounds; r++) {
                            client.echo("client " + id + " round " + r + ": héllo wörld ✓\n");
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                for (WireClient client : connected) {
                    client.close();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("echoServers")
    void clientsThatResetDoNotDisturbTheOthers(RunningServer.Factory factory) throws Exception {
        try (RunningServer server = new RunningServer(factory); WireClient steady = WireClient.connect(server.port())) {
            steady.echo("before\n");

            WireClient resetMidway = WireClient.connect(server.port());
            resetMidway.echo("first message\n");
            resetMidway.send("sent, never read back\n");
            resetMidway.reset();

            WireClient resetAtOnce = WireClient.connect(server.port());
            resetAtOnce.reset();

            steady.echo("after\n");
            try (WireClient late = WireClient.connect(server.port())) {
                late.echo("a new client is still served\n");
            }
            steady.echo("still\n");
        }
    }

    /**
     * {@code echo hi | nc}: the client half-closes after its message. The queueing servers are
     * left out: like their originals, they read the end of stream before the queued echo is
     * written, and hang up without it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("echoAtOnceServers")
    void aHalfClosedClientGetsItsEchoAndThenTheServersEndOfStream(RunningServer.Factory factory) throws Exception {
        try (RunningServer server = new RunningServer(factory); WireClient client = WireClient.connect(server.port())) {
            client.send("last words\n");
            client.shutdownOutput();
            client.expect("last words\n");
            client.expectEof();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("echoServers")
    void sixtyFourKibibytesComeBackInOrder(RunningServer.Factory factory) throws Exception {
        byte[] bulk = new byte[64 * 1024];
        new Random(7).nextBytes(bulk);
        try (RunningServer server = new RunningServer(factory); WireClient client = WireClient.connect(server.port())) {
            CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.read(bulk.length);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, task -> Thread.ofPlatform().daemon().start(task));
            client.send(bulk);
            assertArrayEquals(bulk, back.get(30, TimeUnit.SECONDS));
        }
    }
}
