package dev.jselect.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subprocess twin against its Python original, {@code src/examples/python/subprocess_stream.py},
 * run under {@code python3} with the same arguments: stdout, stderr and the exit status must be
 * equal byte for byte (and, for these commands, known in advance).
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "Subprocess binds posix_spawn on Linux only")
class SubprocessStreamTest {
    static final Path SCRIPT = Path.of("src/examples/python/subprocess_stream.py");

    @TempDir
    static Path dir;
    static Path input;
    static Path bigInput;
    static byte[] inputBytes;

    record Result(byte[] out, byte[] err, int exit) {
        String errText() {
            return new String(err, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void inputs() throws IOException {
        inputBytes = new byte[300_000];
        new Random(15).nextBytes(inputBytes);
        input = Files.write(dir.resolve("input.bin"), inputBytes);
        bigInput = Files.write(dir.resolve("big.bin"), new byte[4 << 20]); // far more than a pipe holds
    }

    static Result java(String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SubprocessStream.run(args, out, err);
        return new Result(out.toByteArray(), err.toByteArray(), exit);
    }

    static Result python(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            assumeTrue(false, "no python3 here: " + e.getMessage());
            throw e;
        }
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 " + command + " did not finish in 60 s");
        }
        return new Result(out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS), p.exitValue());
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** Runs both, checks they agree byte for byte, and returns the twin's result. */
    static Result both(String... args) throws Exception {
        Result py = python(args);
        Result twin = java(args);
        assertArrayEquals(py.out(), twin.out(), "stdout");
        assertEquals(py.errText(), twin.errText(), "stderr");
        assertArrayEquals(py.err(), twin.err(), "stderr bytes");
        assertEquals(py.exit(), twin.exit(), "exit status");
        return twin;
    }

    @Test
    void catGetsTheWholeInputBackOnStdout() throws Exception {
        Result r = both("30", input.toString(), "cat");
        assertArrayEquals(inputBytes, r.out());
        assertEquals("stdin: 300000 bytes written\nexit status 0\n", r.errText());
        assertEquals(0, r.exit());
    }

    @Test
    void bothStreamsAndTheExitStatusOfAShell() throws Exception {
        Result r = both("30", "-", "/bin/sh", "-c",
                "i=0; while [ $i -lt 300 ]; do echo out $i; echo err $i >&2; i=$((i+1)); done; exit 3");
        assertEquals(300, new String(r.out(), StandardCharsets.UTF_8).lines().count());
        assertEquals(3, r.exit());
    }

    @Test
    void yesPipedIntoHead() throws Exception {
        Result r = both("30", "-", "/bin/sh", "-c", "yes | head -n 5000");
        assertEquals("y\n".repeat(5000), new String(r.out(), StandardCharsets.US_ASCII));
    }

    @Test
    void aChildThatStopsReadingEarlyIsABrokenPipe() throws Exception {
        Result r = both("30", bigInput.toString(), "head", "-c", "10");
        assertEquals(10, r.out().length);
        assertEquals("stdin: broken pipe\nexit status 0\n", r.errText());
    }

    @Test
    void aChildKilledByASignal() throws Exception {
        Result r = both("30", "-", "/bin/sh", "-c", "echo before; kill -9 $$");
        assertEquals("killed by signal 9\n", r.errText());
        assertEquals(137, r.exit());
    }

    @Test
    void theLauncherRunsItWithTheCommandsExitStatus() throws Exception {
        ExamplesTest.Run run = ExamplesTest.java(Examples.class.getName(), "subprocess-stream", "30", "-", "/bin/sh", "-c",
                "echo hi; exit 5");
        assertEquals(5, run.exit(), run.out());
        assertEquals("hi\nexit status 5\n", run.out());
    }

    @Test
    void theDeadlineTerminatesAChildThatRunsOn() throws Exception {
        Result r = both("0.5", "-", "sleep", "30");
        assertEquals("timed out after 0.5 s: terminated\nkilled by signal 15\n", r.errText());
        assertEquals(143, r.exit());
    }
}
