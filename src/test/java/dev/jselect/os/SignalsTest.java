package dev.jselect.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.Errno;
import dev.jselect.ErrnoException;
import dev.jselect.KeyboardInterruptException;
import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.SelectedKey;
import dev.jselect.selectors.Selectors;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Signals written to a wakeup fd, as Python's signal.set_wakeup_fd, with real signals. */
class SignalsTest {
    /**
     * The ported Python program: a selector loop whose {@code except KeyboardInterrupt:} became a
     * readiness branch on the wakeup socket, with a SIGINT handler that does nothing and the
     * wakeup fd. With argument "plain" it installs nothing, to show the JVM's own reaction to the
     * same signal.
     */
    public static final class Loop {
        public static void main(String[] args) throws Exception {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook")));
            try (SocketPair wake = NativeSocket.socketpair(); BaseSelector sel = Selectors.open()) {
                if (!(args.length > 0 && args[0].equals("plain"))) {
                    wake.second().setBlocking(false);
                    Signals.signal(Signals.SIGINT, sig -> { }); // Python: signal.signal(SIGINT, lambda *a: None)
                    Signals.setWakeupFd(wake.second().fileno());
                }
                sel.register(wake.first(), Selectors.EVENT_READ);
                System.out.println("ready");
                for (;;) {
                    for (SelectedKey key : sel.select()) {
                        if (key.key().fileobj() == wake.first()) { // was: except KeyboardInterrupt:
                            System.out.println("signal " + wake.first().recv(1)[0]);
                            System.out.println("cleanup");
                            return;
                        }
                    }
                }
            }
        }
    }

    private record Run(int exit, List<String> lines) {}

    /** Starts {@link Loop} in a child JVM, sends it SIGINT once it is waiting, and collects its output. */
    private static Run interruptChild(String... args) throws Exception {
        return signalChild("INT", args);
    }

    /** Starts {@link Loop} in a child JVM, sends it SIG{@code signal} once it is waiting, and collects its output. */
    private static Run signalChild(String signal, String... args) throws Exception {
        String classPath = String.join(File.pathSeparator, List.of(
                System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", "")));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, Loop.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                lines.add(line);
            }
            assertEquals("ready", line, "the child reached its loop: " + lines);
            Thread.sleep(200); // into select(); a signal before it would wait in the socket all the same
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        } finally {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        return new Run(p.exitValue(), lines);
    }

    @Test
    void sigintWakesASelectorLoopThatThenExitsNormally() throws Exception {
        Run run = interruptChild();
        assertEquals(List.of("signal " + Signals.SIGINT, "cleanup", "shutdown hook"), run.lines());
        assertEquals(0, run.exit());
    }

    @Test
    void withoutAWakeupFdTheJvmEndsOnSigintAsBefore() throws Exception {
        Run run = interruptChild("plain");
        assertEquals(128 + Signals.SIGINT, run.exit(), "the JVM's own handler: exit 130");
        assertEquals(List.of("shutdown hook"), run.lines());
    }

    /** setWakeupFd(fd) takes over no signal: SIGTERM, which has no handler, still ends the JVM as its default action does. */
    @Test
    void sigtermWithoutAHandlerEndsTheJvmEvenWithAWakeupFd() throws Exception {
        Run run = signalChild("TERM");
        assertEquals(128 + Signals.SIGTERM, run.exit(), "the JVM's own handler: exit 143; " + run.lines());
        assertEquals(List.of("shutdown hook"), run.lines());
    }

    /**
     * Replaces the wakeup fd, over and over, under a steady stream of SIGTERM from the parent:
     * first the explicit form that takes SIGTERM over, then the Python form beside a handler.
     * The JVM's action (exit 143) must never come back in between.
     */
    public static final class Swapper {
        public static void main(String[] args) throws Exception {
            try (SocketPair a = NativeSocket.socketpair(); SocketPair b = NativeSocket.socketpair()) {
                a.second().setBlocking(false);
                b.second().setBlocking(false);
                a.first().setBlocking(false);
                b.first().setBlocking(false);
                int[] fds = {a.second().fileno(), b.second().fileno()};
                Signals.setWakeupFd(fds[0], Signals.SIGTERM);
                System.out.println("ready");
                long bytes = 0;
                int swaps = 0;
                long stop = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[0]));
                for (; System.nanoTime() < stop && swaps < 1_000_000; swaps++) {
                    if (swaps == 1) {
                        Signals.signal(Signals.SIGTERM, sig -> { });
                    }
                    int fd = fds[swaps % 2];
                    if (swaps % 4 < 2) {
                        Signals.setWakeupFd(fd, Signals.SIGTERM);
                    } else {
                        Signals.setWakeupFd(fd);
                    }
                    bytes += drain(a.first()) + drain(b.first());
                }
                Signals.setWakeupFd(-1); // before the sockets close; the handler still keeps SIGTERM
                System.out.println("survived " + swaps + " " + bytes);
            }
        }

