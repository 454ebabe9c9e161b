package dev.jselect.examples;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What only the message-queue servers do: their exceptional list. TCP urgent data (MSG_OOB) is
 * select's "exceptional condition"; the servers close that client and serve the others.
 */
class QueueServersTest {
    static Stream<Named<RunningServer.Factory>> queueServers() {
        return Stream.of(
                Named.of("select-queue-server", (port, out) -> new SelectQueueServer(port, Duration.ZERO, out)),
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

    @Test
    void queueServerPrintsEachStepAsTheOriginalDoes() throws Exception {
        try (RunningServer server = new RunningServer((port, out) -> new SelectQueueServer(port, Duration.ofMillis(20), out))) {
            server.printed.await("starting up on 127.0.0.1 port " + server.port() + "\n");
            String peer;
            try (WireClient client = WireClient.connect(server.port())) {
                peer = "('127.0.0.1', " + client.localPort() + ")";
                client.echo("hi\n");
                server.printed.await("connection from " + peer + "\n");
                server.printed.await("received \"b'hi\\n'\" from " + peer + "\n");
                server.printed.await("sending \"b'hi\\n'\" to " + peer + "\n");
                server.printed.await("   " + peer + " queue empty\n");
            }
            server.printed.await("closing " + peer + "\n");
        }
    }
}
