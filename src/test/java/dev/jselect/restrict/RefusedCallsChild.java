package dev.jselect.restrict;

import dev.jselect.Epoll;
import dev.jselect.Poll;
import dev.jselect.Select;
import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.os.Subprocess;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.EpollSelector;
import dev.jselect.selectors.PollSelector;
import dev.jselect.selectors.SelectSelector;
import dev.jselect.selectors.Selectors;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link RefusedCallsTest}, started with some system calls refused: runs one
 * case, named by its first argument, and prints "ok" and what it saw, or fails with the stack
 * trace (exit status 1).
 */
public final class RefusedCallsChild {
    private RefusedCallsChild() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "pidfd" -> pidfd();
            case "eventfd" -> eventfd();
            case "epoll" -> epoll(args.length > 1 && args[1].equals("vthread"));
            case "spawn" -> spawn();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("ok");
    }

    /** pidfd_open refused: popen and waitFor work, hasExitFd is false, exitFd says why. */
    private static void pidfd() throws Exception {
        check(!Subprocess.hasExitFd(), "hasExitFd() is true although pidfd_open is refused");
        try (Subprocess p = Subprocess.popen(List.of("/bin/sh", "-c", "exit 3"))) {
            check(p.waitFor(Duration.ofSeconds(30)) == 3, "returncode");
            try {
                p.exitFd();
                throw new AssertionError("exitFd() without a pidfd");
            } catch (UnsupportedOperationException e) {
                System.out.println("exitFd: " + e.getMessage());
            }
        }
        try (Subprocess p = Subprocess.popen(List.of("/bin/sleep", "0.2"))) { // waitFor's polling path, timed
            check(p.waitFor(Duration.ofSeconds(30)) == 0, "returncode of sleep");
        }
    }

    /** eventfd refused: Epoll, Poll and every selector are made, and wake up across threads. */
    private static void eventfd() throws Exception {
        try (Epoll ep = Select.epoll()) {
            awaitWoken(() -> ep.poll(30.0), ep::wakeup);
        }
        Poll poll = Select.poll();
        awaitWoken(() -> poll.poll(30_000), poll::wakeup);
        for (BaseSelector s : new BaseSelector[] {new EpollSelector(), new PollSelector(), new SelectSelector(), Selectors.open()}) {
            try (s; Pipe p = Os.pipe()) {
                s.register(p.readFd(), Selectors.EVENT_READ);
                awaitWoken(() -> s.select(30.0), s::wakeup);
                Os.write(p.writeFd(), new byte[] {1});
                check(s.select(5.0).size() == 1, s.getClass().getSimpleName() + " sees a readable pipe");
            }
        }
    }

    /** epoll refused: Selectors.open() is a working PollSelector; a virtual thread's recv works. */
    private static void epoll(boolean vthread) throws Exception {
        try (BaseSelector s = Selectors.open(); Pipe p = Os.pipe()) {
            check(s instanceof PollSelector, "Selectors.open() gave " + s.getClass().getSimpleName());
            s.register(p.readFd(), Selectors.EVENT_READ);
            Os.write(p.writeFd(), new byte[] {1});
            check(s.select(5.0).size() == 1, "PollSelector sees a readable pipe");
            awaitWoken(() -> s.select(30.0), s::wakeup);
        }
        System.out.println("selector: PollSelector");
        if (vthread) {
            virtualThreadRecv();
        }
    }

    /** A blocking recv on a virtual thread parks until the peer sends, with no epoll to park on. */
    static void virtualThreadRecv() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair(); var vt = Executors.newVirtualThreadPerTaskExecutor()) {
            var got = vt.submit(() -> pair.first().recv(16));
            Thread.sleep(100);
            pair.second().sendAll("hi".getBytes());
            byte[] data = got.get(30, TimeUnit.SECONDS);
            check(new String(data).equals("hi"), "recv on a virtual thread got " + new String(data));
        }
        System.out.println("vthread recv: ok");
    }

    /** close_range refused and no /proc: popen works, and the child gets no stray fd. */
    private static void spawn() throws Exception {
        check(!java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/fd")), "/proc/self/fd is there");
        try (Pipe stray = Os.pipe()) {
            Os.setInheritable(stray.writeFd(), true);
            int fd = stray.writeFd(); // the child exits 9 if it still has it, 3 if it was closed
            String script = "if (: >&" + fd + ") 2>/dev/null; then exit 9; fi; exit 3";
            try (Subprocess p = Subprocess.popen(List.of("/bin/sh", "-c", script))) {
                int rc = p.waitFor(Duration.ofSeconds(30));
                check(rc == 3, "the child " + (rc == 9 ? "inherited fd " + fd : "exited " + rc));
            }
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                try (Subprocess p = Subprocess.popen(List.of("/bin/true"))) {
                    p.waitFor(Duration.ofSeconds(30));
                }
            }
            System.out.println("popen + waitFor: " + (System.nanoTime() - start) / 5_000_000 + " ms each");
        }
    }

    /** Starts {@code wait} on another thread, then {@code wake}: the wait must return well before its own timeout. */
    private static void awaitWoken(Callable<?> wait, ThrowingRunnable wake) throws Exception {
        long start = System.nanoTime();
        CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return wait.call();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(50);
        wake.run();
        waiting.get(10, TimeUnit.SECONDS);
        check(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "woken");
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
