package dev.jselect.restrict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.Errno;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jselect where the kernel or a sandbox refuses a call: each case runs {@link RefusedCallsChild}
 * in a child JVM under a seccomp filter (src/test/c/refuse.c, compiled here with cc) that
 * answers the chosen x86_64 system calls with ENOSYS, as a kernel older than the call does, or
 * EPERM, as a container's seccomp profile does. Every case runs under both.
 */
class RefusedCallsTest {
    // x86_64 system call numbers (<asm/unistd_64.h>); the filter only ever sees this ABI
    private static final String PIDFD_OPEN = "434";
    private static final String EVENTFD = "284,290"; // eventfd, eventfd2
    private static final String EPOLL_CREATE = "213,291"; // epoll_create, epoll_create1
    private static final String CLOSE_RANGE = "436";
    private static final String NOTHING = "999"; // no such call: the filter refuses nothing

    @TempDir
    static Path work;
    static Path refuse;

    /**
     * Why the checks cannot run on this machine, or null: each test reports it as skipped (an
     * assumption in {@code @BeforeAll} would report "0 tests" instead).
     */
    static String skip;

    @BeforeAll
    static void compileLauncher() throws Exception {
        if (!(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"))) {
            skip = "the seccomp launcher filters x86_64 system call numbers: Linux x86_64 only";
            return;
        }
        Path cc = onPath("cc", "gcc", "clang");
        if (cc == null) {
            skip = "no C compiler (cc/gcc/clang) on PATH: the refused-call cases are skipped";
            return;
        }
        refuse = work.resolve("refuse");
        Path src = Path.of("src", "test", "c", "refuse.c").toAbsolutePath();
        Output out = run(List.of(cc.toString(), "-O2", "-o", refuse.toString(), src.toString()));
        assertEquals(0, out.status, "compiling refuse.c: " + out.text);
        Output probe = run(List.of(refuse.toString(), "1", NOTHING, "/bin/true"));
        if (probe.status != 0) {
            skip = "this machine does not let a process install a seccomp filter: " + probe.text;
            return;
        }
    }

    @BeforeEach
    void runsHere() {
        assumeTrue(skip == null, skip);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ENOSYS", "EPERM"})
    void pidfdOpenRefused(String errno) throws Exception {
        String out = child(errno, PIDFD_OPEN, List.of(), "pidfd");
        assertTrue(out.contains("exitFd: no pidfd here") && out.contains("[Errno " + number(errno) + "]")
                && out.contains("pidfd_open"), out);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ENOSYS", "EPERM"})
    void eventfdRefused(String errno) throws Exception {
        child(errno, EVENTFD, List.of(), "eventfd");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ENOSYS", "EPERM"})
    void epollRefused(String errno) throws Exception {
        assertTrue(child(errno, EPOLL_CREATE, List.of(), "epoll").contains("selector: PollSelector"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ENOSYS", "EPERM"})
    void epollRefusedVirtualThreadRecv(String errno) throws Exception {
        assertTrue(child(errno, EPOLL_CREATE, List.of(), "epoll", "vthread").contains("vthread recv: ok"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ENOSYS", "EPERM"})
    void closeRangeRefusedWithoutProc(String errno) throws Exception {
        child(errno, CLOSE_RANGE, withoutProc(), "spawn");
    }

    /** Without /proc but with close_range, glibc's closefrom action works: it is used, and closes the fds. */
    @Test
    void withoutProcCloseRangeAllowed() throws Exception {
        child("EPERM", NOTHING, withoutProc(), "spawn");
    }

    /** The command that runs the rest in a mount namespace whose /proc is an empty tmpfs; skips where there is none. */
    private static List<String> withoutProc() throws Exception {
        Path unshare = onPath("unshare");
        assumeTrue(unshare != null, "no unshare(1): cannot hide /proc in a mount namespace");
        Output probe = run(List.of(unshare.toString(), "-m", "/bin/sh", "-c", "mount -t tmpfs none /proc"));
        assumeTrue(probe.status == 0, "no mount namespace with a tmpfs over /proc here: " + probe.text.strip());
        // Without /proc the dynamic loader cannot expand the launcher's $ORIGIN: the JDK's libraries are named outright.
        Path home = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent();
        String libs = home.resolve("lib") + File.pathSeparator + home.resolve("lib").resolve("server");
        return List.of(unshare.toString(), "-m", "/bin/sh", "-c",
                "mount -t tmpfs none /proc && LD_LIBRARY_PATH=\"$0\" exec \"$@\"", libs);
    }

    /** Runs the child case {@code args} with {@code calls} refused with {@code errno}: its output, once it succeeded. */
    private static String child(String errno, String calls, List<String> prefix, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classPath = String.join(File.pathSeparator, List.of(
                System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", "")));
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(refuse.toString(), Integer.toString(number(errno)),
                calls, java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-cp", classPath,
                RefusedCallsChild.class.getName()));
        cmd.addAll(List.of(args));
        Output out = run(cmd);
        assertEquals(0, out.status, "child JVM with " + calls + " refused (" + errno + "): " + out.text);
        assertTrue(out.text.strip().endsWith("ok"), out.text);
        return out.text;
    }

    private static int number(String errno) {
        return errno.equals("ENOSYS") ? Errno.ENOSYS : Errno.EPERM;
    }

    private record Output(int status, String text) {}

    private static Output run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd + "\n" + text);
        }
        return new Output(p.exitValue(), text);
    }

    private static Path onPath(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            for (String name : names) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }
}
