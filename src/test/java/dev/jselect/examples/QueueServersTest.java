package dev.jselect.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jselect.testing.Captured;
import dev.jselect.testing.RunningServer;
import dev.jselect.testing.WireClient;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What only the message-queue servers do: their printout, for each article's version, the
 * transcript PythonOriginalsTest checks the Python originals against; and their exceptional list: TCP
 * urgent data (MSG_OOB) is select's "exceptional condition", and the servers close that client
 * and serve the others.
 */
class QueueServersTest {
    static Stream<Named<RunningServer.Factory>> queueServers() {
        return Stream.of(
                Named.of("select-queue-server", (port, out) -> new SelectQueueServer(SelectQueueServer.Article.OF_000, port, Duration.ZERO, out)),
                Named.of("select-msglist-server", SelectMsgListServer::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queueServers")
    void urgentDataIsAnExceptionalConditionThatClosesThatClientOnly(RunningServer.Factory factory) throws Exception {
        try (RunningServer server = new RunningServer(factory);
                WireClient steady = WireClient.connect(server.port());
                WireClient urgent = WireClient.connect(server.port())) {
            steady.echo("one\n");
            urgent.echo("two\n");
            urgent.sendUrgent('!');
            urgent.expectClosedByServer();
            steady.echo("three\n");
        }
    }

    /**
     * Article 000's Python 2 print statements: a space between items, none after an item that
     * ends in a newline (the received bytes); the bytes themselves printed as they came.
     */
    static String transcript000(int peerPort) {
        String peer = "('127.0.0.1', " + peerPort + ")";
        return """
                waiting for next event
                    connection from  %1$s
                waiting for next event
                 received  hello ✓
                from  %1$s
                waiting for next event
                 sending  hello ✓
                 to  %1$s
                waiting for next event
                  %1$s queue empty
                waiting for next event
                  closing %1$s
                waiting for next event
                """.formatted(peer);
    }

    /** Article 003's Python 3 prints: the received bytes as their repr. */
    static String transcript003(int peerPort) {
        String peer = "('127.0.0.1', " + peerPort + ")";
        String data = "b'hello \\xe2\\x9c\\x93\\n'";
        return """
                waiting for the next event
                connection from %1$s
                waiting for the next event
                received "%2$s" from %1$s
                waiting for the next event
                sending "%2$s" to %1$s
                waiting for the next event
                   %1$s queue empty
                waiting for the next event
                closing %1$s
                waiting for the next event
                """.formatted(peer, data);
    }

    /**
     * One client says hello, reads the echo and leaves once the server has found its queue
     * empty (the originals die of a KeyError if it leaves sooner); returns the client's port
     * once {@code printed} shows the server back to waiting.
     */
    static int converse(int port, Captured printed, boolean article000) throws Exception {
        int peerPort;
        try (WireClient client = WireClient.connect(port)) {
            peerPort = client.localPort();
            client.echo("hello ✓\n");
            printed.await("queue empty\n");
        }
        printed.await(article000 ? transcript000(peerPort) : transcript003(peerPort));
        return peerPort;
    }

    @Test
    void article000sTwinPrintsWhatItsPython2OriginalPrints() throws Exception {
        try (RunningServer server = new RunningServer((port, out) -> new SelectQueueServer(SelectQueueServer.Article.OF_000, port, Duration.ofMillis(20), out))) {
            int peerPort = converse(server.port(), server.printed, true);
            assertEquals(transcript000(peerPort), server.printed.text());
        }
    }

    @Test
    void article003sTwinPrintsWhatItsOriginalPrints() throws Exception {
        try (RunningServer server = new RunningServer((port, out) -> new SelectQueueServer(SelectQueueServer.Article.OF_003, port, Duration.ZERO, out))) {
            int peerPort = converse(server.port(), server.printed, false);
            assertEquals("starting up on 127.0.0.1 port " + server.port() + "\n" + transcript003(peerPort), server.printed.text());
        }
    }

}
