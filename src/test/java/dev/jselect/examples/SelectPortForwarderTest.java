package dev.jselect.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jselect.testing.RunningServer;
import dev.jselect.testing.WireClient;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The port forwarder twin, driven as PythonOriginalsTest drives its Python original: bytes
 * through the forwarder both ways, checked byte for byte at the far end, to a target named
 * "localhost". Then it is stopped with a real SIGINT and must print "Stopped" and exit 0.
 */
// The target side is closed inside its try block on purpose: that is how the forwarder sees end of stream.
@SuppressWarnings("try")
class SelectPortForwarderTest {
    private static final Random RANDOM = new Random(14);

    @Test
    void theTwinForwardsEveryByteBothWaysToATargetNamedByHost() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int targetPort = target.getLocalPort();
            try (RunningServer server = new RunningServer((port, out) -> new SelectPortForwarder(port, "localhost", targetPort, out))) {
                server.printed.await("Forwarding to localhost:" + targetPort + " on port " + server.port() + "\n");
                int clientPort = converse(server.port(), target);
                server.printed.await("Client 127.0.0.1:" + clientPort + " connected\n");
            }
        }
    }

    @Test
    void theTwinHangsUpOnAClientWhenTheTargetRefusesAndSaysWhyAsPythonWould() throws Exception {
        int targetPort;
        try (ServerSocket gone = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            targetPort = gone.getLocalPort();
        }
        try (RunningServer server = new RunningServer((port, out) -> new SelectPortForwarder(port, "localhost", targetPort, out))) {
            unreachable(server.port());
            server.printed.await("Cannot reach localhost:" + targetPort + ": [Errno " + dev.jselect.Errno.ECONNREFUSED + "] Connection refused\n");
        }
    }

    /**
     * A client and the target talk through the forwarder: a greeting, 1 MiB from the target and
     * 256 KiB from the client at the same time, then the target hangs up and the client sees end
     * of stream. Returns the client's port.
     */
    static int converse(int forwarderPort, ServerSocket target) throws Exception {
        byte[] down = new byte[1 << 20];
        byte[] up = new byte[256 << 10];
        RANDOM.nextBytes(down);
        RANDOM.nextBytes(up);
        target.setSoTimeout(WireClient.TIMEOUT_MS);
        try (WireClient client = WireClient.connect(forwarderPort); Socket far = target.accept()) {
            far.setSoTimeout(WireClient.TIMEOUT_MS);
            InputStream farIn = far.getInputStream();
            client.send("hello\n");
            assertArrayEquals("hello\n".getBytes(StandardCharsets.US_ASCII), farIn.readNBytes(6));
            CompletableFuture<byte[]> farGot = CompletableFuture.supplyAsync(() -> {
                try {
                    return farIn.readNBytes(up.length);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            CompletableFuture<Void> farSent = CompletableFuture.runAsync(() -> {
                try {
                    far.getOutputStream().write(down);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            client.send(up);
            assertArrayEquals(down, client.read(down.length), "1 MiB from the target, unchanged");
            assertArrayEquals(up, farGot.get(30, TimeUnit.SECONDS), "256 KiB from the client, unchanged");
            farSent.get(30, TimeUnit.SECONDS);
            int port = client.localPort();
            far.close();
            client.expectEof();
            return port;
        }
    }

    /** With the target gone, a client is accepted and hung up on. */
    static void unreachable(int forwarderPort) throws IOException {
        try (WireClient client = WireClient.connect(forwarderPort)) {
            client.expectEof();
        }
    }

    // ---- SIGINT: except KeyboardInterrupt ----

    @Test
    void sigintStopsTheTwinCleanly() throws Exception {
        String classPath = String.join(File.pathSeparator, List.of(
                System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", "")));
        List<String> lines = interrupt(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, Examples.class.getName(),
                "select-port-forwarder", "0", "localhost", "1"));
        assertEquals(List.of("Stopped", "exit 0"), lines);
    }

    /** Starts {@code command}, waits for its "Forwarding" line, sends SIGINT, and returns what it printed after it, then its exit status. */
    static List<String> interrupt(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("Forwarding to ")) {
                lines.add(line);
            }
            assertEquals(true, line != null, "never started: " + lines);
            lines.clear(); // what came before the start (a logging notice, say) is not the subject
            Thread.sleep(300); // into select(); a signal before it would wait in the socket all the same
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor());
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        } finally {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        lines.add("exit " + p.exitValue());
        return lines;
    }
}
