package dev.jselect.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jselect.Repr;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.testing.Captured;
import dev.jselect.testing.PythonReference;
import dev.jselect.testing.RunningServer;
import dev.jselect.testing.WireClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;

/**
 * The client twins against a test server on a plain {@link ServerSocket}; the stdin clients
 * read a pipe standing in for the terminal. Where python3 is here, the Python originals of the
 * input and chat clients are driven the same way and must send and print the same.
 */
class ClientsTest {
    /** A client twin's whole run, on a thread of its own, so the test can play the server. */
    @FunctionalInterface
    interface ClientRun {
        void run() throws Exception;
    }

    static CompletableFuture<Void> background(ClientRun client) {
        return CompletableFuture.runAsync(() -> {
            try {
                client.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, task -> Thread.ofPlatform().daemon().start(task));
    }

    static ServerSocket testServer() throws IOException {
        ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        server.setSoTimeout(WireClient.TIMEOUT_MS);
        return server;
    }

    static Socket accept(ServerSocket server) throws IOException {
        Socket s = server.accept();
        s.setSoTimeout(WireClient.TIMEOUT_MS);
        return s;
    }

    @Test
    void oneShotClientSendsItsMessageAndCloses() throws Exception {
        try (ServerSocket server = testServer()) {
            CompletableFuture<Void> client = background(() -> SelectOneShotClient.run(server.getLocalPort()));
            try (Socket s = accept(server)) {
                assertArrayEquals("coming from select client".getBytes(StandardCharsets.UTF_8), s.getInputStream().readAllBytes());
            }
            client.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void stdinClientPrintsWhatTheServerSaysAndSendsWhatIsTyped() throws Exception {
        Captured printed = new Captured();
        try (ServerSocket server = testServer(); Pipe stdin = Os.pipe()) {
            CompletableFuture<Void> client = background(() -> SelectStdinClient.run(server.getLocalPort(), stdin.readFd(), printed.out));
            try (Socket s = accept(server)) {
                s.getOutputStream().write("héllo ✓".getBytes(StandardCharsets.UTF_8));
                printed.await("server_message: héllo ✓\n");

                Os.write(stdin.writeFd(), "typed line\n".getBytes(StandardCharsets.UTF_8));
                assertArrayEquals("typed line\n".getBytes(StandardCharsets.UTF_8), s.getInputStream().readNBytes(11));
            }
            client.get(10, TimeUnit.SECONDS);
            assertEquals("server_message: héllo ✓\n\nDisconnected from chat server\n", printed.text());
        }
    }

    @Test
    void stdinClientEndsAtTheEndOfItsInput() throws Exception {
        try (ServerSocket server = testServer(); Pipe stdin = Os.pipe()) {
            CompletableFuture<Void> client = background(() -> SelectStdinClient.run(server.getLocalPort(), stdin.readFd(), new Captured().out));
            try (Socket s = accept(server)) {
                Os.write(stdin.writeFd(), "last\n".getBytes(StandardCharsets.UTF_8));
                Os.close(stdin.writeFd());
                assertArrayEquals("last\n".getBytes(StandardCharsets.UTF_8), s.getInputStream().readAllBytes());
            }
            client.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void chatClientPromptsPrintsTheRoomAndSendsWhatIsTyped() throws Exception {
        Captured printed = new Captured();
        try (ServerSocket server = testServer(); Pipe stdin = Os.pipe()) {
            CompletableFuture<Void> client = background(() -> SelectChatClient.run(server.getLocalPort(), stdin.readFd(), printed.out));
            try (Socket s = accept(server)) {
                printed.await("<You>");
                s.getOutputStream().write("[127.0.0.1:1] entered room\n".getBytes(StandardCharsets.UTF_8));
                printed.await("entered room\n<You>");

                Os.write(stdin.writeFd(), "hey ✓\n".getBytes(StandardCharsets.UTF_8));
                byte[] typed = "hey ✓\n".getBytes(StandardCharsets.UTF_8);
                assertArrayEquals(typed, s.getInputStream().readNBytes(typed.length));
                printed.await("entered room\n<You><You>");
            }
            client.get(10, TimeUnit.SECONDS);
            assertEquals("Connected to remote host. Start sending messages\n<You>[127.0.0.1:1] entered room\n<You><You>"
                    + "\nDisconnected from chat server\n", printed.text());
        }
    }

    static int closedPort() throws IOException {
        try (ServerSocket server = testServer()) {
            return server.getLocalPort();
        }
    }

    /** Python's {@code str(e)} of the refused connect: no call name after it. */
    @Test
    void chatClientSaysSoWhenItCannotConnect() throws Exception {
        Captured printed = new Captured();
        try (Pipe stdin = Os.pipe()) {
            SelectChatClient.run(closedPort(), stdin.readFd(), printed.out);
        }
        int econnrefused = OS.MAC.isCurrentOs() ? 61 : 111;
        assertEquals("Unable to connect: [Errno " + econnrefused + "] Connection refused\n", printed.text());
    }

    @Test
    void chatClientsPythonOriginalSaysTheSameWhenItCannotConnect() throws Exception {
        int port = closedPort();
        Captured twin = new Captured();
        try (Pipe stdin = Os.pipe()) {
            SelectChatClient.run(port, stdin.readFd(), twin.out);
        }
        try (PythonReference python = PythonReference.client("select_chat_client.py", port)) {
            python.printed.await("\n");
            assertEquals(twin.text(), python.printed.text());
        }
    }

    /** How the test types into a client's stdin: a pipe for a twin, the process's stdin for Python. */
    @FunctionalInterface
    interface Keyboard {
        void type(byte[] keys) throws IOException;
    }

    static Keyboard pipe(Pipe stdin) {
        return keys -> assertEquals(keys.length, Os.write(stdin.writeFd(), keys));
    }

    static Keyboard stdinOf(PythonReference python) {
        return keys -> {
            python.stdin().write(keys);
            python.stdin().flush();
        };
    }

    /**
     * A 5 000-byte line, more than one read of a pipe gives: the server gets it whole, and the
     * client prompts once. Then two lines typed at once: the client sends {@code sentOfTwo} and
     * prompts once. Then the server says something and hangs up, so what the client printed is
     * complete. Returns what it printed.
     */
    static String chatLongLineAndTwoAtOnce(ServerSocket server, Keyboard keyboard, Captured printed, String sentOfTwo) throws Exception {
        byte[] longLine = ("x".repeat(4999) + "\n").getBytes(StandardCharsets.UTF_8);
        try (Socket s = accept(server)) {
            printed.await("<You>");
            keyboard.type(longLine);
            assertArrayEquals(longLine, s.getInputStream().readNBytes(longLine.length));
            s.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
            printed.await("ping\n<You>");
            keyboard.type("a\nb\n".getBytes(StandardCharsets.UTF_8));
            byte[] sent = sentOfTwo.getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(sent, s.getInputStream().readNBytes(sent.length));
            s.getOutputStream().write("pong\n".getBytes(StandardCharsets.UTF_8));
            printed.await("pong\n<You>");
        }
        printed.await("Disconnected from chat server\n");
        return printed.text();
    }

    static final String LONG_LINE_PRINTOUT = "Connected to remote host. Start sending messages\n<You><You>ping\n<You><You>pong\n<You>"
            + "\nDisconnected from chat server\n";

    @Test
    void chatClientSendsALongLineWholeAndPromptsOnce() throws Exception {
        Captured printed = new Captured();
        try (ServerSocket server = testServer(); Pipe stdin = Os.pipe()) {
            CompletableFuture<Void> client = background(() -> SelectChatClient.run(server.getLocalPort(), stdin.readFd(), printed.out));
            assertEquals(LONG_LINE_PRINTOUT, chatLongLineAndTwoAtOnce(server, pipe(stdin), printed, "a\nb\n"));
            client.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void chatClientsPythonOriginalPrintsTheSameForALongLine() throws Exception {
        try (ServerSocket server = testServer(); PythonReference python = PythonReference.client("select_chat_client.py", server.getLocalPort())) {
            // its buffered readline sends the first of the two lines and holds the second back
            assertEquals(LONG_LINE_PRINTOUT, chatLongLineAndTwoAtOnce(server, stdinOf(python), python.printed, "a\n"));
        }
    }

    static final byte[] CRLF_LINES = "dir\r\nnaïve ✓\r\n".getBytes(StandardCharsets.UTF_8);
    /** {@code input()} drops the {@code \n} of each line, and nothing else. */
    static final byte[] CRLF_LINES_SENT = "dir\rnaïve ✓\r".getBytes(StandardCharsets.UTF_8);

    static byte[] receivedToEof(ServerSocket server) throws IOException {
        try (Socket s = accept(server)) {
            return s.getInputStream().readAllBytes();
        }
    }

    @Test
    void inputClientSendsCrlfLinesWithTheirCr() throws Exception {
        Captured printed = new Captured();
        try (ServerSocket server = testServer()) {
            CompletableFuture<Void> client = background(() -> InputClient.run(server.getLocalPort(), new ByteArrayInputStream(CRLF_LINES), printed.out));
            byte[] got = receivedToEof(server);
            assertArrayEquals(CRLF_LINES_SENT, got, Repr.of(got));
            client.get(10, TimeUnit.SECONDS);
            assertEquals("wait input:wait input:wait input:", printed.text());
        }
    }

    /** The original dies of EOFError at the end of input; what it sent before is the same. */
    @Test
    void inputClientsPythonOriginalSendsTheSameForCrlfLines() throws Exception {
        try (ServerSocket server = testServer(); PythonReference python = PythonReference.client("input_client.py", server.getLocalPort())) {
            python.stdin().write(CRLF_LINES);
            python.stdin().close();
            byte[] got = receivedToEof(server);
            assertArrayEquals(CRLF_LINES_SENT, got, Repr.of(got));
            python.printed.await("wait input:wait input:wait input:");
        }
    }

    @Test
    void twoChatClientTwinsTalkThroughTheChatServerTwin() throws Exception {
        Captured alice = new Captured();
        Captured bob = new Captured();
        try (RunningServer server = new RunningServer(SelectChatServer::new); Pipe aliceIn = Os.pipe(); Pipe bobIn = Os.pipe()) {
            CompletableFuture<Void> a = background(() -> SelectChatClient.run(server.port(), aliceIn.readFd(), alice.out));
            server.printed.await(") connected\n");
            CompletableFuture<Void> b = background(() -> SelectChatClient.run(server.port(), bobIn.readFd(), bob.out));
            alice.await("] entered room\n<You>");

            Os.write(aliceIn.writeFd(), "hi bob\n".getBytes(StandardCharsets.UTF_8));
            bob.await(")> hi bob\n<You>");
            Os.write(bobIn.writeFd(), "hi alice\n".getBytes(StandardCharsets.UTF_8));
            alice.await(")> hi alice\n<You>");
            assertFalse(alice.text().contains("hi bob"), alice.text());

            Os.close(bobIn.writeFd());
            b.get(10, TimeUnit.SECONDS);
            alice.await(") is offline<You>");
            Os.close(aliceIn.writeFd());
            a.get(10, TimeUnit.SECONDS);
        }
    }
}
