package dev.jselect.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client twins against a test server on a plain {@link ServerSocket}; the stdin clients
 * read a pipe standing in for the terminal.
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

    @Test
    void chatClientSaysSoWhenItCannotConnect() throws Exception {
        int closedPort;
        try (ServerSocket server = testServer()) {
            closedPort = server.getLocalPort();
        }
        Captured printed = new Captured();
        try (Pipe stdin = Os.pipe()) {
            SelectChatClient.run(closedPort, stdin.readFd(), printed.out);
        }
        assertTrue(printed.text().startsWith("Unable to connect: [Errno "), printed.text());
        assertTrue(printed.text().contains("Connection refused"), printed.text());
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
