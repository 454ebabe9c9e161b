package dev.jselect.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One of the Python references in {@code src/examples/python}, run under {@code python3} (or
 * {@code python2} for article 000's Python 2 program), so a test can drive the original and the
 * twin the same way and compare what each printed. Skips the test where that interpreter is
 * not installed.
 */
public final class PythonReference implements AutoCloseable {
    private static final Map<String, Boolean> USABLE = new ConcurrentHashMap<>();

    /** What the program printed to stdout (for a server, after the line giving its port). */
    public final Captured printed = new Captured();
    private final Process process;
    private final int port;

    private PythonReference(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** A python3 server started as {@code script 0 moreArgs...}; its first line must end with the port it bound. */
    public static PythonReference start(String script, String... moreArgs) throws IOException {
        return server("python3", script, moreArgs);
    }

    /**
     * A server started as {@code interpreter script 0 args...}; its first line must end with the
     * port it bound, and is not part of {@link #printed}.
     */
    public static PythonReference server(String interpreter, String script, String... args) throws IOException {
        Process p = launch(interpreter, script, "0", args);
        String first = firstLine(p.getInputStream());
        if (first.isEmpty()) {
            p.destroyForcibly();
            throw new IOException(interpreter + " " + script + " printed nothing and exited " + waitFor(p));
        }
        PythonReference ref = new PythonReference(p, Integer.parseInt(first.substring(first.lastIndexOf(' ') + 1).trim()));
        ref.drain();
        return ref;
    }

    /** A client started as {@code python3 script port}: write its stdin with {@link #stdin()}. */
    public static PythonReference client(String script, int port) throws IOException {
        PythonReference ref = new PythonReference(launch("python3", script, String.valueOf(port)), -1);
        ref.drain();
        return ref;
    }

    private static Process launch(String interpreter, String script, String first, String... rest) throws IOException {
        Path path = Path.of("src/examples/python", script);
        assumeTrue(Files.isRegularFile(path), "no " + path);
        assumeTrue(USABLE.computeIfAbsent(interpreter, PythonReference::runs), "no " + interpreter + " here");
        List<String> command = new ArrayList<>(List.of(interpreter, "-u", path.toString(), first));
        command.addAll(List.of(rest));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** True when {@code interpreter -c pass} runs and exits 0. */
    private static boolean runs(String interpreter) {
        try {
            Process p = new ProcessBuilder(interpreter, "-c", "pass").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            int exit = waitFor(p);
            if (exit == -1) {
                p.destroyForcibly();
            }
            return exit == 0;
        } catch (IOException e) {
            return false;
        }
    }

    // A byte at a time, so that nothing after the line is taken from the stream.
    private static String firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    // keeps reading what it prints, so it never blocks on a full pipe
    private void drain() {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                process.getInputStream().transferTo(printed.out);
            } catch (IOException ignored) {
                // the process has gone
            }
        });
    }

    public int port() {
        return port;
    }

    /** The program's stdin. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while stopping python");
        }
    }
}
