package dev.jselect.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.testing.PythonReference;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Python originals of the twins, run under python3 (or python2) with the conversations
 * and transcripts their twins' tests hold them to: these check the reference itself, so that
 * a twin's test compares with what the original really does. Nothing of jselect runs here.
 * Tagged {@code python}; each case skips where its interpreter is missing.
 */
@Tag("python")
class PythonOriginalsTest {
    @Test
    void theChatServersOriginalHoldsTheSameConversation() throws Exception {
        try (PythonReference python = PythonReference.start("select_chat_server.py")) {
            SelectChatServerTest.converse(python.port());
        }
    }

    @Test
    @SuppressWarnings("try") // the target is closed mid-test, to see the forwarder's unreachable case
    void thePortForwardersOriginalForwardsTheSameBytes() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
                PythonReference python = PythonReference.start("select_port_forwarder.py", "localhost", Integer.toString(target.getLocalPort()))) {
            SelectPortForwarderTest.converse(python.port(), target);
            target.close();
            SelectPortForwarderTest.unreachable(python.port());
        }
    }

    @Test
    void sigintStopsThePortForwardersOriginalAsItStopsTheTwin() throws Exception {
        List<String> lines;
        try {
            lines = SelectPortForwarderTest.interrupt(List.of("python3", "-u", "src/examples/python/select_port_forwarder.py", "0", "localhost", "1"));
        } catch (IOException e) {
            assumeTrue(false, "no python3 here: " + e.getMessage());
            return;
        }
        assertEquals(List.of("Stopped", "exit 0"), lines);
    }

    /** Runs where {@code python2} runs (skipped elsewhere). */
    @Test
    void article000sPython2OriginalPrintsTheSameTranscript() throws Exception {
        try (PythonReference python = PythonReference.server("python2", "select_queue_server_000.py", "0")) {
            int peerPort = QueueServersTest.converse(python.port(), python.printed, true);
            assertEquals(QueueServersTest.transcript000(peerPort), python.printed.text());
        }
    }

    @Test
    void article003sPythonOriginalPrintsTheSameTranscript() throws Exception {
        try (PythonReference python = PythonReference.server("python3", "select_queue_server_003.py")) {
            int peerPort = QueueServersTest.converse(python.port(), python.printed, false);
            assertEquals(QueueServersTest.transcript003(peerPort), python.printed.text());
        }
    }
}
