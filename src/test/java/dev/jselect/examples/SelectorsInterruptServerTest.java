package dev.jselect.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Ctrl-C twin and its Python original, driven the same way: two clients echoed (one still
 * connected), then a real SIGINT while the server waits in select(). The twin's whole output,
 * with the port it bound put back to "PORT", must equal the original's byte for byte, exit
 * status included.
 */
class SelectorsInterruptServerTest {
    private static final Pattern FIRST_LINE = Pattern.compile("Echoing on port (\\d+), Ctrl-C to stop\n");

    @Test
    void theTwinStopsOnCtrlCAsItsPythonOriginalDoes() throws Exception {
        String classPath = String.join(File.pathSeparator, List.of(
                System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", "")));
        String java = run(List.of(ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                "-cp", classPath, Examples.class.getName(), "selectors-interrupt-server", "0"));
        assertEquals("Echoing on port PORT, Ctrl-C to stop\nInterrupted: 2 clients, 11 bytes echoed\nClosed\nexit 0\n", java);
        String python;
        try {
            python = run(List.of("python3", "src/examples/python/selectors_interrupt_server.py", "0"));
        } catch (IOException e) {
            assumeTrue(false, "no python3 here: " + e.getMessage());
            return;
        }
        assertArrayEquals(python.getBytes(StandardCharsets.UTF_8), java.getBytes(StandardCharsets.UTF_8), "Python: " + python + "Java: " + java);
    }

    /** Starts the server, echoes through two clients, sends SIGINT, and returns its stdout (port as "PORT") and exit status. */
    @SuppressWarnings("try") // closes `one` inside its try on purpose: the server must see one client leave
    private static String run(List<String> command) throws Exception {
        Path err = Files.createTempFile("interrupt-server", ".err");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        try (InputStream out = p.getInputStream()) {
            String first = line(out);
            Matcher m = FIRST_LINE.matcher(first);
            assertTrue(m.matches(), "first line: " + first + Files.readString(err));
            int port = Integer.parseInt(m.group(1));
            try (Socket one = new Socket("127.0.0.1", port); Socket two = new Socket("127.0.0.1", port)) {
                echo(one, "hello");
                echo(two, "world!");
                one.close(); // the other stays connected through the interrupt
                Thread.sleep(300); // into select(); a signal before it would end the next call all the same
                assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor());
                ByteArrayOutputStream rest = new ByteArrayOutputStream();
                out.transferTo(rest);
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server ended");
                return first.replace(m.group(1), "PORT") + rest.toString(StandardCharsets.UTF_8) + "exit " + p.exitValue() + "\n";
            }
        } finally {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            Files.deleteIfExists(err);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            if (c == '\n') {
                break;
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static void echo(Socket s, String text) throws IOException {
        OutputStream o = s.getOutputStream();
        o.write(text.getBytes(StandardCharsets.US_ASCII));
        o.flush();
        byte[] back = s.getInputStream().readNBytes(text.length());
        assertEquals(text, new String(back, StandardCharsets.US_ASCII));
    }
}
