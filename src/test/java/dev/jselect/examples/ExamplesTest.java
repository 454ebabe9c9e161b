package dev.jselect.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.testing.Captured;
import dev.jselect.testing.WireClient;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The launcher and the demo, run as the README runs them: in a JVM of their own. */
class ExamplesTest {
    /** Every program of the articles (docs/examples.md lists them), plus the selectors and subprocess ones. */
    static final List<String> ARTICLE_PROGRAMS = List.of(
            "select-oneshot-server", "select-oneshot-client", "select-queue-server", "epoll-http-server",
            "select-msglist-server",
            "epoll-echo-server", "select-echo-server", "poll-echo-server",
            "select-print-server", "input-client", "select-stdin-client", "select-queue-echo-server",
            "select-chat-server", "select-chat-client",
            "select-echo-server-8096", "epoll-echo-server-8096",
            "selectors-echo-server", "select-port-forwarder", "subprocess-stream", "select-udp-server",
            "selectors-interrupt-server");

    record Run(int exit, String out) {}

    /** {@code java --enable-native-access=ALL-UNNAMED -cp <this test's class and module path> mainClass args}. */
    static ProcessBuilder javaCommand(String mainClass, String... args) {
        String classPath = String.join(File.pathSeparator, List.of(
                System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", "")));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    /** Runs {@link #javaCommand} to its end, with no stdin; its stdout and stderr as UTF-8. */
    static Run java(String mainClass, String... args) throws IOException, InterruptedException {
        Process p = javaCommand(mainClass, args).start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread drain = Thread.ofPlatform().daemon().start(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (IOException ignored) {
                // the process has gone
            }
        });
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(mainClass + " did not finish within 60 s: " + out);
        }
        drain.join(5000);
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theLauncherKnowsEveryArticleProgram() {
        assertEquals(ARTICLE_PROGRAMS, Examples.TWINS.stream().map(Examples.Twin::name).toList());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Examples.usage(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        for (String name : ARTICLE_PROGRAMS) {
            assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("  " + name + " "), name);
        }
    }

    @Test
    void helpListsTheTwins() throws Exception {
        Run run = java(Examples.class.getName(), "--help");
        assertEquals(0, run.exit(), run.out());
        for (String name : ARTICLE_PROGRAMS) {
            assertTrue(run.out().contains("  " + name + " "), run.out());
        }
    }

    @Test
    void anUnknownNameIsRefusedWithTheList() throws Exception {
        Run run = java(Examples.class.getName(), "no-such-twin");
        assertEquals(2, run.exit(), run.out());
        assertTrue(run.out().startsWith("no twin named 'no-such-twin'"), run.out());
        assertTrue(run.out().contains("  epoll-echo-server "), run.out());
    }

    @Test
    void theLauncherStartsATwinByName() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(60_000);
            Run[] run = new Run[1];
            Thread client = Thread.ofPlatform().start(() -> {
                try {
                    run[0] = java(Examples.class.getName(), "select-oneshot-client", String.valueOf(server.getLocalPort()));
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket s = server.accept()) {
                s.setSoTimeout(WireClient.TIMEOUT_MS);
                assertArrayEquals(SelectOneShotClient.MESSAGE.getBytes(StandardCharsets.UTF_8), s.getInputStream().readAllBytes());
            }
            client.join(70_000);
            assertEquals(0, run[0].exit(), run[0].out());
        }
    }

    /** How long a JVM of its own may take to start on a busy machine. */
    static final Duration STARTUP = Duration.ofSeconds(60);

    /** A twin started by the launcher in a JVM of its own, on a free port; what it prints (out and err) in {@link #printed}. */
    record Launched(Process process, int port, Captured printed) implements AutoCloseable {
        static Launched start(String name, Map<String, String> env) throws IOException {
            int port;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            ProcessBuilder command = javaCommand(Examples.class.getName(), name, String.valueOf(port));
            command.environment().putAll(env);
            Launched launched = new Launched(command.start(), port, new Captured());
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    launched.process().getInputStream().transferTo(launched.printed().out);
                } catch (IOException ignored) {
                    // the process has gone
                }
            });
            return launched;
        }

        @Override
        public void close() {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * In the C locale Java would encode stdout in ASCII, a {@code ?} for each Chinese character;
     * Python 3.11 switches to UTF-8 there, and so does the launcher. Article 004's server
     * greets in Chinese and prints the UTF-8 each client sends.
     */
    @Test
    void inTheCLocaleATwinPrintsTheArticlesChineseAsUtf8() throws Exception {
        try (Launched twin = Launched.start("select-echo-server-8096", Map.of("LC_ALL", "C"))) {
            twin.printed().await("启动服务...\n", STARTUP);
            try (WireClient client = WireClient.connect(twin.port())) {
                client.echo("你好，世界\n");
                twin.printed().await(" ,data is  你好，世界\n\n");
            }
            assertEquals(0, twin.printed().count("?"), twin.printed().text());
        }
    }

    /** Article 002's select server logs {@code str()} of the address tuple, as the original's format() does. */
    @Test
    void selectEchoServerLogsTheClientsAddressAsPythonFormatsIt() throws Exception {
        try (Launched twin = Launched.start("select-echo-server", Map.of()); WireClient client = connectOnceListening(twin.port())) {
            client.echo("hi\n");
            twin.printed().await(" from ('127.0.0.1', " + client.localPort() + ")\n");
        }
    }

    /** The launched JVM takes a moment to listen: up to {@link #STARTUP}. */
    static WireClient connectOnceListening(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            try {
                return WireClient.connect(port);
            } catch (java.net.ConnectException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the demo is an epoll server, and epoll is Linux-only")
    void theDemoExitsZeroShowingPlatformEventsEchoesAndCounts() throws Exception {
        Run run = java(Demo.class.getName());
        assertEquals(0, run.exit(), run.out());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("jselect on Linux/"), run.out());
        assertTrue(run.out().contains("Events ['EPOLLIN'] happened on fd "), run.out());
        assertTrue(run.out().contains("Events ['EPOLLOUT'] happened on fd "), run.out());
        assertTrue(run.out().contains("    received b'hello from client 1'"), run.out());
        assertTrue(lines.getLast().startsWith("done: " + Demo.CONNECTIONS + " clients accepted ("), run.out());
        assertTrue(lines.getLast().endsWith("every echo matched"), run.out());
    }
}
