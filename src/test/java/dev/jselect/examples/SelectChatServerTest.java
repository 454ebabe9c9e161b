package dev.jselect.examples;

import dev.jselect.testing.RunningServer;
import dev.jselect.testing.WireClient;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The chat server twin, with every byte each client receives checked in order (so a client that
 * got its own message, or a message twice, fails the next check). PythonOriginalsTest holds the
 * same conversation with the Python original.
 */
class SelectChatServerTest {
    @Test
    void everyClientHearsEveryOtherClientAndTheArrivalsAndDepartures() throws Exception {
        try (RunningServer server = new RunningServer(SelectChatServer::new)) {
            server.printed.await("Chat server started on port " + server.port() + "\n");
            int[] ports = converse(server.port());
            server.printed.await("Client (127.0.0.1, " + ports[0] + ") connected\n");
            server.printed.await("Client (127.0.0.1, " + ports[1] + ") is offline\n");
            server.printed.await("Client (127.0.0.1, " + ports[2] + ") is offline\n");
        }
    }

    /** A, B, C and D chat; B leaves cleanly, C resets. Returns the ports of A, B and C. */
    static int[] converse(int port) throws IOException {
        try (WireClient a = WireClient.connect(port)) {
            WireClient b = WireClient.connect(port);
            a.expect(entered(b));
            WireClient c = WireClient.connect(port);
            a.expect(entered(c));
            b.expect(entered(c));

            a.send("hi all\n");
            b.expect(said(a, "hi all\n"));
            c.expect(said(a, "hi all\n"));
            b.send("héllo ✓\n");
            a.expect(said(b, "héllo ✓\n"));
            c.expect(said(b, "héllo ✓\n"));

            b.close();
            a.expect(offline(b));
            c.expect(offline(b));
            c.reset();
            a.expect(offline(c));

            WireClient d = WireClient.connect(port);
            a.expect(entered(d));
            d.send("anyone?\n");
            a.expect(said(d, "anyone?\n"));
            a.send("me\n");
            d.expect(said(a, "me\n"));
            d.close();
            a.expect(offline(d));
            return new int[] {a.localPort(), b.localPort(), c.localPort()};
        }
    }

    static String entered(WireClient who) {
        return "[127.0.0.1:" + who.localPort() + "] entered room\n";
    }

    static String said(WireClient who, String text) {
        return "\r<('127.0.0.1', " + who.localPort() + ")> " + text;
    }

    static String offline(WireClient who) {
        return "Client (127.0.0.1, " + who.localPort() + ") is offline";
    }
}
