package dev.jselect.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jselect.ErrnoException;
import dev.jselect.Select;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.SelectedKey;
import dev.jselect.selectors.Selectors;
import dev.jselect.testing.ProcessState;
import dev.jselect.testing.ResourceGrowth;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Subprocess with real children: sh, cat, yes | head, sleep; pipes, exit statuses, signals, reaping. */
@EnabledOnOs(value = OS.LINUX, disabledReason = "Subprocess binds posix_spawn on Linux only")
class SubprocessTest {
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;
    static final Duration LONG = Duration.ofSeconds(30);

    record Output(byte[] out, byte[] err, boolean brokenPipe) {
        String outText() {
            return new String(out, StandardCharsets.UTF_8);
        }

        String errText() {
            return new String(err, StandardCharsets.UTF_8);
        }
    }

    /** Python's communicate(): feeds {@code input} in PIPE_BUF chunks and reads stdout and stderr, all through one selector. */
    static Output communicate(Subprocess p, byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean broken = false;
        long deadline = System.nanoTime() + LONG.toNanos();
        try (BaseSelector sel = Selectors.open()) {
            if (p.stdout() != null) {
                sel.register(p.stdout(), Selectors.EVENT_READ, out);
            }
            if (p.stderr() != null) {
                sel.register(p.stderr(), Selectors.EVENT_READ, err);
            }
            int offset = 0;
            if (p.stdin() != null) {
                if (input.length == 0) {
                    p.stdin().close();
                } else {
                    p.stdin().setBlocking(false);
                    sel.register(p.stdin(), Selectors.EVENT_WRITE);
                }
            }
            while (!sel.getMap().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    fail("child " + p + " still talking after " + LONG);
                }
                for (SelectedKey k : sel.select(Duration.ofSeconds(1))) {
                    PipeEnd end = (PipeEnd) k.key().fileobj();
                    if (end == p.stdin()) {
                        try {
                            offset += end.write(input, offset, Math.min(Select.PIPE_BUF, input.length - offset));
                        } catch (ErrnoException e) {
                            assertEquals("EPIPE", e.errnoName(), e.toString());
                            broken = true;
                        }
                        if (broken || offset == input.length) {
                            sel.unregister(end);
                            end.close();
                        }
                    } else {
                        byte[] chunk = end.read(32768);
                        if (chunk.length == 0) {
                            sel.unregister(end);
                            end.close();
                        } else {
                            ((ByteArrayOutputStream) k.key().data()).writeBytes(chunk);
                        }
                    }
                }
            }
        }
        return new Output(out.toByteArray(), err.toByteArray(), broken);
    }

    static Subprocess sh(String script, Redirect in, Redirect out, Redirect err) throws IOException {
        return Subprocess.popen(List.of("/bin/sh", "-c", script), in, out, err);
    }

    @Test
    void stdoutStderrAndTheExitStatusOfAShell() throws Exception {
        try (Subprocess p = sh("echo out; echo err >&2; exit 3", Redirect.DEVNULL, Redirect.PIPE, Redirect.PIPE)) {
            assertEquals(-1, p.stdinFd());
            assertNull(p.stdin());
            assertTrue(p.stdoutFd() >= 0 && p.stderrFd() >= 0);
            assertEquals(p.stdoutFd(), p.stdout().fileno());
            Output o = communicate(p, new byte[0]);
            assertEquals("out\n", o.outText());
            assertEquals("err\n", o.errText());
            assertEquals(3, p.waitFor(LONG));
            assertEquals(OptionalInt.of(3), p.returncode());
            assertEquals(OptionalInt.of(3), p.poll());
            assertTrue(p.pid() > 0);
        }
    }

    @Test
    void catCopiesAQuarterMegabyteThroughNonBlockingPipes() throws Exception {
        byte[] data = new byte[256 * 1024 + 17];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + i / 7);
        }
        try (Subprocess p = Subprocess.popen(List.of("cat"), Redirect.PIPE, Redirect.PIPE, Redirect.PIPE)) {
            Output o = communicate(p, data);
            assertArrayEquals(data, o.out());
            assertEquals(0, o.err().length);
            assertFalse(o.brokenPipe());
            assertEquals(0, p.waitFor(LONG));
        }
    }

    @Test
    void yesPipedIntoHead() throws Exception {
        try (Subprocess p = sh("yes | head -n 1000", Redirect.INHERIT, Redirect.PIPE, Redirect.INHERIT)) {
            assertEquals("y\n".repeat(1000), communicate(p, new byte[0]).outText());
            assertEquals(0, p.waitFor(LONG));
        }
    }

    @Test
    void aChildThatExitsWhileStdinIsStillFedGivesEpipe() throws Exception {
        byte[] data = new byte[4 << 20]; // far more than a pipe holds
        try (Subprocess p = Subprocess.popen(List.of("head", "-c", "10"), Redirect.PIPE, Redirect.PIPE, Redirect.INHERIT)) {
            Output o = communicate(p, data);
            assertTrue(o.brokenPipe(), "the writes after head exited fail with EPIPE");
            assertEquals(10, o.out().length);
            assertEquals(0, p.waitFor(LONG));
        }
        try (Subprocess p = sh("exit 7", Redirect.PIPE, Redirect.INHERIT, Redirect.INHERIT)) {
            assertEquals(7, p.waitFor(LONG));
            ErrnoException e = assertThrows(ErrnoException.class, () -> p.stdin().write(new byte[] {1}));
            assertEquals("EPIPE", e.errnoName(), "a blocking write to a pipe nobody reads: EPIPE, not a dead JVM");
        }
    }

    @Test
    void aSignalledChildHasMinusTheSignalAsReturncode() throws Exception {
        try (Subprocess p = sh("kill -9 $$", Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT)) {
            assertEquals(-SIGKILL, p.waitFor(LONG));
        }
        try (Subprocess p = Subprocess.popen(List.of("sleep", "30"))) {
            assertEquals(OptionalInt.empty(), p.poll());
            assertEquals(OptionalInt.empty(), p.returncode());
            p.terminate();
            assertEquals(-SIGTERM, p.waitFor(LONG));
            p.kill(); // reaped: does nothing, as Python's send_signal after the reap
            assertEquals(OptionalInt.of(-SIGTERM), p.returncode());
        }
        try (Subprocess p = Subprocess.popen(List.of("sleep", "30"))) {
            p.kill();
            assertEquals(-SIGKILL, p.waitFor());
        }
    }

    @Test
    void aDeadlineThatPassesThenTerminatesTheChild() throws Exception {
        try (Subprocess p = Subprocess.popen(List.of("sleep", "30"), Redirect.DEVNULL, Redirect.PIPE, Redirect.INHERIT)) {
            long start = System.nanoTime();
            TimeoutExpiredException e = assertThrows(TimeoutExpiredException.class, () -> p.waitFor(Duration.ofMillis(200)));
            assertTrue(System.nanoTime() - start >= 200_000_000L, "waited the whole timeout");
            assertEquals(List.of("sleep", "30"), e.cmd());
            assertEquals("Command '['sleep', '30']' timed out after 0.2 seconds", e.getMessage(), "as Python's TimeoutExpired");
            assertEquals(OptionalInt.empty(), p.returncode(), "still running after the timeout");
            assertThrows(TimeoutExpiredException.class, () -> p.waitFor(Duration.ZERO));
            // a select loop with a deadline: nothing to read before it passes
            try (BaseSelector sel = Selectors.open()) {
                sel.register(p.stdout(), Selectors.EVENT_READ);
                assertEquals(List.of(), sel.select(Duration.ofMillis(100)));
            }
            p.terminate();
            assertEquals(-SIGTERM, p.waitFor(LONG));
            assertArrayEquals(new byte[0], p.stdout().read(10), "the terminated child's stdout is at end of file");
        }
    }

    @Test
    void theExitFdPollsReadableOnceTheChildExits() throws Exception {
        assertTrue(Subprocess.hasExitFd(), "pidfd_open on this Linux");
        Subprocess p = sh("read line; exit 4", Redirect.PIPE, Redirect.INHERIT, Redirect.INHERIT);
        int exitFd = p.exitFd();
        try (p; BaseSelector sel = Selectors.open()) {
            sel.register(exitFd, Selectors.EVENT_READ);
            assertEquals(List.of(), sel.select(Duration.ofMillis(50)), "running: not readable");
            p.stdin().write("go\n".getBytes());
            List<SelectedKey> ready = sel.select(LONG);
            assertEquals(1, ready.size());
            assertEquals(exitFd, ready.getFirst().key().fd());
            assertEquals(OptionalInt.of(4), p.poll(), "readable means exited: poll reaps at once");
            sel.unregister(exitFd);
            p.close();
        }
        assertEquals(-1, p.exitFd(), "closed with the Subprocess");
        assertFalse(ProcessState.isOpen(exitFd) && ProcessState.describe(exitFd).orElse("").contains("pidfd"));
    }

    @Test
    void devNullACallersFdAndStderrMergedIntoStdout() throws Exception {
        try (Pipe mine = Os.pipe()) {
            try (Subprocess p = sh("cat; echo out; echo err >&2", Redirect.DEVNULL, Redirect.fd(mine.writeFd()), Redirect.STDOUT)) {
                assertEquals(-1, p.stdinFd());
                assertEquals(-1, p.stdoutFd());
                assertEquals(-1, p.stderrFd());
                assertEquals(0, p.waitFor(LONG));
            }
            assertTrue(ProcessState.isOpen(mine.writeFd()), "the caller's fd stays open and the caller's");
            assertEquals("out\nerr\n", new String(Os.read(mine.readFd(), 100), StandardCharsets.UTF_8));
        }
        try (Subprocess p = sh("echo out; echo err >&2", Redirect.DEVNULL, Redirect.PIPE, Redirect.STDOUT)) {
            assertEquals("out\nerr\n", communicate(p, new byte[0]).outText());
            assertEquals(-1, p.stderrFd());
        }
    }

    @Test
    void stdioFdsBelowThreeAreDuplicatedSafely() throws Exception {
        // stdout goes to the caller's fd 2 and stderr to its fd 1: swapped, both from the low range
        try (Subprocess p = sh("exit 0", Redirect.fd(0), Redirect.fd(2), Redirect.fd(1))) {
            assertEquals(0, p.waitFor(LONG));
        }
        assertTrue(ProcessState.isOpen(0) && ProcessState.isOpen(1) && ProcessState.isOpen(2));
    }

    @Test
    void workingDirectoryAndEnvironment(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("FOO", "bar baz", "PATH", "/usr/bin:/bin"));
        Subprocess p = Subprocess.builder("sh", "-c", "pwd; echo \"$FOO\"; echo \"${HOME-unset}\"")
                .cwd(dir).env(env).stdout(Redirect.PIPE).start();
        try (p) {
            assertEquals(dir.toRealPath() + "\nbar baz\nunset\n", communicate(p, new byte[0]).outText());
        }
        // a relative program path is found relative to cwd, as in Python
        Path script = dir.resolve("hello.sh");
        Files.writeString(script, "#!/bin/sh\necho hello from \"$0\"\n");
        assertTrue(script.toFile().setExecutable(true));
        try (Subprocess q = Subprocess.builder("./hello.sh").cwd(dir).stdout(Redirect.PIPE).start()) {
            assertEquals("hello from ./hello.sh\n", communicate(q, new byte[0]).outText());
        }
    }

    @Test
    void onlyTheStandardStreamsReachTheChild() throws Exception {
        try (Pipe inheritable = Os.pipe()) {
            Os.setInheritable(inheritable.writeFd(), true);
            int fd = inheritable.writeFd();
            try (Subprocess p = sh("if [ -e /proc/self/fd/" + fd + " ]; then echo open; else echo closed; fi",
                    Redirect.INHERIT, Redirect.PIPE, Redirect.INHERIT)) {
                assertEquals("closed\n", communicate(p, new byte[0]).outText(), "close_fds: fd " + fd + " not inherited");
            }
        }
    }

    @Test
    void withoutClosefromTheInheritableFdsAreClosedOneByOne() throws Exception {
        // the older glibc's way, run here too: a close action per inheritable fd open at spawn time
        try (Pipe inheritable = Os.pipe(); Pipe out = Os.pipe()) {
            Os.setInheritable(inheritable.writeFd(), true);
            int fd = inheritable.writeFd();
            int pid = Spawner.spawn(List.of("/bin/sh", "-c", "if [ -e /proc/self/fd/" + fd + " ]; then echo open; else echo closed; fi"),
                    null, null, new int[] {-1, out.writeFd(), -1}, false);
            ChildPid child = new ChildPid(pid, -1);
            Os.close(out.writeFd());
            assertEquals("closed\n", new String(Os.read(out.readFd(), 100), StandardCharsets.UTF_8));
            while (child.poll().isEmpty()) {
                Thread.sleep(1);
            }
            assertEquals(OptionalInt.of(0), child.returncode());
        }
    }

    @Test
    void waitsOnVirtualThreadsAndFromSeveralThreadsAtOnce() throws Exception {
        try (Subprocess p = Subprocess.popen(List.of("sleep", "0.3"))) {
            List<Thread> waiters = new ArrayList<>();
            int[] codes = new int[4];
            for (int i = 0; i < codes.length; i++) {
                int slot = i;
                Thread.Builder b = i % 2 == 0 ? Thread.ofVirtual() : Thread.ofPlatform();
                waiters.add(b.start(() -> {
                    try {
                        codes[slot] = slot < 2 ? p.waitFor() : p.waitFor(LONG);
                    } catch (IOException e) {
                        codes[slot] = 1000;
                    }
                }));
            }
            for (Thread t : waiters) {
                assertTrue(t.join(LONG));
            }
            assertArrayEquals(new int[] {0, 0, 0, 0}, codes, "every waiter sees the one returncode");
        }
    }

    @Test
    void theChildStartsWithAnEmptySignalMaskAndDefaultDispositions() throws Throwable {
        // SIG_IGN survives exec, so ignore SIGHUP here for the duration and look at the child's masks
        Linker linker = Linker.nativeLinker();
        MethodHandle signal = linker.downcallHandle(linker.defaultLookup().findOrThrow("signal"),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        MemorySegment previous = (MemorySegment) signal.invokeExact(1, MemorySegment.ofAddress(1)); // SIGHUP, SIG_IGN
        try (Subprocess p = Subprocess.popen(List.of("grep", "-E", "^Sig(Blk|Ign):", "/proc/self/status"),
                Redirect.DEVNULL, Redirect.PIPE, Redirect.INHERIT)) {
            assertEquals("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n", communicate(p, new byte[0]).outText());
        } finally {
            MemorySegment ignored = (MemorySegment) signal.invokeExact(1, previous);
        }
    }

    @Test
    void anUnknownProgramIsEnoentAndLeaksNothing() throws Exception {
        int fds = ResourceGrowth.openFdCount();
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> Subprocess.popen(List.of("no-such-program-jselect"), Redirect.PIPE, Redirect.PIPE, Redirect.PIPE));
        assertEquals("ENOENT", e.errnoName());
        assertTrue(e.getMessage().startsWith("[Errno 2] No such file or directory: 'no-such-program-jselect'"), e.getMessage());
        ErrnoException exec = assertThrows(ErrnoException.class, () -> Subprocess.popen(List.of("/no/such/program")));
        assertEquals("ENOENT", exec.errnoName(), "reported by posix_spawn itself");
        assertEquals("[Errno 2] No such file or directory: '/no/such/program'", exec.getMessage(), "naming the program, as Python");
        ErrnoException cwd = assertThrows(ErrnoException.class,
                () -> Subprocess.builder("true").cwd(Path.of("/no/such/dir")).stdout(Redirect.PIPE).start());
        assertEquals("ENOENT", cwd.errnoName());
        assertEquals("[Errno 2] No such file or directory: '/no/such/dir'", cwd.getMessage(), "naming the directory, as Python");
        ResourceGrowth.assertNoFdGrowth(fds, "after failed starts");
    }

    @Test
    void badArgumentsAreIllegalArgumentsAndLeakNothing() throws Exception {
        int fds = ResourceGrowth.openFdCount();
        assertThrows(IllegalArgumentException.class, () -> Subprocess.popen(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Subprocess.builder("true").stdout(Redirect.STDOUT));
        assertThrows(IllegalArgumentException.class, () -> Subprocess.builder("true").stdin(Redirect.STDOUT));
        assertThrows(IllegalArgumentException.class, () -> Redirect.fd(-1));
        assertThrows(NullPointerException.class, () -> Subprocess.builder(List.of("true", null)));
        assertThrows(IllegalArgumentException.class, () -> Subprocess.popen(List.of("/bin/echo", "a\0b"), Redirect.PIPE, Redirect.PIPE, Redirect.PIPE));
        assertThrows(IllegalArgumentException.class,
                () -> Subprocess.builder("/bin/true").env(Map.of("A=B", "c")).stdin(Redirect.PIPE).start());
        ErrnoException badFd = assertThrows(ErrnoException.class, () -> Subprocess.popen(List.of("true"), Redirect.fd(1_000_000), Redirect.PIPE, Redirect.INHERIT));
        assertEquals("EBADF", badFd.errnoName());
        ResourceGrowth.assertNoFdGrowth(fds, "after refused starts");
    }

    @Test
    void twoHundredChildrenInARowLeaveNoFdAndNoZombie() throws Exception {
        // fds and malloc'd native memory (file actions, spawn attributes) measured around 200 children
        ResourceGrowth.assertNoGrowth(200, i -> {
            try (Subprocess p = sh("echo " + i, Redirect.PIPE, Redirect.PIPE, Redirect.PIPE)) {
                assertEquals(i + "\n", communicate(p, new byte[0]).outText());
                assertEquals(0, p.waitFor(LONG));
            }
        });
        assertEquals(List.of(), zombieChildren());
    }

    @Test
    void anUnreachableUnclosedSubprocessIsStillReaped() throws Exception {
        int pid = startAndDrop();
        long deadline = System.nanoTime() + LONG.toNanos();
        while (isChild(pid)) {
            if (System.nanoTime() > deadline) {
                fail("child " + pid + " was never reaped: " + zombieChildren());
            }
            System.gc();
            Thread.sleep(20);
            Subprocess.popen(List.of("true")).close(); // a later spawn reaps what the Cleaner found still running
        }
    }

    private static int startAndDrop() throws IOException {
        Subprocess p = Subprocess.popen(List.of("sleep", "0.1"), Redirect.DEVNULL, Redirect.PIPE, Redirect.INHERIT);
        return p.pid();
    }

    @Test
    void pipeEndsAreHasFilenoForSelectAndCloseOnce() throws Exception {
        try (Subprocess p = Subprocess.popen(List.of("cat"), Redirect.PIPE, Redirect.PIPE, Redirect.INHERIT)) {
            PipeEnd in = p.stdin();
            PipeEnd out = p.stdout();
            assertNotNull(in);
            in.write("ping".getBytes());
            assertEquals(List.of(out), Select.select(List.of(out), List.of(), List.of(), 10.0).readable(), "cat echoed");
            assertEquals(List.of(in), Select.select(List.of(), List.of(in), List.of(), 10.0).writable());
            assertArrayEquals("ping".getBytes(), out.read(100));
            int fd = in.fileno();
            in.close();
            in.close();
            assertEquals(-1, p.stdinFd(), "closed end: -1");
            assertTrue(in.isClosed());
            assertThrows(IllegalStateException.class, () -> in.write(new byte[] {1}));
            assertFalse(ProcessState.describe(fd).orElse("").startsWith("pipe:"), "fd " + fd + " closed");
            assertArrayEquals(new byte[0], out.read(100), "cat saw end of file and exited");
        }
    }

    /** Our children in state Z (zombies), from /proc/<pid>/stat: "pid (comm) state ppid ...". */
    static List<String> zombieChildren() throws IOException {
        long me = ProcessHandle.current().pid();
        List<String> zombies = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(proc.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (f[0].equals("Z") && Long.parseLong(f[1]) == me) {
                    zombies.add(stat.substring(0, stat.lastIndexOf(')') + 1));
                }
            }
        }
        return zombies;
    }

    /** True while {@code pid} is our child, running or a zombie. */
    static boolean isChild(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]) == ProcessHandle.current().pid();
        } catch (IOException gone) {
            return false;
        }
    }
}
