package dev.jselect.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.ErrnoException;
import dev.jselect.PermissionException;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.Selectors;
import dev.jselect.testing.ResourceGrowth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * subprocess.run, check_output, communicate and shell=True with real children, compared with
 * what python3 on this machine does for the same calls; on platform and virtual threads.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "Subprocess binds posix_spawn on Linux only")
class SubprocessRunTest {
    static final Duration LONG = Duration.ofSeconds(30);

    /** {@code body} on a platform thread or a virtual one, its exception passed on. */
    static <T> T on(boolean virtual, Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
            try {
                result.set(body.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        assertTrue(t.join(Duration.ofSeconds(60)), "finished in time");
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    /** {@code python3 -c script}'s stdout lines; skips the test without python3. */
    static List<String> python(String script) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            assumeTrue(false, "no python3 here");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "python3 ran: " + out);
        return out.lines().toList();
    }

    static String hex(byte[] b) {
        return b == null ? "None" : HexFormat.of().formatHex(b);
    }

    /** One call's outcome as the Python side prints it: "ok|rc|out|err" or "ExceptionName|str(e)|out|err". */
    interface Call {
        String run() throws Exception;
    }

    static String outcome(Call call) {
        try {
            return call.run();
        } catch (CalledProcessException e) {
            return "CalledProcessError|" + e.getMessage() + "|" + hex(e.output()) + "|" + hex(e.stderr());
        } catch (TimeoutExpiredException e) {
            return "TimeoutExpired|" + e.getMessage() + "|" + hex(e.output()) + "|" + hex(e.stderr());
        } catch (ErrnoException e) {
            String name = switch (e.errnoName()) {
                case "ENOENT" -> "FileNotFoundError";
                case "EACCES", "EPERM" -> "PermissionError";
                case "ENOTDIR" -> "NotADirectoryError";
                default -> "OSError";
            };
            return name + "|" + e.getMessage() + "|None|None";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + "|" + e.getMessage() + "|None|None";
        }
    }

    static String completed(CompletedProcess r) {
        return "ok|" + r.returncode() + "|" + hex(r.stdout()) + "|" + hex(r.stderr());
    }

    static final String PYTHON_PRELUDE = """
            import subprocess, sys
            def h(b): return 'None' if b is None else b.hex()
            def show(f):
                try:
                    r = f()
                    if isinstance(r, bytes): print('ok|0|' + h(r) + '|None')
                    elif isinstance(r, subprocess.Popen): r.wait(); print('ok|started|None|None')
                    else: print('ok|%d|%s|%s' % (r.returncode, h(r.stdout), h(r.stderr)))
                except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
                    print('%s|%s|%s|%s' % (type(e).__name__, e, h(e.output), h(e.stderr)))
                except OSError as e:
                    print('%s|%s|None|None' % (type(e).__name__, e))
            """;

    /** Each case: the Python expression and the same call in Java. */
    record Case(String python, Call java) {}

    static List<Case> cases(Path dir) {
        Path noexec = dir.resolve("noexec");
        String d = dir.toString();
        List<Case> c = new ArrayList<>();
        c.add(new Case("subprocess.run(['sh', '-c', 'echo out; echo err >&2; exit 3'], capture_output=True)",
                () -> completed(Subprocess.builder("sh", "-c", "echo out; echo err >&2; exit 3").captureOutput(true).run())));
        c.add(new Case("subprocess.run(['tr', 'a-z', 'A-Z'], input=b'hello', capture_output=True)",
                () -> completed(Subprocess.builder("tr", "a-z", "A-Z").input("hello".getBytes()).captureOutput(true).run())));
        c.add(new Case("subprocess.run(['sh', '-c', 'exit 4'])", () -> completed(Subprocess.run("sh", "-c", "exit 4"))));
        c.add(new Case("subprocess.run(['false'], check=True)", () -> completed(Subprocess.builder("false").check(true).run())));
        c.add(new Case("subprocess.run(['sh', '-c', 'echo o; echo e >&2; exit 2'], capture_output=True, check=True)",
                () -> completed(Subprocess.builder("sh", "-c", "echo o; echo e >&2; exit 2").captureOutput(true).check(true).run())));
        c.add(new Case("subprocess.run(['sh', '-c', 'kill -9 $$'], check=True)",
                () -> completed(Subprocess.builder("sh", "-c", "kill -9 $$").check(true).run())));
        c.add(new Case("subprocess.run(['sh', '-c', 'kill -64 $$'], check=True)",
                () -> completed(Subprocess.builder("sh", "-c", "kill -64 $$").check(true).run())));
        c.add(new Case("subprocess.run(['sh', '-c', 'kill -35 $$'], check=True)",
                () -> completed(Subprocess.builder("sh", "-c", "kill -35 $$").check(true).run())));
        c.add(new Case("subprocess.check_output(['echo', 'x y'])", () -> "ok|0|" + hex(Subprocess.checkOutput("echo", "x y")) + "|None"));
        c.add(new Case("subprocess.check_output(['sh', '-c', 'echo partial; exit 2'])",
                () -> "ok|0|" + hex(Subprocess.checkOutput(List.of("sh", "-c", "echo partial; exit 2"))) + "|None"));
        c.add(new Case("subprocess.check_output(['cat'], input=b'fed')",
                () -> "ok|0|" + hex(Subprocess.builder("cat").input("fed".getBytes()).checkOutput()) + "|None"));
        c.add(new Case("subprocess.run(['echo $0 $1', 'a', 'b'], shell=True, capture_output=True)",
                () -> completed(Subprocess.builder("echo $0 $1", "a", "b").shell(true).captureOutput(true).run())));
        c.add(new Case("subprocess.run(['echo \"it\\'s\" | tr a-z A-Z; exit 6'], shell=True, capture_output=True)",
                () -> completed(Subprocess.builder("echo \"it's\" | tr a-z A-Z; exit 6").shell(true).captureOutput(true).run())));
        c.add(new Case("subprocess.run(['sh', '-c', 'echo out; echo err >&2; exec sleep 30'], capture_output=True, timeout=0.5)",
                () -> completed(Subprocess.builder("sh", "-c", "echo out; echo err >&2; exec sleep 30").captureOutput(true)
                        .timeout(Duration.ofMillis(500)).run())));
        c.add(new Case("subprocess.run(['sh', '-c', 'exec sleep 30'], stdout=subprocess.PIPE, timeout=0.25)",
                () -> completed(Subprocess.builder("sh", "-c", "exec sleep 30").stdout(Redirect.PIPE).timeout(Duration.ofMillis(250)).run())));
        c.add(new Case("subprocess.Popen(['/no/such/prog'])", () -> started(Subprocess.builder("/no/such/prog"))));
        c.add(new Case("subprocess.Popen(['true'], cwd='/no/such/dir')", () -> started(Subprocess.builder("true").cwd(Path.of("/no/such/dir")))));
        c.add(new Case("subprocess.Popen(['no-such-prog-jselect'], cwd='/no/such/dir')",
                () -> started(Subprocess.builder("no-such-prog-jselect").cwd(Path.of("/no/such/dir")))));
        c.add(new Case("subprocess.Popen(['/no/such/prog'], cwd='/no/such/dir')",
                () -> started(Subprocess.builder("/no/such/prog").cwd(Path.of("/no/such/dir")))));
        c.add(new Case("subprocess.Popen(['true'], cwd='/etc/passwd')", () -> started(Subprocess.builder("true").cwd(Path.of("/etc/passwd")))));
        c.add(new Case("subprocess.Popen(['true'], cwd='/etc/passwd/x')", () -> started(Subprocess.builder("true").cwd(Path.of("/etc/passwd/x")))));
        c.add(new Case("subprocess.Popen(['noexec'], env={'PATH': '" + d + "'})",
                () -> started(Subprocess.builder("noexec").env(Map.of("PATH", d)))));
        c.add(new Case("subprocess.Popen(['noexec'], env={'PATH': '" + d + ":/bin:/usr/bin'})",
                () -> started(Subprocess.builder("noexec").env(Map.of("PATH", d + ":/bin:/usr/bin")))));
        c.add(new Case("subprocess.Popen(['sub'], env={'PATH': '" + d + "'})", () -> started(Subprocess.builder("sub").env(Map.of("PATH", d)))));
        c.add(new Case("subprocess.Popen(['./noexec'], cwd='" + d + "')", () -> started(Subprocess.builder("./noexec").cwd(dir))));
        c.add(new Case("subprocess.Popen(['" + noexec + "'])", () -> started(Subprocess.builder(noexec.toString()))));
        c.add(new Case("subprocess.Popen(['" + d + "'])", () -> started(Subprocess.builder(d))));
        return c;
    }

    static String started(Subprocess.Builder b) throws IOException {
        b.start().close();
        return "ok|started|None|None";
    }

    static Path fixtures(Path dir) throws IOException {
        Path noexec = Files.writeString(dir.resolve("noexec"), "#!/bin/sh\necho never\n");
        Files.setPosixFilePermissions(noexec, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createDirectory(dir.resolve("sub"));
        return dir;
    }

    @ParameterizedTest(name = "virtual thread: {0}")
    @ValueSource(booleans = {false, true})
    void runCheckOutputShellAndSpawnErrorsAreAsPythons(boolean virtual, @TempDir Path dir) throws Exception {
        List<Case> cases = cases(fixtures(dir));
        StringBuilder script = new StringBuilder(PYTHON_PRELUDE);
        for (Case c : cases) {
            script.append("show(lambda: ").append(c.python()).append(")\n");
        }
        List<String> expected = python(script.toString());
        assertEquals(cases.size(), expected.size(), "one line per case: " + expected);
        List<String> ours = on(virtual, () -> cases.stream().map(c -> outcome(c.java())).toList());
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(expected.get(i), ours.get(i), cases.get(i).python());
        }
        assertEquals(List.of(), SubprocessTest.zombieChildren(), "every child reaped, the timed-out ones too");
    }

    @ParameterizedTest(name = "virtual thread: {0}")
    @ValueSource(booleans = {false, true})
    void communicateMovesMoreThanAPipeHoldsBothWaysAtOnce(boolean virtual) throws Exception {
        byte[] input = new byte[3 << 20];
        new Random(42).nextBytes(input);
        // the child first writes a megabyte to stderr, then copies stdin: without one loop over all
        // three pipes, the parent's write of stdin and the child's write of stderr block each other
        Communicated c = on(virtual, () -> {
            try (Subprocess p = Subprocess.builder("sh", "-c", "head -c 1048576 /dev/zero >&2; cat")
                    .stdin(Redirect.PIPE).stdout(Redirect.PIPE).stderr(Redirect.PIPE).start()) {
                Communicated r = p.communicate(input, LONG);
                assertEquals(OptionalInt.of(0), p.returncode(), "communicate waited for the exit");
                assertTrue(p.stdin().isClosed() && p.stdout().isClosed() && p.stderr().isClosed(), "every end closed");
                return r;
            }
        });
        assertArrayEquals(input, c.stdout());
        assertArrayEquals(new byte[1 << 20], c.stderr());
    }

    @ParameterizedTest(name = "virtual thread: {0}")
    @ValueSource(booleans = {false, true})
    void aTimeoutKeepsThePartialOutputAndARetryAfterKillReturnsTheRest(boolean virtual) throws Exception {
        on(virtual, () -> {
            String script = "echo first; echo oops >&2; sleep 1; echo second; exec sleep 30";
            try (Subprocess p = Subprocess.builder("sh", "-c", script).stdin(Redirect.PIPE).stdout(Redirect.PIPE).stderr(Redirect.PIPE).start()) {
                long start = System.nanoTime();
                TimeoutExpiredException e = assertThrows(TimeoutExpiredException.class, () -> p.communicate(Duration.ofMillis(500)));
                assertTrue(System.nanoTime() - start >= 500_000_000L, "waited the whole timeout");
                assertEquals("first\n", new String(e.output(), StandardCharsets.UTF_8));
                assertEquals("oops\n", new String(e.stderr(), StandardCharsets.UTF_8));
                assertEquals("Command '" + PythonRepr.list(List.of("sh", "-c", script)) + "' timed out after 0.5 seconds", e.getMessage());
                assertEquals(OptionalInt.empty(), p.returncode(), "still running");
                assertTrue(p.stdin().isClosed(), "no input: stdin closed at once");
                assertThrows(IllegalArgumentException.class, () -> p.communicate(new byte[] {1}), "input after the start");
                // "second" comes after the timeout: wait until it is in the pipe (select does not consume it)
                try (BaseSelector sel = Selectors.open()) {
                    sel.register(p.stdout(), Selectors.EVENT_READ);
                    assertEquals(1, sel.select(LONG).size(), "the child wrote again");
                }
                p.kill();
                Communicated rest = p.communicate();
                assertEquals("first\nsecond\n", new String(rest.stdout(), StandardCharsets.UTF_8), "everything since the first call");
                assertEquals("oops\n", new String(rest.stderr(), StandardCharsets.UTF_8));
                assertEquals(OptionalInt.of(-SubprocessTest.SIGKILL), p.returncode());
            }
            return null;
        });
    }

    @Test
    void aTimeoutBeforeAnyOutputHasNullOutputAsPythons() throws Exception {
        try (Subprocess p = Subprocess.builder("sh", "-c", "sleep 0.5; echo late").stdout(Redirect.PIPE).start()) {
            TimeoutExpiredException e = assertThrows(TimeoutExpiredException.class, () -> p.communicate(Duration.ofMillis(100)));
            assertNull(e.output(), "Python's None: no chunk read yet");
            assertNull(e.stderr(), "not a pipe");
            assertEquals("late\n", new String(p.communicate().stdout(), StandardCharsets.UTF_8));
        }
        try (Subprocess p = Subprocess.builder("sh", "-c", "read x; echo got $x").stdin(Redirect.PIPE).stdout(Redirect.PIPE).start()) {
            byte[] big = ("y".repeat(300_000) + "\n").getBytes();
            // sh reads the line byte by byte: a third of a megabyte takes it longer than the timeout
            try {
                p.communicate(big, Duration.ofMillis(1));
            } catch (TimeoutExpiredException expected) {
                // the rest of the input goes in the retry
            }
            assertEquals("got " + "y".repeat(300_000) + "\n", new String(p.communicate().stdout(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aChildThatStopsReadingIsNoErrorAndNoPipesIsJustAWait() throws Exception {
        try (Subprocess p = Subprocess.builder("head", "-c", "10").stdin(Redirect.PIPE).stdout(Redirect.PIPE).start()) {
            Communicated c = p.communicate(new byte[4 << 20]);
            assertEquals(10, c.stdout().length, "EPIPE on stdin ignored, as Python's communicate");
            assertNull(c.stderr());
        }
        try (Subprocess p = Subprocess.popen(List.of("sh", "-c", "exit 9"))) {
            Communicated c = p.communicate();
            assertNull(c.stdout());
            assertNull(c.stderr());
            assertEquals(OptionalInt.of(9), p.returncode());
        }
    }

    @Test
    void aRunWhoseTimeoutPassesKillsAndReapsTheChild() throws Exception {
        long start = System.nanoTime();
        TimeoutExpiredException e = assertThrows(TimeoutExpiredException.class,
                () -> Subprocess.builder("sh", "-c", "echo $$; exec sleep 30").captureOutput(true).timeout(Duration.ofSeconds(2)).run());
        assertTrue(System.nanoTime() - start < LONG.toNanos(), "did not wait for the child");
        int pid = Integer.parseInt(new String(e.output(), StandardCharsets.UTF_8).trim());
        assertFalse(SubprocessTest.isChild(pid), "killed and reaped: neither running nor a zombie");
        assertArrayEquals(new byte[0], e.stderr() == null ? new byte[0] : e.stderr());
    }

    @Test
    void aHundredRunsAndTimeoutsLeaveNoFdNoNativeMemoryAndNoZombie() throws Exception {
        byte[] input = new byte[100_000];
        ResourceGrowth.assertNoGrowth(100, i -> {
            if (i % 25 == 0) {
                assertThrows(TimeoutExpiredException.class,
                        () -> Subprocess.builder("sh", "-c", "exec sleep 5").captureOutput(true).timeout(Duration.ofMillis(10)).run());
            } else {
                CompletedProcess r = Subprocess.builder("cat").input(input).captureOutput(true).run();
                assertEquals(input.length, r.stdout().length);
            }
        });
        assertEquals(List.of(), SubprocessTest.zombieChildren());
    }

    @Test
    void runArgumentsAreRefusedWhereTheyClash() throws Exception {
        int fds = ResourceGrowth.openFdCount();
        assertEquals("stdin and input arguments may not both be used.", assertThrows(IllegalArgumentException.class,
                () -> Subprocess.builder("cat").stdin(Redirect.DEVNULL).input(new byte[1]).run()).getMessage());
        assertEquals("stdout and stderr arguments may not be used with capture_output.", assertThrows(IllegalArgumentException.class,
                () -> Subprocess.builder("true").stderr(Redirect.DEVNULL).captureOutput(true).run()).getMessage());
        assertEquals("stdout argument not allowed, it will be overridden.", assertThrows(IllegalArgumentException.class,
                () -> Subprocess.builder("true").stdout(Redirect.DEVNULL).checkOutput()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Subprocess.builder("true").check(true).start());
        assertThrows(IllegalArgumentException.class, () -> Subprocess.builder("true").timeout(LONG).start());
        ResourceGrowth.assertNoFdGrowth(fds, "after refused runs");
    }

    @Test
    void calledProcessExceptionFieldsAndCompletedProcessCheck() throws Exception {
        CalledProcessException e = assertThrows(CalledProcessException.class,
                () -> Subprocess.builder("sh", "-c", "echo o; echo e >&2; exit 2").captureOutput(true).check(true).run());
        assertEquals(2, e.returncode());
        assertEquals(List.of("sh", "-c", "echo o; echo e >&2; exit 2"), e.cmd());
        assertEquals("o\n", new String(e.output(), StandardCharsets.UTF_8));
        assertEquals("e\n", new String(e.stderr(), StandardCharsets.UTF_8));
        assertFalse(ErrnoException.class.isInstance(e), "not an OSError, as in Python");
        CompletedProcess r = Subprocess.run("false");
        assertEquals(1, r.returncode());
        assertNull(r.stdout());
        assertEquals("Command '['false']' returned non-zero exit status 1.",
                assertThrows(CalledProcessException.class, r::checkReturncode).getMessage());
        Subprocess.run("true").checkReturncode();
        Subprocess.Builder shell = Subprocess.builder("echo $0").shell(true).captureOutput(true);
        assertEquals(List.of("echo $0"), shell.run().args(), "the arguments as given, Python's CompletedProcess.args");
        assertEquals("/bin/sh\n", new String(shell.run().stdout(), StandardCharsets.UTF_8), "$0 is the shell without more arguments");
    }

    @Test
    void aNonExecutableFileOnPathIsPermissionAndAnExecutableLaterOneWins(@TempDir Path dir) throws Exception {
        fixtures(dir);
        PermissionException e = assertThrows(PermissionException.class, () -> Subprocess.builder("noexec").env(Map.of("PATH", dir.toString())).start());
        assertEquals("[Errno 13] Permission denied: 'noexec'", e.getMessage());
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path good = Files.writeString(bin.resolve("noexec"), "#!/bin/sh\necho found\n");
        Files.setPosixFilePermissions(good, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertArrayEquals("found\n".getBytes(), Subprocess.builder("noexec").env(Map.of("PATH", dir + ":" + bin)).checkOutput());
    }

    @Test
    void pythonReprOfStrings() throws Exception {
        List<String> strings = List.of("plain", "it's", "say \"hi\"", "both ' and \"", "back\\slash", "tab\tnl\nret\r", "\u0001\u007f\u0085",
                "caf\u00e9", "\u00a0nbsp", "\u2028", "\uE000", "snow\u2603man", "\uD83D\uDE00", "\u200b", "\u00ad");
        StringBuilder script = new StringBuilder("for s in [");
        for (String s : strings) {
            script.append("'");
            s.codePoints().forEach(c -> script.append(String.format("\\U%08x", c)));
            script.append("', ");
        }
        script.append("]:\n    print(repr(s).encode('utf-8').hex())");
        List<String> expected = python(script.toString());
        List<String> ours = strings.stream().map(s -> hex(PythonRepr.str(s).getBytes(StandardCharsets.UTF_8))).toList();
        assertEquals(expected, ours);
        assertEquals("['a', \"b'c\"]", PythonRepr.list(List.of("a", "b'c")));
    }
}
