package dev.jselect.bench.startup;

import dev.jselect.Epoll;
import dev.jselect.EpollEvent;
import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.os.Subprocess;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Start-up benchmark (c): jselect's first calls in a fresh JVM, each timed on its own with
 * {@code System.nanoTime()} and printed as {@code first <what> <ns>}, in this order (each later
 * call finds what the earlier ones loaded): {@code Os.pipe}; {@code Select.select} on the pipe
 * (readable, zero timeout); {@code Select.epoll} + {@code register} + {@code poll(0)}; a
 * {@code NativeSocket.socketpair} with one send and one recv; {@code Subprocess.popen("true")}
 * and {@code waitFor}. {@code src/bench/startup.py} is the same script in Python. Every result is
 * checked, so a call that did nothing cannot pass for a fast one.
 */
public final class FirstCalls {
    private static final byte[] PING = {'p', 'i', 'n', 'g'};

    private FirstCalls() {}

    public static void main(String[] args) throws IOException {
        long t0 = System.nanoTime();
        Pipe pipe = Os.pipe();
        long t1 = System.nanoTime();
        Os.write(pipe.writeFd(), PING);

        long t2 = System.nanoTime();
        SelectResult<Integer> selected = Select.select(List.of(pipe.readFd()), List.of(), List.of(), 0.0);
        long t3 = System.nanoTime();
        check(selected.readable().equals(List.of(pipe.readFd())), "select did not report the pipe readable");

        long t4 = System.nanoTime();
        List<EpollEvent> events;
        try (Epoll epoll = Select.epoll()) {
            epoll.register(pipe.readFd(), Select.EPOLLIN);
            events = epoll.poll(0);
        }
        long t5 = System.nanoTime();
        check(events.size() == 1 && events.get(0).fd() == pipe.readFd(), "epoll did not report the pipe readable");
        pipe.close();

        long t6 = System.nanoTime();
        byte[] got;
        try (SocketPair pair = NativeSocket.socketpair()) {
            pair.first().send(PING);
            got = pair.second().recv(1024);
        }
        long t7 = System.nanoTime();
        check(Arrays.equals(got, PING), "socketpair recv returned " + Arrays.toString(got));

        long t8 = System.nanoTime();
        int returncode;
        try (Subprocess child = Subprocess.popen(List.of("true"))) {
            returncode = child.waitFor(Duration.ofSeconds(10));
        }
        long t9 = System.nanoTime();
        check(returncode == 0, "true exited with " + returncode);

        System.out.println("first Os.pipe " + (t1 - t0));
        System.out.println("first Select.select " + (t3 - t2));
        System.out.println("first Epoll.poll " + (t5 - t4));
        System.out.println("first socketpair+send+recv " + (t7 - t6));
        System.out.println("first popen+waitFor " + (t9 - t8));
    }

    private static void check(boolean ok, String failure) {
        if (!ok) {
            throw new AssertionError(failure);
        }
    }
}
