package dev.jselect.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
     * readiness branch on the wakeup socket. With argument "plain" it installs nothing, to show
     * the JVM's own reaction to the same signal.
     */
    public static final class Loop {
        public static void main(String[] args) throws Exception {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook")));
            try (SocketPair wake = NativeSocket.socketpair(); BaseSelector sel = Selectors.open()) {
                if (!(args.length > 0 && args[0].equals("plain"))) {
                    wake.second().setBlocking(false);
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
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
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
            assertThrows(IllegalArgumentException.class, () -> Signals.setWakeupFd(-2));
        }
        assertEquals(-1, Signals.setWakeupFd(-1), "nothing was installed");
    }
}
