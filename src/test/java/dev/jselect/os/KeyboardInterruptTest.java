package dev.jselect.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.Epoll;
import dev.jselect.KeyboardInterruptException;
import dev.jselect.Poll;
import dev.jselect.Select;
import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.Selectors;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real SIGINT ({@code kill -INT}) sent to a child JVM blocked in each kind of jselect call ends
 * that call with KeyboardInterruptException at once, on a platform and on a virtual thread; a
 * handler that returns normally leaves the wait running until its timeout.
 */
class KeyboardInterruptTest {
    static final List<String> CALLS = List.of("select", "poll", "epoll", "selector", "recv", "accept", "read", "waitFor");
    static final List<String> WAITS = List.of("select", "poll", "epoll", "selector");
    static final long TIMEOUT_MS = 1000;

    /** The child: for each call, prints "ready CALL", blocks in it, and prints how it ended. */
    public static final class Child {
        static volatile long signalledAt;
        static volatile long endedAt; // where the call ended, when cleanup follows before the outcome is printed

        public static void main(String[] args) throws Exception {
            boolean virtual = args[0].equals("virtual");
            boolean raising = args[1].equals("raise");
            Signals.signal(Signals.SIGINT, sig -> {
                signalledAt = System.nanoTime();
                if (raising) {
                    Signals.DEFAULT_INT_HANDLER.handle(sig);
                }
            });
            if (raising) {
                warmUp();
            }
            List<String> calls = raising ? CALLS : WAITS;
            for (String call : calls) {
                Throwable[] failure = new Throwable[1];
                Runnable body = () -> {
                    try {
                        block(call, raising);
                    } catch (Throwable t) {
                        failure[0] = t;
                    }
                };
                signalledAt = 0;
                endedAt = 0;
                if (virtual) {
                    Thread t = Thread.ofVirtual().unstarted(() -> {
                        try {
                            Signals.signal(Signals.SIGINT, Signals.getSignal(Signals.SIGINT)); // this thread takes the exception
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        body.run();
                    });
                    t.start();
                    t.join();
                } else {
                    body.run();
                }
                System.out.println(call + " " + outcome(failure[0]));
            }
        }

        /** One interrupted select, the signal raised here, so that no class loading or compilation is timed. */
        private static void warmUp() throws Exception {
            Thread raiser = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(200);
                    Signals.raiseSignal(Signals.SIGINT);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try (SocketPair pair = NativeSocket.socketpair()) {
                Select.select(List.of(pair.first().fileno()), List.of(), List.of(), 10.0);
                throw new IllegalStateException("the warm-up select was not interrupted");
            } catch (KeyboardInterruptException expected) {
                String.valueOf(expected);
            }
            raiser.join();
        }

        private static String outcome(Throwable t) {
            long ms = TimeUnit.NANOSECONDS.toMillis((endedAt != 0 ? endedAt : System.nanoTime()) - signalledAt);
            if (t instanceof KeyboardInterruptException) {
                return signalledAt == 0 ? "interrupted before the signal" : "interrupted " + ms;
            }
            return t == null ? "returned" : "failed " + t;
        }

        private static void block(String call, boolean raising) throws Exception {
            double timeout = raising ? -1 : TIMEOUT_MS / 1000.0;
            try (SocketPair pair = NativeSocket.socketpair()) {
                int fd = pair.first().fileno();
                long t0 = System.nanoTime();
                switch (call) {
                    case "select" -> {
                        Select.select(List.of(fd), List.of(), List.of(), 0); // loaded and bound before the signal
                        ready(call);
                        if (raising) {
                            Select.select(List.of(fd), List.of(), List.of());
                        } else {
                            Select.select(List.of(fd), List.of(), List.of(), timeout);
                        }
                    }
                    case "poll" -> {
                        Poll p = Select.poll();
                        p.register(fd, Select.POLLIN);
                        p.poll(0);
                        ready(call);
                        p.poll(raising ? -1 : (int) TIMEOUT_MS);
                    }
                    case "epoll" -> {
                        try (Epoll ep = Select.epoll()) {
                            ep.register(fd, Select.EPOLLIN);
                            ep.poll(0);
                            ready(call);
                            ep.poll(timeout);
                        }
                    }
                    case "selector" -> {
                        try (BaseSelector sel = Selectors.open()) {
                            sel.register(pair.first(), Selectors.EVENT_READ);
                            sel.select(0);
                            ready(call);
                            if (raising) {
                                sel.select();
                            } else {
                                sel.select(timeout);
                            }
                        }
                    }
                    case "recv" -> {
                        try {
                            pair.first().recv(10, NativeSocket.MSG_DONTWAIT); // loaded and bound before the signal
                        } catch (dev.jselect.BlockingIOException nothingYet) {
                            // as expected
                        }
                        ready(call);
                        pair.first().recv(10);
                    }
                    case "accept" -> {
                        try (NativeSocket server = NativeSocket.createServer("127.0.0.1", 0)) {
                            ready(call);
                            server.accept();
                        }
                    }
                    case "read" -> {
                        try (Pipe pipe = Os.pipe()) {
                            ready(call);
                            Os.read(pipe.readFd(), 10);
                        }
                    }
                    case "waitFor" -> {
                        try (Subprocess sleeper = Subprocess.popen(List.of("sleep", "30"))) {
                            try {
                                ready(call);
                                try {
                                    sleeper.waitFor();
                                } catch (KeyboardInterruptException e) {
                                    endedAt = System.nanoTime(); // not the kill and reap that follow
                                    throw e;
                                }
                            } finally {
                                sleeper.kill();
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException(call);
                }
                if (!raising) {
                    System.out.println("elapsed " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " signalled " + (signalledAt != 0));
                }
            }
        }

        private static void ready(String call) {
            System.out.println("ready " + call);
        }
    }

    /** Runs the child, sending SIGINT 150 ms after each "ready"; its output lines other than "ready". */
    static List<String> run(String... args) throws Exception {
        String classPath = String.join(File.pathSeparator, List.of(
                System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", "")));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, Child.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ready ")) {
                    Thread.sleep(150); // into the call
                    assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor());
                } else {
                    lines.add(line);
                }
            }
        } finally {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertEquals(0, p.exitValue(), "child output: " + lines);
        return lines;
    }

    @ParameterizedTest
    @ValueSource(strings = {"platform", "virtual"})
    void sigintEndsEachBlockingCallWithKeyboardInterrupt(String thread) throws Exception {
        Assumptions.assumeTrue(Subprocess.hasExitFd(), "Subprocess.waitFor sleeps between polls without a pidfd");
        List<String> lines = run(thread, "raise");
        assertEquals(CALLS.size(), lines.size(), "one outcome per call: " + lines);
        for (int i = 0; i < CALLS.size(); i++) {
            String[] words = lines.get(i).split(" ");
            assertEquals(CALLS.get(i) + " interrupted", words[0] + " " + words[1], "on a " + thread + " thread: " + lines);
            assertTrue(Long.parseLong(words[2]) < 100, "on a " + thread + " thread, " + CALLS.get(i) + " ended " + words[2] + " ms after the handler ran: " + lines);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"platform", "virtual"})
    void aHandlerThatReturnsLeavesTheWaitRunningUntilItsTimeout(String thread) throws Exception {
        List<String> lines = run(thread, "return");
        assertEquals(WAITS.size() * 2, lines.size(), "two lines per wait: " + lines);
        for (int i = 0; i < WAITS.size(); i++) {
            String[] words = lines.get(2 * i).split(" ");
            assertEquals("elapsed", words[0], lines.toString());
            assertEquals("true", words[3], WAITS.get(i) + ": the handler ran: " + lines);
            long ms = Long.parseLong(words[1]);
            assertTrue(ms >= TIMEOUT_MS - 5 && ms < TIMEOUT_MS * 3, WAITS.get(i) + " waited " + ms + " ms: " + lines);
            assertEquals(WAITS.get(i) + " returned", lines.get(2 * i + 1));
        }
    }
}
