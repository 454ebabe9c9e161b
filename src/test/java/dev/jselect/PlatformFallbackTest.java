package dev.jselect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.internal.sys.Platform;
import dev.jselect.net.NativeSocket;
import dev.jselect.os.Os;
import dev.jselect.os.Subprocess;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.SelectSelector;
import dev.jselect.selectors.Selectors;
import dev.jselect.testing.TestFds;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** What the platform offers, as Select reports it, and what happens off Linux where epoll is missing. */
class PlatformFallbackTest {
    @Test
    void noEpollNamesTheAlternatives() {
        String message = Platform.noEpoll().getMessage();
        for (String alternative : new String[] {"Select.poll()", "Select.select()", "PollSelector", "SelectSelector"}) {
            assertTrue(message.contains(alternative), message);
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "epoll is Linux-only")
    void linuxHasEpollPollAndSelect() throws Exception {
        assertTrue(Select.hasEpoll());
        assertTrue(Select.hasPoll());
        assertTrue(Select.EPOLLIN != 0 && Select.POLLRDHUP != 0);
        try (Epoll ep = Select.epoll()) {
            assertTrue(ep.fileno() >= 0);
        }
    }

    @Test
    @EnabledOnOs(value = OS.MAC, disabledReason = "checks the macOS fallbacks")
    void macosOffersPollAndSelectButNoEpoll() throws Exception {
        assertFalse(Select.hasEpoll());
        assertTrue(Select.hasPoll());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, Select::epoll);
        assertTrue(e.getMessage().contains("Select.poll()"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> Epoll.open(-1, 0));
        assertThrows(UnsupportedOperationException.class, () -> Epoll.fromFd(0));
        assertEquals(0, Select.EPOLLIN, "a constant macOS lacks is 0");
        assertEquals(0, Select.POLLRDHUP);
        assertEquals(Select.POLLOUT, Select.POLLWRNORM, "<sys/poll.h>: POLLWRNORM is POLLOUT");
        if (System.getProperty(Selectors.SELECTOR_PROPERTY) == null) {
            try (BaseSelector s = Selectors.open()) {
                assertEquals(SelectSelector.class, s.getClass());
            }
        }
        try (TestFds fds = new TestFds()) {
            int[] p = fds.pipe();
            Poll poll = Select.poll();
            poll.register(p[0], Select.POLLIN);
            assertTrue(poll.poll(0).isEmpty());
            TestFds.write(p[1], "x");
            assertEquals(1, poll.poll(1000).size(), "poll works for pipes on macOS");
        }
    }

    /**
     * Platform's promise for the socket and os classes: where jselect has no binding set, they
     * still load with their constants (0), and a call that needs the kernel throws
     * UnsupportedOperationException. Platform reads os.name once, so this runs in a child JVM
     * told it runs FreeBSD.
     */
    @Test
    void netAndOsClassesLoadOnAnUnsupportedPlatformAndTheirCallsSaySo() throws Exception {
        String classPath = String.join(File.pathSeparator, List.of(
                System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", "")));
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                "-Dos.name=FreeBSD", "-cp", classPath, OnUnsupportedPlatform.class.getName())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertEquals("unsupported: 8 calls refused", out.strip());
    }

    /** The child JVM of the test above: loads the classes, then tries one call of each kind. */
    static final class OnUnsupportedPlatform {
        public static void main(String[] args) throws Exception {
            if (Platform.isSupported()) {
                throw new AssertionError("expected an unsupported platform, got " + Platform.describe());
            }
            int[] constants = {NativeSocket.AF_INET, NativeSocket.SO_LINGER, NativeSocket.MSG_DONTWAIT, NativeSocket.AI_PASSIVE,
                Subprocess.hasExitFd() ? 1 : 0};
            for (int c : constants) {
                if (c != 0) {
                    throw new AssertionError("a constant the platform lacks must be 0, not " + c);
                }
            }
            int refused = 0;
            for (Call call : new Call[] {NativeSocket::open, NativeSocket::socketpair, () -> NativeSocket.getAddrInfo("localhost", 80, 0, 0),
                () -> NativeSocket.createServer("127.0.0.1", 0), Os::pipe, () -> Os.dup(0), () -> Os.read(0, 1),
                () -> Subprocess.popen(List.of("true"))}) {
                try {
                    call.run();
                    throw new AssertionError("a call went through on an unsupported platform");
                } catch (UnsupportedOperationException expected) {
                    refused++;
                }
            }
            System.out.println("unsupported: " + refused + " calls refused");
        }

        @FunctionalInterface
        interface Call {
            Object run() throws Exception;
        }
    }
}
