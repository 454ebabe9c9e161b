package dev.jselect.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jselect.testing.Captured;
import dev.jselect.testing.RunningServer;
import dev.jselect.testing.WireClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The two servers that never answer: what reaches them is checked in what they print. */
class PrintingServersTest {
    @Test
    void oneShotServerPrintsEachClientsMessageAndHangsUp() throws Exception {
        try (RunningServer server = new RunningServer((port, out) -> new SelectOneShotServer(port, Duration.ZERO, out))) {
            List<WireClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    clients.add(WireClient.connect(server.port()));
                }
                for (int i = 0; i < clients.size(); i++) {
                    clients.get(i).send("message " + i + " ✓");
                }
                for (WireClient client : clients) {
                    client.expectEof();
                }
            } finally {
                for (WireClient client : clients) {
                    client.close();
                }
            }
            for (int i = 0; i < 3; i++) {
                server.printed.await("message " + i + " ✓\n");
            }

            WireClient abrupt = WireClient.connect(server.port());
            abrupt.reset();
            SelectOneShotClient.run(server.port());
            server.printed.await(SelectOneShotClient.MESSAGE + "\n");
            assertEquals(4, server.printed.text().lines().count(), server.printed.text());
        }
    }

    @Test
    void printServerPrintsWhatEachClientSendsAndClosesThoseThatLeave() throws Exception {
        try (RunningServer server = new RunningServer(SelectPrintServer::new)) {
            try (WireClient a = WireClient.connect(server.port()); WireClient b = WireClient.connect(server.port())) {
                a.send("from a");
                b.send("from b ✓");
                server.printed.await("received data: from a\n");
                server.printed.await("received data: from b ✓\n");
                b.shutdownOutput();
                b.expectEof();
                WireClient abrupt = WireClient.connect(server.port());
                abrupt.send("half");
                abrupt.reset();
                a.send(" again");
                server.printed.await("received data:  again\n");
            }
            assertEquals(3, server.printed.count("accept...\n"));
        }
    }

    @Test
    void inputClientSendsEachLineWithoutItsNewline() throws Exception {
        try (RunningServer server = new RunningServer(SelectPrintServer::new)) {
            Captured client = new Captured();
            InputClient.run(server.port(), new ByteArrayInputStream("typed\nlines ✓\n".getBytes(StandardCharsets.UTF_8)), client.out);
            assertEquals("wait input:wait input:wait input:", client.text());
            server.printed.await("accept...\n");
            // the lines may arrive in one read or two; together they are all that was sent
            StringBuilder received = new StringBuilder();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!received.toString().equals("typedlines ✓") && System.nanoTime() < deadline) {
                Thread.sleep(10);
                received.setLength(0);
                Matcher m = Pattern.compile("received data: (.*)\n").matcher(server.printed.text());
                while (m.find()) {
                    received.append(m.group(1));
                }
            }
            assertEquals("typedlines ✓", received.toString());
        }
    }
}