        private static int drain(NativeSocket s) throws Exception {
            try {
                return s.recv(4096).length;
            } catch (dev.jselect.BlockingIOException empty) {
                return 0;
            }
        }
    }

    @Test
    void replacingTheWakeupFdUnderASignalStreamNeverLetsTheDefaultActionThrough() throws Exception {
        String classPath = String.join(File.pathSeparator, List.of(
                System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", "")));
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, Swapper.class.getName(), "1500").redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", out.readLine());
            Thread sender = Thread.ofPlatform().start(() -> {
                long stop = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (p.isAlive() && System.nanoTime() < stop) {
                    p.toHandle().destroy(); // SIGTERM (Process.destroy would also close the streams)
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                }
            });
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
            sender.join();
        } finally {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertEquals(0, p.exitValue(), "the child survived: " + lines);
        assertEquals(1, lines.size(), lines.toString());
        String[] words = lines.get(0).split(" ");
        assertEquals("survived", words[0], lines.toString());
        assertTrue(Integer.parseInt(words[1]) >= 200, "hundreds of replacements: " + lines);
        assertTrue(Long.parseLong(words[2]) > 0, "the signals arrived as bytes: " + lines);
    }

    /** Once setWakeupFd(-1) has returned, the fd it replaced gets no byte, even from a signal already being dispatched. */
    @Test
    void noByteReachesTheOldFdAfterSetWakeupFdReturns() throws Exception {
        assertEquals(null, Signals.signal(Signals.SIGWINCH, sig -> { }));
        try (Pipe pipe = Os.pipe()) {
            Os.setBlocking(pipe.writeFd(), false);
            Os.setBlocking(pipe.readFd(), false);
            for (int round = 0; round < 20; round++) {
                Signals.setWakeupFd(pipe.writeFd());
                java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
                Thread raiser = Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        Signals.raiseSignal(Signals.SIGWINCH);
                        Thread.onSpinWait();
                    }
                });
                Thread.sleep(20);
                assertEquals(pipe.writeFd(), Signals.setWakeupFd(-1));
                drainPipe(pipe.readFd());
                Thread.sleep(30); // dispatcher threads already started for earlier signals run meanwhile
                stop.set(true);
                raiser.join();
                Thread.sleep(20);
                assertEquals(0, drainPipe(pipe.readFd()), "round " + round + ": bytes written to the replaced fd");
            }
        } finally {
            assertTrue(Signals.signal(Signals.SIGWINCH, Signals.SIG_DFL) != null);
        }
    }

    private static int drainPipe(int fd) throws Exception {
        int n = 0;
        for (;;) {
            try {
                byte[] b = Os.read(fd, 4096);
                if (b.length == 0) {
                    return n;
                }
                n += b.length;
            } catch (dev.jselect.BlockingIOException empty) {
                return n;
            }
        }
    }

    @Test
    void handlersAreSetAndReadBackAsPythonsAre() throws Exception {
        assertEquals(null, Signals.getSignal(Signals.SIGALRM), "not set through signal(): Python's None");
        Signals.Handler h = sig -> { };
        try {
            assertEquals(null, Signals.signal(Signals.SIGALRM, h));
            assertEquals(h, Signals.getSignal(Signals.SIGALRM));
            assertEquals(h, Signals.signal(Signals.SIGALRM, Signals.SIG_IGN), "the previous handler");
            assertEquals(Signals.SIG_IGN, Signals.getSignal(Signals.SIGALRM));
        } finally {
            Signals.signal(Signals.SIGALRM, Signals.SIG_DFL);
        }
        assertEquals(Signals.SIG_DFL, Signals.getSignal(Signals.SIGALRM));
        assertThrows(IllegalArgumentException.class, () -> Signals.signal(Signals.SIGWINCH, null), "Python's TypeError");
        for (int outOfRange : new int[] {0, -1, 65}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Signals.signal(outOfRange, Signals.SIG_IGN));
            assertEquals("signal number out of range", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Signals.getSignal(outOfRange));
        }
        ErrnoException kill = assertThrows(ErrnoException.class, () -> Signals.signal(Signals.SIGKILL, Signals.SIG_IGN));
        assertEquals(Errno.EINVAL, kill.errno(), "Python's OSError EINVAL");
        assertEquals(null, Signals.getSignal(Signals.SIGKILL));
        assertThrows(KeyboardInterruptException.class, () -> Signals.DEFAULT_INT_HANDLER.handle(Signals.SIGINT));
    }

    /** Select.select, which nothing else can wake, wakes on a signal raised in this process (SIGWINCH: harmless if missed). */
    @Test
    void aRaisedSignalWakesSelect() throws Exception {
        try (Pipe pipe = Os.pipe()) {
            Os.setBlocking(pipe.writeFd(), false);
            assertEquals(-1, Signals.setWakeupFd(pipe.writeFd(), Signals.SIGWINCH));
            try {
                Signals.raiseSignal(Signals.SIGWINCH);
                SelectResult<Integer> ready = Select.select(List.of(pipe.readFd()), List.of(), List.of(), 30.0);
                assertEquals(List.of(pipe.readFd()), ready.readable());
                assertArrayEquals(new byte[] {(byte) Signals.SIGWINCH}, Os.read(pipe.readFd(), 10), "the signal number, one byte");
            } finally {
                assertEquals(pipe.writeFd(), Signals.setWakeupFd(-1), "the previous fd");
            }
            assertEquals(-1, Signals.setWakeupFd(-1));
        }
    }

    @Test
    void badArgumentsAreRefusedAsPythonRefusesThem() throws Exception {
        try (Pipe pipe = Os.pipe()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Signals.setWakeupFd(pipe.writeFd()));
            assertTrue(e.getMessage().contains("non-blocking"), e.getMessage());
            Os.setBlocking(pipe.writeFd(), false);
            assertThrows(IllegalArgumentException.class, () -> Signals.setWakeupFd(pipe.writeFd(), 9), "SIGKILL");
            ErrnoException badFd = assertThrows(ErrnoException.class, () -> Signals.setWakeupFd(-5), "Python's OSError EBADF");
            assertEquals(Errno.EBADF, badFd.errno());
        }
        assertEquals(-1, Signals.setWakeupFd(-1), "nothing was installed");
    }
}
