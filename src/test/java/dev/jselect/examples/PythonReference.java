package dev.jselect.examples;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of the Python 3 references in {@code src/examples/python}, run under {@code python3} on a
 * free port, so a test can drive the original and the twin the same way. Skips the test where
 * there is no {@code python3}.
 */
final class PythonReference implements AutoCloseable {
    private final Process process;
    private final int port;

    private PythonReference(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code script} with port 0; its first line must end with the port it bound. */
    static PythonReference start(String script) throws IOException {
        return start(script, new String[0]);
    }

    /** {@link #start(String)} with more arguments after the port; the first line must still end with the port. */
    static PythonReference start(String script, String... moreArgs) throws IOException {
        Path path = Path.of("src/examples/python", script);
        assumeTrue(Files.isRegularFile(path), "no " + path);
        Process p;
        try {
            List<String> command = new ArrayList<>(List.of("python3", "-u", path.toString(), "0"));
            command.addAll(List.of(moreArgs));
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            assumeTrue(false, "no python3 here: " + e.getMessage());
            throw e;
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (first == null) {
            p.destroyForcibly();
            throw new IOException("python3 " + script + " printed nothing and exited " + waitFor(p));
        }
        // keep draining what it prints, so it never blocks on a full pipe
        Thread.ofPlatform().daemon().start(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // the process has gone
            }
        });
        return new PythonReference(p, Integer.parseInt(first.substring(first.lastIndexOf(' ') + 1).trim()));
    }

    int port() {
        return port;
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : -1;
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
            throw new java.io.InterruptedIOException("interrupted while stopping python3");
        }
    }
}
